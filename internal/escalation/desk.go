package escalation

import (
	"github.com/posbot/posbot/internal/hours"

	"context"
	"fmt"
	"math"
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
	dataDone   = "esc:done:"
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
	zone  *time.Location // where 今天 and 昨天 are read: the merchants'

	lib          Library // articles for agents' /kb
	agentNames   bool
	reopenWindow time.Duration
	hours        *hours.Schedule // when people answer; nil for always
	memory       time.Duration   // how long a merchant's numbers are kept; 0: not at all
	incidents    incidentCache
	notify       func([]Notice)
	reminder     time.Duration // an unanswered ticket is recalled after this much business time
	autoClose    time.Duration // a ticket quiet this long is closed
}

// Observe tells o about tickets opened, closed and first answered.
func (d *Desk) Observe(o Observer) { d.obs = o }

// NewDesk returns a Desk keeping its state in s; now is the clock.
func NewDesk(s Store, now func() time.Time) *Desk {
	if now == nil {
		now = time.Now
	}
	return &Desk{store: s, now: now, zone: cst, reopenWindow: DefaultReopenWindow,
		memory: DefaultMemory, reminder: DefaultReminder, autoClose: DefaultAutoClose}
}

// InZone reads dates ("今天", "昨天", "周五") in loc, the merchants' time
// zone, rather than the server's; the default is China Standard Time.
func (d *Desk) InZone(loc *time.Location) {
	if loc != nil {
		d.zone = loc
	}
}

// extract reads the fields of text written at at, in the merchants' zone.
func (d *Desk) extract(text string, at time.Time) Fields { return Extract(text, at.In(d.zone)) }

// Busy reports whether the merchant's messages belong to the desk rather
// than the answering core: fields are being collected or a ticket is open.
func (d *Desk) Busy(ctx context.Context, key string) (bool, error) {
	c, err := d.store.Conversation(ctx, key)
	if err != nil {
		return false, err
	}
	return c.Mode != ModeIdle, nil
}

// Noted records a question the core answered, so that a later ticket
// carries the topic, the articles shown and the transcript without asking.
func (d *Desk) Noted(ctx context.Context, m Merchant, question, answer, topic, article string) error {
	c, err := d.store.Conversation(ctx, m.Key())
	if err != nil {
		return err
	}
	now := d.now()
	c.Merchant = m
	c.AddTurn(Turn{Role: RoleMerchant, Text: redact.Stored(question), At: now})
	c.AddTurn(Turn{Role: RoleBot, Text: firstLine(answer), At: now, Article: article})
	if topic != "" {
		c.Topic = topic
	}
	return d.store.SaveConversation(ctx, c)
}

// Begin starts a handoff: what trigger already says is kept, and the first
// missing field is asked for. article is the answer the merchant found not
// helpful, if that is how they got here.
func (d *Desk) Begin(ctx context.Context, m Merchant, trigger, article string) ([]Reply, error) {
	c, err := d.store.Conversation(ctx, m.Key())
	if err != nil {
		return nil, err
	}
	if c.Mode == ModeOpen {
		return []Reply{{Text: fmt.Sprintf(msg(m.Lang, msgAlreadyOpen), c.TicketID)}}, nil
	}
	if c.Mode == ModeCollecting || c.Mode == ModeConfirming {
		return d.next(ctx, c, "")
	}
	now := d.now()
	clean := redact.Stored(strings.TrimSpace(trigger))
	episode := recent(c.Turns, now)
	// The dialogue runs in the merchant's language: the request's, or that
	// of what they wrote before it.
	lang := m.Lang
	for _, t := range episode {
		if t.Role == RoleMerchant {
			lang = langOf(t.Text, lang)
		}
	}
	if clean != "" {
		lang = langOf(clean, lang)
	}
	c.Merchant = m
	c.Merchant.Lang = lang
	c.Mode = ModeCollecting
	c.Started = now
	c.Fields = Fields{}
	c.Skipped = nil
	c.Asking = ""
	c.Description = ""
	c.Misses = 0
	c.Opening = nil
	if len(c.Turns) > len(episode) {
		// Turns before the episode are another matter.
		c.Turns = append([]Turn(nil), episode...)
	}
	// What the merchant wrote just before asking for a person is read
	// first: its particulars fill the fields (later ones correcting earlier
	// ones), and every sentence about the problem goes in the description.
	for _, t := range episode {
		if t.Role != RoleMerchant {
			continue
		}
		if c.Opening == nil {
			first := t
			c.Opening = &first
		}
		c.Fields = override(c.Fields, d.extract(t.Text, t.At))
		if describes(t.Text) {
			c.Description = joinDesc(c.Description, t.Text)
		}
	}
	// Articles shown are the ones of this episode, not of every visit.
	c.Articles = articlesOf(episode)
	if article != "" && !contains(c.Articles, article) {
		c.Articles = append(c.Articles, article)
	}
	if len(episode) == 0 {
		c.Topic = ""
	}
	var replies []Reply
	if redact.HasPayment(trigger) {
		replies = append(replies, Reply{Text: msg(lang, msgCardWarning)})
	}
	if clean != "" {
		c.Fields = override(c.Fields, d.extract(clean, now))
		if describes(clean) {
			c.Description = joinDesc(c.Description, clean)
		}
		t := Turn{Role: RoleMerchant, Text: clean, At: now}
		if c.Opening == nil {
			c.Opening = &t
		}
		c.AddTurn(t)
	}
	replies = append(replies, Reply{Text: msg(lang, msgBegin)})
	if err := d.recall(ctx, c); err != nil {
		return nil, err
	}
	more, err := d.next(ctx, c, "")
	return append(replies, more...), err
}

// Handle takes a merchant's message while the desk is busy with them. It
// reports false when the conversation is idle, for the core to answer.
func (d *Desk) Handle(ctx context.Context, m Merchant, text string) ([]Reply, bool, error) {
	c, err := d.store.Conversation(ctx, m.Key())
	if err != nil {
		return nil, false, err
	}
	if c.Mode == ModeIdle {
		return nil, false, nil
	}
	lang := c.Merchant.Lang
	c.Merchant = m
	clean := redact.Stored(strings.TrimSpace(text))
	c.Merchant.Lang = langOf(clean, lang)
	lang = c.Merchant.Lang
	now := d.now()
	var replies []Reply
	if redact.HasPayment(text) {
		replies = append(replies, Reply{Text: msg(lang, msgCardWarning)})
	}
	if clean == "" {
		// Nothing to keep: an empty message is never stored.
		if c.Mode == ModeOpen {
			return replies, true, nil
		}
		r, err := d.next(ctx, c, "")
		return append(replies, r...), true, err
	}
	switch c.Mode {
	case ModeOpen:
		if isWord(clean, doneWords) {
			r, err := d.resolve(ctx, c)
			return append(replies, r...), true, err
		}
		// The ticket is with the agents: everything goes to them.
		t := Turn{Role: RoleMerchant, Text: clean, At: now}
		err := d.store.AddTurn(ctx, c.TicketID, t, []Delivery{{
			Kind: KindToSupport, Text: Quoted(fmt.Sprintf(msg(LangZH, msgFromMerchant), c.TicketID, clean)),
		}})
		if err == nil {
			err = d.store.SaveConversation(ctx, c)
		}
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
		// A new value for a field replaces it; a sentence about the
		// problem joins the description; then the summary is shown again.
		c.AddTurn(Turn{Role: RoleMerchant, Text: clean, At: now})
		placed := d.correct(c, clean, now)
		if describes(clean) {
			c.Description = joinDesc(c.Description, clean)
			placed = true
		}
		note := ""
		if !placed {
			note = msg(lang, msgNotPlaced)
		}
		r, err := d.next(ctx, c, note)
		return append(replies, r...), true, err
	}
	if isWord(clean, cancelWords) {
		r, err := d.cancel(ctx, c)
		return append(replies, r...), true, err
	}
	note := ""
	switch {
	case c.Asking != "" && (isWord(clean, skipWords) || dontKnow(clean)):
		if c.Asking == FieldPayMethod && c.Fields.PayMethod == "" {
			c.Fields.PayMethod = "qr"
		}
		c.Skipped = append(c.Skipped, c.Asking)
		c.AddTurn(Turn{Role: RoleMerchant, Text: clean, At: now})
		c.Misses = 0
	case d.absorb(c, clean, now):
		c.Misses = 0
	case describes(clean):
		// Not the answer asked for, but about the problem: kept for the
		// agent, and the question asked again without "couldn't read".
		c.Description = joinDesc(c.Description, clean)
		c.Misses = 0
		note = msg(lang, msgNoted)
	default:
		c.Misses++
	}
	r, err := d.next(ctx, c, note)
	return append(replies, r...), true, err
}

// Press handles the desk's buttons; false if data is not the desk's.
func (d *Desk) Press(ctx context.Context, m Merchant, data string) ([]Reply, bool, error) {
	switch {
	case strings.HasPrefix(data, dataRate):
		return d.rate(ctx, m, strings.TrimPrefix(data, dataRate))
	case strings.HasPrefix(data, dataDone):
		return d.pressDone(ctx, m, strings.TrimPrefix(data, dataDone))
	case strings.HasPrefix(data, dataReopen):
		return d.pressReopen(ctx, m, strings.TrimPrefix(data, dataReopen))
	case data != dataSkip && data != dataSubmit && data != dataCancel && data != dataMemYes && data != dataMemNo && !strings.HasPrefix(data, dataPay):
		return nil, false, nil
	}
	c, err := d.store.Conversation(ctx, m.Key())
	if err != nil {
		return nil, true, err
	}
	if c.Mode != ModeCollecting && c.Mode != ModeConfirming {
		return []Reply{{Text: msg(m.Lang, msgStale)}}, true, nil
	}
	lang := c.Merchant.Lang
	c.Merchant = m
	c.Merchant.Lang = lang
	c.Misses = 0
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
	case data == dataMemYes || data == dataMemNo:
		c.confirmMemory(data == dataMemYes)
	}
	r, err := d.next(ctx, c, "")
	return r, true, err
}

// absorb takes what a message says: any field it mentions (a new value
// replacing an old one), and the answer to the question asked when nothing
// else matched. It reports whether anything was placed.
func (d *Desk) absorb(c *Conversation, text string, now time.Time) bool {
	c.AddTurn(Turn{Role: RoleMerchant, Text: text, At: now})
	before := c.Fields
	// A later statement ("今天下午3点微信收款") corrects what was read
	// before; only the terminal's message, read loosely from free text,
	// is not replaced until the summary.
	x := d.extract(text, now)
	if c.Fields.Code != "" {
		x.Code = ""
	}
	c.Fields = override(c.Fields, x)
	if c.Asking == fieldMemory {
		// 是 takes the kept numbers; anything else is read as usual, and
		// the numbers are not offered again.
		c.confirmMemory(isWord(text, yesWords))
		return true
	}
	if c.Asking == fieldPhoto {
		// Words instead of the optional photo: no photo, then; what the
		// words say is kept.
		c.Skipped = append(c.Skipped, fieldPhoto)
		if c.Fields == before && (describes(text) || utf8.RuneCountInString(text) >= 6) {
			c.Description = joinDesc(c.Description, text)
		}
		return true
	}
	if c.Asking == "" {
		return c.Fields != before
	}
	if get(&c.Fields, c.Asking) != get(&before, c.Asking) {
		return true
	}
	if c.Asking == fieldDescription {
		// A description says something; "?" or "怎么办" does not.
		if describes(text) || utf8.RuneCountInString(text) >= 6 {
			c.Description = joinDesc(c.Description, text)
			return true
		}
		return c.Fields != before
	}
	if v, ok := direct(c.Asking, text); ok {
		set(&c.Fields, c.Asking, v)
		return true
	}
	return c.Fields != before
}

// correct applies a correction at the summary: the fields the message
// names, or a value whose shape says its field. It reports whether one
// changed.
func (d *Desk) correct(c *Conversation, text string, now time.Time) bool {
	before := c.Fields
	c.Fields = override(c.Fields, d.extract(text, now))
	if c.Fields != before {
		return true
	}
	if name, v, ok := correction(text); ok {
		set(&c.Fields, name, v)
		return c.Fields != before
	}
	return false
}

// next asks for the first missing field, or shows the summary. note, if
// any, goes before the question. After a message the collector could not
// place it says so; after the second it offers skip and cancel.
func (d *Desk) next(ctx context.Context, c *Conversation, note string) ([]Reply, error) {
	lang := c.Merchant.Lang
	for _, f := range d.plan(c) {
		if d.have(c, f.Name) || contains(c.Skipped, f.Name) {
			continue
		}
		if c.Asking != f.Name {
			c.Misses = 0
		}
		c.Asking = f.Name
		c.Mode = ModeCollecting
		if err := d.store.SaveConversation(ctx, c); err != nil {
			return nil, err
		}
		if f.Name == fieldMemory {
			return []Reply{memoryQuestion(lang, c.Remembered)}, nil
		}
		q := ""
		if f.Name == fieldPhoto {
			q = msg(lang, msgPhotoQuestion)
		} else {
			q = question(lang, f.Name)
		}
		if c.Misses > 0 {
			q = fmt.Sprintf(msg(lang, msgRetry), q)
		}
		if note != "" {
			q = note + q
		}
		r := Reply{Text: q}
		if f.Choices != nil {
			r.Buttons = f.Choices(lang)
		}
		switch {
		case c.Misses >= 2:
			r.Text += "\n" + msg(lang, msgWayOut)
			r.Buttons = append(r.Buttons, []Button{{Text: msg(lang, msgSkip), Data: dataSkip}, {Text: msg(lang, msgCancelButton), Data: dataCancel}})
		case f.Optional:
			r.Buttons = append(r.Buttons, []Button{{Text: msg(lang, msgSkip), Data: dataSkip}})
		}
		return []Reply{r}, nil
	}
	c.Asking = ""
	c.Misses = 0
	c.Mode = ModeConfirming
	if err := d.store.SaveConversation(ctx, c); err != nil {
		return nil, err
	}
	return []Reply{{
		Text: note + msg(lang, msgSummary) + "\n\n" + summary(lang, c.Fields, c.Description) + "\n\n" + msg(lang, msgConfirm),
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
	case fieldPhoto:
		return len(c.Attachments) > 0
	case fieldMemory:
		return c.Remembered == nil
	}
	return get(&c.Fields, name) != ""
}

// plan is what to ask, in the table's order. A payment problem needs the
// transaction; a terminal or account problem needs the merchant and a
// description.
func (d *Desk) plan(c *Conversation) []Field {
	tx := c.Topic == "missing-credit" || c.Topic == "declined" || c.Topic == "blocked" ||
		c.Fields.Amount != "" || c.Fields.Date != "" || c.Fields.Time != ""
	var fs []Field
	if c.Remembered != nil && c.Fields.MerchantNo == "" {
		fs = append(fs, Field{Name: fieldMemory})
	}
	for _, f := range fieldTable {
		if tx || !f.Payment {
			fs = append(fs, f)
		}
	}
	if tx {
		// One optional step: a photo of the screen or the receipt.
		fs = append(fs, Field{Name: fieldPhoto, Optional: true})
	}
	return fs
}

func (d *Desk) submit(ctx context.Context, c *Conversation) ([]Reply, error) {
	lang := c.Merchant.Lang
	desc := c.Description
	if desc == "" {
		desc = "—"
	}
	// The transcript starts with the merchant's first message of the
	// episode, even when the collection's turns pushed it out.
	transcript := c.Turns
	if c.Opening != nil && (len(transcript) == 0 || !transcript[0].At.Equal(c.Opening.At) || transcript[0].Text != c.Opening.Text) {
		transcript = append([]Turn{*c.Opening}, transcript...)
	}
	t := &Ticket{
		RequestKey:  fmt.Sprintf("chat:%s:%d", c.Key, c.Started.UnixNano()),
		Status:      StatusOpen,
		Merchant:    c.Merchant,
		Fields:      c.Fields,
		Description: desc,
		Topic:       c.Topic,
		Articles:    c.Articles,
		Transcript:  transcript,
		CreatedAt:   d.now(),
	}
	// Filed outside hours, a ticket is still filed, and the merchant hears
	// when a person will next be there.
	offHours := d.offHours(lang)
	confirm := func(id int64) Reply {
		return Reply{
			Text:    fmt.Sprintf(msg(lang, msgSubmitted), id) + offHours,
			Buttons: [][]Button{{{Text: msg(lang, msgDoneButton), Data: fmt.Sprintf("%s%d", dataDone, id)}}},
		}
	}
	// The merchant's confirmation and the card are stored with the ticket,
	// so a crash after this line loses neither; the confirmation goes first
	// so that an unreachable support chat does not hold it back. The card is
	// rendered as it is written, with the ticket's number.
	earlier := d.earlier(ctx, t.Merchant.Key(), math.MaxInt64)
	saved, created, err := d.store.CreateTicket(ctx, t, func(saved *Ticket) []Delivery {
		r := confirm(saved.ID)
		saved.Earlier = earlier
		ds := []Delivery{
			{Kind: KindToMerchant, Text: r.Text, Buttons: r.Buttons},
			{Kind: KindCard, Text: Card(saved, cardTurns)},
		}
		if len(c.Attachments) > 0 {
			// The photos sent during the handover follow the card.
			ds = append(ds, Delivery{Kind: KindToSupport, Attachments: c.Attachments,
				Text: fmt.Sprintf("📎 商户（工单 #%d）随工单发来 %s", saved.ID, describeFiles(c.Attachments))})
		}
		return ds
	})
	if err != nil {
		return nil, err
	}
	if created && d.obs != nil {
		d.obs.TicketOpened()
	}
	if created {
		if err := d.remember(ctx, saved); err != nil {
			return nil, err
		}
	}
	c.Mode, c.TicketID, c.Asking, c.Attachments = ModeOpen, saved.ID, "", nil
	if err := d.store.SaveConversation(ctx, c); err != nil {
		return nil, err
	}
	if created {
		// The confirmation is on its way from the database.
		return nil, nil
	}
	return []Reply{confirm(saved.ID)}, nil
}

// earlierTickets is how many of a merchant's previous tickets a card shows.
const earlierTickets = 3

// earlier are the merchant's tickets before ticket before, for the card;
// a failure to read them costs only that line.
func (d *Desk) earlier(ctx context.Context, key string, before int64) []*Ticket {
	ts, err := d.store.MerchantTickets(ctx, key, before, earlierTickets)
	if err != nil {
		return nil
	}
	return ts
}

// resolve closes the merchant's own open ticket: the problem is solved.
func (d *Desk) resolve(ctx context.Context, c *Conversation) ([]Reply, error) {
	t, err := d.store.Ticket(ctx, c.TicketID)
	if err != nil {
		return nil, err
	}
	t.Merchant.Lang = c.Merchant.Lang
	if _, err := d.close(ctx, t, fmt.Sprintf(msg(LangZH, msgResolvedBy), t.ID)); err != nil {
		return nil, err
	}
	// The rating question goes out as a delivery with the close.
	return nil, nil
}

// pressDone is the 问题已解决 button under the submission message.
func (d *Desk) pressDone(ctx context.Context, m Merchant, arg string) ([]Reply, bool, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	c, cerr := d.store.Conversation(ctx, m.Key())
	if err != nil || cerr != nil || c.Mode != ModeOpen || c.TicketID != id {
		return []Reply{{Text: msg(m.Lang, msgStale)}}, true, cerr
	}
	r, err := d.resolve(ctx, c)
	return r, true, err
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
	clean := redact.Stored(text)
	if d.obs != nil {
		if turns, err := d.store.Turns(ctx, t.ID); err == nil && !hasAgent(turns) {
			d.obs.FirstReply(d.businessTime(t.CreatedAt, d.now()))
		}
	}
	return d.store.AddTurn(ctx, t.ID, Turn{Role: RoleAgent, Text: clean, At: d.now()}, []Delivery{{
		Kind: KindToMerchant, Text: fmt.Sprintf(msg(t.Merchant.Lang, msgFromAgent), t.ID, clean),
	}})
}

// Close closes ticket t for agent: the merchant is told and asked for a
// rating, and their next message starts afresh. False if already closed.
func (d *Desk) Close(ctx context.Context, t *Ticket, agent string) (bool, error) {
	return d.close(ctx, t, fmt.Sprintf(msg(LangZH, msgClosedBy), t.ID, agent))
}

// close closes t, telling the support side note. The merchant is asked
// for a rating, and may reopen the ticket with 还没解决 for a while.
func (d *Desk) close(ctx context.Context, t *Ticket, note string) (bool, error) {
	lang := t.Merchant.Lang
	var row []Button
	for i := 1; i <= 5; i++ {
		row = append(row, Button{Text: strings.Repeat("⭐", 1) + strconv.Itoa(i), Data: fmt.Sprintf("%s%d:%d", dataRate, t.ID, i)})
	}
	reopen := []Button{{Text: msg(lang, msgReopenButton), Data: dataReopen + strconv.FormatInt(t.ID, 10)}}
	return d.closeWith(ctx, t, []Delivery{
		{Kind: KindToMerchant, Text: fmt.Sprintf(msg(lang, msgClosed), t.ID), Buttons: [][]Button{row, reopen}},
		{Kind: KindToSupport, Text: note},
	})
}

// closeWith closes t with the deliveries ds and frees the merchant's
// conversation; false if t was closed already.
func (d *Desk) closeWith(ctx context.Context, t *Ticket, ds []Delivery) (bool, error) {
	ok, err := d.store.CloseTicket(ctx, t.ID, d.now(), ds)
	if err != nil || !ok {
		return ok, err
	}
	if d.obs != nil {
		d.obs.TicketClosed()
	}
	c, err := d.store.Conversation(ctx, t.Merchant.Key())
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
	if err != nil || t.Merchant.Key() != m.Key() {
		return []Reply{{Text: msg(m.Lang, msgStale)}}, true, nil
	}
	if err := d.store.RateTicket(ctx, id, n); err != nil {
		return nil, true, err
	}
	return []Reply{{Text: msg(m.Lang, msgThanksRating)}}, true, nil
}

var (
	yesWords     = []string{"是", "是的", "对", "对的", "没错", "嗯", "yes", "yep", "y", "correct", "same"}
	submitWords  = []string{"提交", "确认", "确定", "submit", "confirm", "yes", "ok"}
	cancelWords  = []string{"取消", "算了", "不用了", "cancel", "/cancel"}
	doneWords    = []string{"/done", "问题已解决", "已解决", "解决了", "好了解决了", "done", "solved", "resolved"}
	skipWords    = []string{"跳过", "略过", "skip", "none", "无", "没有"}
	unknownWords = []string{"不知道", "不清楚", "忘了", "不记得", "找不到", "don't know", "dont know", "unknown"}
	punct        = regexp.MustCompile(`[\s。.!！?？~～]+`)
)

// dontKnow reports a short "I don't know" (不知道, 我不知道终端号, 忘了).
func dontKnow(text string) bool {
	if isWord(text, unknownWords) {
		return true
	}
	t := strings.ToLower(text)
	if utf8.RuneCountInString(t) > 12 {
		return false
	}
	for _, w := range unknownWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

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

// joinDesc adds sentence b to description a; nothing the merchant wrote
// about the problem is ever dropped.
func joinDesc(a, b string) string {
	switch {
	case a == "" || strings.Contains(b, a):
		return b
	case strings.Contains(a, b):
		return a
	}
	return a + "；" + b
}

// OpenTicket is the merchant's open ticket, or nil when none is open.
func (d *Desk) OpenTicket(ctx context.Context, key string) (*Ticket, error) {
	c, err := d.store.Conversation(ctx, key)
	if err != nil || c.Mode != ModeOpen || c.TicketID == 0 {
		return nil, err
	}
	return d.store.Ticket(ctx, c.TicketID)
}

// Recent returns the last turns of a merchant's conversation, card numbers
// already masked, for the answering core's optional rephrasing step.
func (d *Desk) Recent(ctx context.Context, key string) ([]Turn, error) {
	c, err := d.store.Conversation(ctx, key)
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
