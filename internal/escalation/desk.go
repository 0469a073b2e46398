package escalation

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/redact"
)

// Callback data of the desk's buttons.
const (
	dataSkip   = "esc:skip"
	dataSubmit = "esc:submit"
	dataCancel = "esc:cancel"
	dataPay    = "esc:pay:"
	dataRate   = "rate:"
)

// Reply is a message for the merchant, sent at once.
type Reply struct {
	Text    string
	Buttons [][]Button
}

// Desk runs the handoff: collecting fields, the ticket, relaying between
// merchant and agents, closing and rating.
type Desk struct {
	store Store
	now   func() time.Time
	obs   Observer
}

// Observe tells o about tickets opened, closed and first answered.
func (d *Desk) Observe(o Observer) { d.obs = o }

// NewDesk returns a Desk keeping its state in s; now is the clock.
func NewDesk(s Store, now func() time.Time) *Desk {
	if now == nil {
		now = time.Now
	}
	return &Desk{store: s, now: now}
}

// Busy reports whether the merchant's messages belong to the desk rather
// than the answering core: fields are being collected or a ticket is open.
func (d *Desk) Busy(ctx context.Context, chatID int64) (bool, error) {
	c, err := d.store.Conversation(ctx, chatID)
	if err != nil {
		return false, err
	}
	return c.Mode != ModeIdle, nil
}

// Noted records a question the core answered, so that a later ticket
// carries the topic, the articles shown and the transcript without asking.
func (d *Desk) Noted(ctx context.Context, m Merchant, question, answer, topic, article string) error {
	c, err := d.store.Conversation(ctx, m.ChatID)
	if err != nil {
		return err
	}
	now := d.now()
	c.Merchant = m
	c.AddTurn(Turn{Role: RoleMerchant, Text: redact.Cards(question), At: now})
	c.AddTurn(Turn{Role: RoleBot, Text: firstLine(answer), At: now, Article: article})
	if topic != "" {
		c.Topic = topic
	}
	if article != "" && !contains(c.Articles, article) {
		c.Articles = append(c.Articles, article)
	}
	return d.store.SaveConversation(ctx, c)
}

// Begin starts a handoff: what trigger already says is kept, and the first
// missing field is asked for. article is the answer the merchant found not
// helpful, if that is how they got here.
func (d *Desk) Begin(ctx context.Context, m Merchant, trigger, article string) ([]Reply, error) {
	c, err := d.store.Conversation(ctx, m.ChatID)
	if err != nil {
		return nil, err
	}
	if c.Mode == ModeOpen {
		return []Reply{{Text: fmt.Sprintf(msg(m.Lang, msgAlreadyOpen), c.TicketID)}}, nil
	}
	if c.Mode == ModeCollecting || c.Mode == ModeConfirming {
		return d.next(ctx, c)
	}
	now := d.now()
	c.Merchant = m
	c.Mode = ModeCollecting
	c.Started = now
	c.Fields = Fields{}
	c.Skipped = nil
	c.Asking = ""
	c.Description = ""
	if article != "" && !contains(c.Articles, article) {
		c.Articles = append(c.Articles, article)
	}
	var replies []Reply
	if redact.HasCard(trigger) {
		replies = append(replies, Reply{Text: msg(m.Lang, msgCardWarning)})
	}
	clean := redact.Cards(trigger)
	c.Fields = c.Fields.Merge(Extract(clean, now))
	// The question the merchant asked before wanting a person describes the
	// problem; so does a trigger that says more than "a person, please".
	if desc := lastMerchantQuestion(c.Turns); desc != "" {
		c.Description = desc
	}
	if utf8.RuneCountInString(clean) > 12 {
		c.Description = joinDesc(c.Description, clean)
	}
	c.AddTurn(Turn{Role: RoleMerchant, Text: clean, At: now})
	replies = append(replies, Reply{Text: msg(m.Lang, msgBegin)})
	more, err := d.next(ctx, c)
	return append(replies, more...), err
}

// Handle takes a merchant's message while the desk is busy with them. It
// reports false when the conversation is idle, for the core to answer.
func (d *Desk) Handle(ctx context.Context, m Merchant, text string) ([]Reply, bool, error) {
	c, err := d.store.Conversation(ctx, m.ChatID)
	if err != nil {
		return nil, false, err
	}
	if c.Mode == ModeIdle {
		return nil, false, nil
	}
	c.Merchant = m
	now := d.now()
	var replies []Reply
	if redact.HasCard(text) {
		replies = append(replies, Reply{Text: msg(m.Lang, msgCardWarning)})
	}
	clean := redact.Cards(strings.TrimSpace(text))
	switch c.Mode {
	case ModeOpen:
		// The ticket is with the agents: everything goes to them.
		t := Turn{Role: RoleMerchant, Text: clean, At: now}
		err := d.store.AddTurn(ctx, c.TicketID, t, []Delivery{{
			Kind: KindToSupport, Text: fmt.Sprintf(msg(LangZH, msgFromMerchant), c.TicketID, clean),
		}})
		return replies, true, err
	case ModeConfirming:
		switch {
		case isWord(clean, submitWords):
			r, err := d.submit(ctx, c)
			return append(replies, r...), true, err
		case isWord(clean, cancelWords):
			r, err := d.cancel(ctx, c)
			return append(replies, r...), true, err
		}
		// Anything else corrects a field or, naming none, adds to the
		// description; then the summary is shown again.
		before := c.Fields
		d.absorb(c, clean, now)
		if c.Fields == before {
			c.Description = joinDesc(c.Description, clean)
		}
		r, err := d.next(ctx, c)
		return append(replies, r...), true, err
	}
	if isWord(clean, cancelWords) {
		r, err := d.cancel(ctx, c)
		return append(replies, r...), true, err
	}
	if c.Asking != "" && (isWord(clean, skipWords) || isWord(clean, unknownWords)) {
		if c.Asking == FieldPayMethod && c.Fields.PayMethod == "" {
			c.Fields.PayMethod = "qr"
		}
		c.Skipped = append(c.Skipped, c.Asking)
	} else {
		d.absorb(c, clean, now)
	}
	r, err := d.next(ctx, c)
	return append(replies, r...), true, err
}

// Press handles the desk's buttons; false if data is not the desk's.
func (d *Desk) Press(ctx context.Context, m Merchant, data string) ([]Reply, bool, error) {
	switch {
	case strings.HasPrefix(data, dataRate):
		return d.rate(ctx, m, strings.TrimPrefix(data, dataRate))
	case data != dataSkip && data != dataSubmit && data != dataCancel && !strings.HasPrefix(data, dataPay):
		return nil, false, nil
	}
	c, err := d.store.Conversation(ctx, m.ChatID)
	if err != nil {
		return nil, true, err
	}
	if c.Mode != ModeCollecting && c.Mode != ModeConfirming {
		return []Reply{{Text: msg(m.Lang, msgStale)}}, true, nil
	}
	c.Merchant = m
	switch {
	case data == dataSubmit && c.Mode == ModeConfirming:
		r, err := d.submit(ctx, c)
		return r, true, err
	case data == dataCancel:
		r, err := d.cancel(ctx, c)
		return r, true, err
	case data == dataSkip && c.Asking != "":
		c.Skipped = append(c.Skipped, c.Asking)
	case strings.HasPrefix(data, dataPay):
		c.Fields.PayMethod = strings.TrimPrefix(data, dataPay)
	}
	r, err := d.next(ctx, c)
	return r, true, err
}

// absorb takes what a message says: any field it mentions, and the answer
// to the question asked when nothing else matched.
func (d *Desk) absorb(c *Conversation, text string, now time.Time) {
	c.AddTurn(Turn{Role: RoleMerchant, Text: text, At: now})
	before := c.Fields
	c.Fields = c.Fields.Merge(Extract(text, now))
	if c.Asking == "" {
		return
	}
	if get(&c.Fields, c.Asking) != "" && get(&before, c.Asking) == "" {
		return
	}
	if v, ok := direct(c.Asking, text); ok {
		if c.Asking == fieldDescription {
			c.Description = joinDesc(c.Description, v)
		} else {
			set(&c.Fields, c.Asking, v)
		}
	}
}

// next asks for the first missing field, or shows the summary.
func (d *Desk) next(ctx context.Context, c *Conversation) ([]Reply, error) {
	lang := c.Merchant.Lang
	for _, f := range d.plan(c) {
		if d.have(c, f.name) || contains(c.Skipped, f.name) {
			continue
		}
		retry := c.Asking == f.name
		c.Asking = f.name
		c.Mode = ModeCollecting
		if err := d.store.SaveConversation(ctx, c); err != nil {
			return nil, err
		}
		q := question(lang, f.name)
		if retry {
			q = fmt.Sprintf(msg(lang, msgRetry), q)
		}
		r := Reply{Text: q}
		if f.name == FieldPayMethod {
			r.Buttons = payButtons(lang)
		}
		if f.optional {
			r.Buttons = append(r.Buttons, []Button{{Text: msg(lang, msgSkip), Data: dataSkip}})
		}
		return []Reply{r}, nil
	}
	c.Asking = ""
	c.Mode = ModeConfirming
	if err := d.store.SaveConversation(ctx, c); err != nil {
		return nil, err
	}
	return []Reply{{
		Text: msg(lang, msgSummary) + "\n\n" + summary(lang, c.Fields, c.Description) + "\n\n" + msg(lang, msgConfirm),
		Buttons: [][]Button{{
			{Text: msg(lang, msgSubmitButton), Data: dataSubmit},
			{Text: msg(lang, msgCancelButton), Data: dataCancel},
		}},
	}}, nil
}

func (d *Desk) have(c *Conversation, name string) bool {
	switch name {
	case fieldDescription:
		return c.Description != ""
	case FieldPayMethod:
		// "扫码" says QR but not whose: the agent needs the wallet.
		return c.Fields.PayMethod != "" && c.Fields.PayMethod != "qr"
	}
	return get(&c.Fields, name) != ""
}

type planned struct {
	name     string
	optional bool
}

// plan is what to ask, in order. A payment problem needs the transaction;
// a terminal or account problem needs the merchant and a description.
func (d *Desk) plan(c *Conversation) []planned {
	tx := c.Topic == "missing-credit" || c.Topic == "declined" || c.Topic == "blocked" ||
		c.Fields.Amount != "" || c.Fields.Date != "" || c.Fields.Time != ""
	if !tx {
		return []planned{{FieldMerchantNo, false}, {FieldTerminalNo, true}, {fieldDescription, false}}
	}
	return []planned{
		{FieldMerchantNo, false}, {FieldTerminalNo, true}, {FieldDate, false}, {FieldTime, false},
		{FieldAmount, false}, {FieldPayMethod, false}, {FieldCode, true}, {FieldReference, true},
		{fieldDescription, false},
	}
}

func (d *Desk) submit(ctx context.Context, c *Conversation) ([]Reply, error) {
	lang := c.Merchant.Lang
	desc := c.Description
	if desc == "" {
		desc = "—"
	}
	t := &Ticket{
		RequestKey:  fmt.Sprintf("chat:%d:%d", c.ChatID, c.Started.UnixNano()),
		Status:      StatusOpen,
		Merchant:    c.Merchant,
		Fields:      c.Fields,
		Description: desc,
		Topic:       c.Topic,
		Articles:    c.Articles,
		Transcript:  c.Turns,
		CreatedAt:   d.now(),
	}
	// The card is rendered when sent, from the stored ticket, so that it
	// carries the ticket number; the delivery only marks that it is due.
	saved, created, err := d.store.CreateTicket(ctx, t, []Delivery{{Kind: KindCard}})
	if err != nil {
		return nil, err
	}
	if created && d.obs != nil {
		d.obs.TicketOpened()
	}
	c.Mode, c.TicketID, c.Asking = ModeOpen, saved.ID, ""
	if err := d.store.SaveConversation(ctx, c); err != nil {
		return nil, err
	}
	return []Reply{{Text: fmt.Sprintf(msg(lang, msgSubmitted), saved.ID)}}, nil
}

func (d *Desk) cancel(ctx context.Context, c *Conversation) ([]Reply, error) {
	lang := c.Merchant.Lang
	c.Mode, c.Asking, c.Fields, c.Skipped, c.Description = ModeIdle, "", Fields{}, nil, ""
	if err := d.store.SaveConversation(ctx, c); err != nil {
		return nil, err
	}
	return []Reply{{Text: msg(lang, msgCancelled)}}, nil
}

// FromAgent relays an agent's message on ticket t to the merchant.
func (d *Desk) FromAgent(ctx context.Context, t *Ticket, agent, text string) error {
	if t.Status != StatusOpen {
		return nil
	}
	clean := redact.Cards(text)
	if d.obs != nil {
		if turns, err := d.store.Turns(ctx, t.ID); err == nil && !hasAgent(turns) {
			d.obs.FirstReply(d.now().Sub(t.CreatedAt))
		}
	}
	return d.store.AddTurn(ctx, t.ID, Turn{Role: RoleAgent, Text: clean, At: d.now()}, []Delivery{{
		Kind: KindToMerchant, ChatID: t.Merchant.ChatID, Text: fmt.Sprintf(msg(t.Merchant.Lang, msgFromAgent), t.ID, clean),
	}})
}

// Close closes ticket t for agent: the merchant is told and asked for a
// rating, and their next message starts afresh. False if already closed.
func (d *Desk) Close(ctx context.Context, t *Ticket, agent string) (bool, error) {
	lang := t.Merchant.Lang
	var row []Button
	for i := 1; i <= 5; i++ {
		row = append(row, Button{Text: strings.Repeat("⭐", 1) + strconv.Itoa(i), Data: fmt.Sprintf("%s%d:%d", dataRate, t.ID, i)})
	}
	ok, err := d.store.CloseTicket(ctx, t.ID, d.now(), []Delivery{
		{Kind: KindToMerchant, ChatID: t.Merchant.ChatID, Text: fmt.Sprintf(msg(lang, msgClosed), t.ID), Buttons: [][]Button{row}},
		{Kind: KindToSupport, Text: fmt.Sprintf(msg(LangZH, msgClosedBy), t.ID, agent)},
	})
	if err != nil || !ok {
		return ok, err
	}
	if d.obs != nil {
		d.obs.TicketClosed()
	}
	c, err := d.store.Conversation(ctx, t.Merchant.ChatID)
	if err != nil {
		return true, err
	}
	if c.TicketID == t.ID {
		c.Mode, c.TicketID, c.Asking, c.Fields, c.Skipped, c.Description = ModeIdle, 0, "", Fields{}, nil, ""
		c.Turns, c.Articles, c.Topic = nil, nil, ""
		if err := d.store.SaveConversation(ctx, c); err != nil {
			return true, err
		}
	}
	return true, nil
}

func (d *Desk) rate(ctx context.Context, m Merchant, arg string) ([]Reply, bool, error) {
	idStr, nStr, _ := strings.Cut(arg, ":")
	id, err1 := strconv.ParseInt(idStr, 10, 64)
	n, err2 := strconv.Atoi(nStr)
	if err1 != nil || err2 != nil || n < 1 || n > 5 {
		return []Reply{{Text: msg(m.Lang, msgStale)}}, true, nil
	}
	t, err := d.store.Ticket(ctx, id)
	if err != nil || t.Merchant.ChatID != m.ChatID {
		return []Reply{{Text: msg(m.Lang, msgStale)}}, true, nil
	}
	if err := d.store.RateTicket(ctx, id, n); err != nil {
		return nil, true, err
	}
	return []Reply{{Text: msg(m.Lang, msgThanksRating)}}, true, nil
}

var (
	submitWords  = []string{"提交", "确认", "确定", "submit", "confirm", "yes", "ok"}
	cancelWords  = []string{"取消", "算了", "不用了", "cancel"}
	skipWords    = []string{"跳过", "略过", "skip", "none", "无", "没有"}
	unknownWords = []string{"不知道", "不清楚", "忘了", "不记得", "找不到", "don't know", "dont know", "unknown"}
	punct        = regexp.MustCompile(`[\s。.!！?？~～]+`)
)

func isWord(text string, words []string) bool {
	t := strings.ToLower(punct.ReplaceAllString(text, ""))
	for _, w := range words {
		if t == strings.ReplaceAll(w, " ", "") {
			return true
		}
	}
	return false
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:80]) + "…"
	}
	return s
}

func joinDesc(a, b string) string {
	switch {
	case a == "" || strings.Contains(a, b):
		return b
	case strings.Contains(b, a):
		return b
	}
	return a + "；" + b
}

func lastMerchantQuestion(turns []Turn) string {
	for i := len(turns) - 1; i >= 0; i-- {
		if turns[i].Role == RoleMerchant {
			return turns[i].Text
		}
	}
	return ""
}

// Recent returns the last turns of a merchant's conversation, card numbers
// already masked, for the answering core's optional rephrasing step.
func (d *Desk) Recent(ctx context.Context, chatID int64) ([]Turn, error) {
	c, err := d.store.Conversation(ctx, chatID)
	if err != nil {
		return nil, err
	}
	if n := len(c.Turns); n > 6 {
		return c.Turns[n-6:], nil
	}
	return c.Turns, nil
}

func hasAgent(turns []Turn) bool {
	for _, t := range turns {
		if t.Role == RoleAgent {
			return true
		}
	}
	return false
}
