// Package dialogue is the one place where a merchant's message becomes
// posbot's replies, whatever the channel: whether the support desk or the
// answering core takes it, the commands, the feedback buttons, and what is
// recorded as a gap in the knowledge base. Channels (Telegram, the console)
// convert their messages to an Inbound and send the Outbounds back.
package dialogue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/gaps"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/redact"
)

// Inbound is one thing a merchant did in a channel: a message or a press
// of a button.
type Inbound struct {
	// ID, if set, names this event uniquely in its channel
	// ("telegram:update:81"): an event handled once and delivered again
	// (after a crash cut the sending short) gets the replies it got the
	// first time, and is not handled a second time.
	ID       string
	Merchant escalation.Merchant
	// Text is the message's text, or a photo's caption; a command starts
	// with "/".
	Text string
	// Edited is set when the merchant changed a message sent earlier.
	Edited bool
	// Pressed is set when the merchant pressed a button, Button its data
	// (which may be empty or stale: it is answered all the same).
	Pressed bool
	Button  string
	// Attachments are what came with the message other than text.
	Attachments []Attachment
	// LangHint is the client's language setting ("en-GB"), if known.
	LangHint string
	// Shown is, for a press, the text of the message whose button was
	// pressed, if the channel knows it: 详细步骤 keeps what stood before
	// the short answer (the due day, a notice).
	Shown string
	// Busy, when set, is called before a slow step (the answer); the func
	// it returns is called when the step ends. Telegram shows "typing…".
	Busy func() (done func())
}

// Attachment is a photo, file, voice note, video or sticker the merchant
// sent. posbot reads text only (a caption is read as text); while a ticket
// is open or its fields are collected, the file goes to the agents.
type Attachment = escalation.Attachment

// Attachment kinds.
const (
	AttachPhoto   = escalation.AttachPhoto
	AttachFile    = escalation.AttachFile
	AttachVoice   = escalation.AttachVoice
	AttachVideo   = escalation.AttachVideo
	AttachSticker = escalation.AttachSticker
)

// Outbound is one thing to do in reply.
type Outbound struct {
	Text    string
	Buttons [][]escalation.Button
	// Toast, in reply to a press, is a short note shown on the pressed
	// button instead of a message.
	Toast bool
	// Clear, in reply to a press, removes the buttons of the message
	// whose button was pressed; Text is empty.
	Clear bool
	// Edit, in reply to a press, replaces the text (and buttons) of the
	// message whose button was pressed: 详细步骤 turns the short answer
	// into the full one. A channel that cannot edit sends it anew.
	Edit bool
}

// Answerer is the answering core.
type Answerer interface {
	AnswerContext(ctx context.Context, q assistant.Question) (assistant.Reply, error)
}

// Articles gives an article's short and full answer, for 详细步骤; the
// core implements it.
type Articles interface {
	Article(id, lang string) (short, full string, ok bool)
}

// Desk is the support desk: the handoff dialogue and the tickets.
type Desk interface {
	Noted(ctx context.Context, m escalation.Merchant, question, answer, topic, article string) error
	Recent(ctx context.Context, key string) ([]escalation.Turn, error)
	Begin(ctx context.Context, m escalation.Merchant, trigger, article string) ([]escalation.Reply, error)
	Handle(ctx context.Context, m escalation.Merchant, text string) ([]escalation.Reply, bool, error)
	Press(ctx context.Context, m escalation.Merchant, data string) ([]escalation.Reply, bool, error)
	OpenTicket(ctx context.Context, key string) (*escalation.Ticket, error)
	// Attach takes photos or files during a handover or on an open
	// ticket; false when there is none.
	Attach(ctx context.Context, m escalation.Merchant, caption string, as []Attachment) ([]escalation.Reply, bool, error)
	// Me shows what is kept for the merchant, or forgets it: /me, /forget.
	Me(ctx context.Context, m escalation.Merchant, forget bool) ([]escalation.Reply, error)
	// IncidentNotice is the notice of an active incident on topic, "" if
	// none; the merchant is counted as told.
	IncidentNotice(ctx context.Context, m escalation.Merchant, topic string) (string, error)
	// Blocked reports a merchant agents blocked: posbot stays silent.
	Blocked(ctx context.Context, key string) (bool, error)
}

// FeedbackRecorder keeps what merchants said about answers.
type FeedbackRecorder interface {
	RecordFeedback(ctx context.Context, f escalation.Feedback) error
}

// GapRecorder keeps moments the knowledge base fell short.
type GapRecorder interface {
	RecordGap(ctx context.Context, e gaps.Event) error
}

// Journal keeps the replies each event was answered with, so an event is
// handled once however often its channel delivers it.
//
// A Journal may also have a method DeferSync(ctx) context.Context (the
// store's): what handling an event writes with the context it returns need
// not wait for the disk, as SaveHandled, which waits for it, follows before
// the replies go out and makes it durable with the event's record. The
// writes an event causes then cost one wait for the disk, not one each.
type Journal interface {
	HandledReplies(ctx context.Context, id string) ([]byte, bool, error)
	SaveHandled(ctx context.Context, id string, replies []byte) error
}

// syncDeferrer is a Journal that lets handling defer waiting for the disk
// until the event's record is saved.
type syncDeferrer interface {
	DeferSync(ctx context.Context) context.Context
}

// Counter counts what happens, for metrics.
type Counter interface {
	Message()
	Answer(action, topic string)
	LLM(latency time.Duration, fallback string)
	Feedback(helpful bool)
	BlockedMessage()
}

// Options are what an Engine records to and hands over to; any may be nil.
type Options struct {
	// Desk takes requests for a person; without one they are only
	// recorded.
	Desk     Desk
	Feedback FeedbackRecorder
	Gaps     GapRecorder
	Journal  Journal
	Metrics  Counter
	// Hours, if set, describes when people answer ("" when always): /help
	// and /start say it, and so does an answer about service hours.
	Hours func(lang string) string
	Log   *slog.Logger
}

// Engine runs posbot's side of the conversation.
type Engine struct {
	core Answerer
	opt  Options
	log  *slog.Logger
}

// New returns an Engine answering with core.
func New(core Answerer, opt Options) *Engine {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{core: core, opt: opt, log: log}
}

// Button data of the engine's own buttons: "fb:y:<article>",
// "fb:n:<article>", "person".
const (
	DataPerson   = "person"
	dataFeedback = "fb:"
	dataMore     = "more:"
)

// maxData is Telegram's limit on a button's data, kept by every channel.
const maxData = 64

func feedbackData(helpful bool, article string) string {
	v := "n"
	if helpful {
		v = "y"
	}
	d := dataFeedback + v + ":" + article
	if len(d) > maxData {
		d = dataFeedback + v + ":"
	}
	return d
}

// Handle turns what the merchant did into replies. The replies are always
// usable; the error, if any, is for the log: something could not be
// recorded or the desk failed, and the merchant was answered regardless.
func (e *Engine) Handle(ctx context.Context, in Inbound) ([]Outbound, error) {
	if d := e.opt.Desk; d != nil {
		// A blocked merchant is not answered, and nothing they send is
		// kept: it is only counted.
		blocked, err := d.Blocked(ctx, in.Merchant.Key())
		if err != nil {
			e.log.Error("reading whether a merchant is blocked failed", "merchant", in.Merchant.Key(), "err", err)
		} else if blocked {
			if e.opt.Metrics != nil {
				e.opt.Metrics.BlockedMessage()
			}
			return nil, nil
		}
	}
	if in.ID == "" || e.opt.Journal == nil {
		return e.handle(ctx, in)
	}
	if data, ok, err := e.opt.Journal.HandledReplies(ctx, in.ID); err != nil {
		e.log.Error("reading a handled event failed, handling it again", "event", in.ID, "err", err)
	} else if ok {
		var outs []Outbound
		if err := json.Unmarshal(data, &outs); err == nil {
			e.log.Info("event delivered again: its replies sent again", "event", in.ID)
			return outs, nil
		}
		e.log.Error("a handled event's replies are unreadable, handling it again", "event", in.ID)
	}
	hctx := ctx
	if d, ok := e.opt.Journal.(syncDeferrer); ok {
		hctx = d.DeferSync(ctx)
	}
	outs, err := e.handle(hctx, in)
	data, merr := json.Marshal(outs)
	if merr == nil {
		merr = e.opt.Journal.SaveHandled(context.WithoutCancel(ctx), in.ID, data)
	}
	if merr != nil {
		err = errors.Join(err, fmt.Errorf("dialogue: journal: %w", merr))
	}
	return outs, err
}

func (e *Engine) handle(ctx context.Context, in Inbound) ([]Outbound, error) {
	t := turn{e: e, in: in, lang: in.Merchant.Lang}
	if t.lang == "" {
		t.lang = assistant.LangOf(in.LangHint)
	}
	if in.Pressed || in.Button != "" {
		t.press(ctx)
	} else {
		t.message(ctx)
	}
	return t.out, errors.Join(t.errs...)
}

// turn is the handling of one Inbound.
type turn struct {
	e    *Engine
	in   Inbound
	lang string
	out  []Outbound
	errs []error
}

func (t *turn) say(text string, buttons ...escalation.Button) {
	o := Outbound{Text: text}
	for _, b := range buttons {
		o.Buttons = append(o.Buttons, []escalation.Button{b})
	}
	t.out = append(t.out, o)
}

func (t *turn) relay(replies []escalation.Reply) {
	for _, r := range replies {
		t.out = append(t.out, Outbound{Text: r.Text, Buttons: r.Buttons})
	}
}

func (t *turn) fail(what string, err error) {
	if err != nil {
		t.errs = append(t.errs, fmt.Errorf("%s: %w", what, err))
	}
}

func (t *turn) message(ctx context.Context) {
	if m := t.e.opt.Metrics; m != nil {
		m.Message()
	}
	text := t.in.Text
	if files := t.files(); len(files) > 0 && t.e.opt.Desk != nil && !t.in.Edited {
		// During a handover or on an open ticket, photos and files go to
		// the agents; the caption is read as text.
		replies, handled, err := t.e.opt.Desk.Attach(ctx, t.in.Merchant, text, files)
		t.fail("desk", err)
		if handled {
			t.relay(replies)
			return
		}
	}
	if strings.TrimSpace(text) == "" {
		// A photo, a sticker or a voice note: posbot reads text only. In
		// the middle of a handover the desk asks its question again; the
		// empty message is not stored.
		if t.in.Edited {
			return
		}
		t.say(assistant.TextOnly(t.lang))
		if d := t.e.opt.Desk; d != nil {
			replies, handled, err := d.Handle(ctx, t.in.Merchant, "")
			t.fail("desk", err)
			if handled {
				t.relay(replies)
			}
		}
		return
	}
	if strings.HasPrefix(text, "/") {
		t.command(ctx, text)
		return
	}
	if d := t.e.opt.Desk; d != nil {
		replies, handled, err := d.Handle(ctx, t.in.Merchant, text)
		t.fail("desk", err)
		if handled {
			t.relay(replies)
			return
		}
	}
	if redact.HasPayment(text) {
		t.say(assistant.PaymentWarning(t.lang))
	}
	t.answer(ctx, text)
}

// files are the message's attachments agents can see: not stickers.
func (t *turn) files() []Attachment {
	var out []Attachment
	for _, a := range t.in.Attachments {
		if a.Kind != AttachSticker {
			out = append(out, a)
		}
	}
	return out
}

// Command names the engine knows, without the slash.
const (
	CmdStart  = "start"
	CmdHelp   = "help"
	CmdHuman  = "human"
	CmdDone   = "done"
	CmdCancel = "cancel"
)

// CommandName is the command a message starts with, lower case, without
// the slash and without the "@bot" it may be addressed to; target is that
// bot's name, or "".
func CommandName(text string) (name, target string) {
	fields := strings.Fields(text)
	if len(fields) == 0 || !strings.HasPrefix(fields[0], "/") {
		return "", ""
	}
	name, target, _ = strings.Cut(strings.ToLower(fields[0][1:]), "@")
	return name, target
}

func (t *turn) command(ctx context.Context, text string) {
	name, _ := CommandName(text)
	switch name {
	case CmdStart:
		t.say(assistant.Welcome(t.lang) + t.hoursLine())
	case CmdHuman, "person", "agent":
		t.requestPerson(ctx, "", "")
	case "me", "forget":
		if d := t.e.opt.Desk; d != nil {
			replies, err := d.Me(ctx, t.in.Merchant, name == "forget")
			t.fail("desk", err)
			t.relay(replies)
			return
		}
		t.say(assistant.Help(t.lang))
	case CmdDone, CmdCancel:
		// /done closes the merchant's own open ticket, /cancel stops the
		// collection: the desk's words for them.
		if d := t.e.opt.Desk; d != nil {
			word := map[string]string{CmdDone: "/done", CmdCancel: "取消"}[name]
			replies, handled, err := d.Handle(ctx, t.in.Merchant, word)
			t.fail("desk", err)
			if handled {
				t.relay(replies)
				return
			}
		}
		t.say(assistant.Help(t.lang) + t.hoursLine())
	default:
		t.say(assistant.Help(t.lang) + t.hoursLine())
	}
}

// hoursAsked finds an answer about when people answer.
var hoursAsked = regexp.MustCompile(`工作时间|服务时间|上班时间|working hours|service hours|opening hours`)

// hoursLine states the configured business hours, "" when always open.
func (t *turn) hoursLine() string {
	if t.e.opt.Hours == nil {
		return ""
	}
	h := t.e.opt.Hours(t.lang)
	if h == "" {
		return ""
	}
	if t.lang == assistant.LangEN {
		return "\n\nOur agents' hours: " + h + "."
	}
	return "\n\n人工客服工作时间：" + h + "。"
}

func (t *turn) answer(ctx context.Context, text string) {
	m := t.in.Merchant
	q := assistant.Question{Text: text, Lang: t.in.LangHint}
	if d := t.e.opt.Desk; d != nil {
		turns, err := d.Recent(ctx, m.Key())
		t.fail("reading the conversation", err)
		for _, tr := range turns {
			q.History = append(q.History, assistant.Turn{Role: string(tr.Role), Text: tr.Text, Article: tr.Article, At: tr.At})
		}
	}
	done := func() {}
	if t.in.Busy != nil {
		done = t.in.Busy()
	}
	r, err := t.e.core.AnswerContext(ctx, q)
	done()
	t.fail("answer", err)
	if r.Fallback != "" {
		t.e.log.Warn("model not used, knowledge-base text sent", "merchant", m.Key(), "reason", string(r.Fallback), "detail", r.FallbackDetail, "llm_ms", r.LLMLatency.Milliseconds())
	}
	if c := t.e.opt.Metrics; c != nil {
		c.Answer(string(r.Action), string(r.Topic))
		c.LLM(r.LLMLatency, string(r.Fallback))
	}
	switch {
	case r.Courtesy != "":
		// Thanks or a greeting: nothing the knowledge base lacks.
	case r.Action == assistant.ActionNoAnswer:
		closest := ""
		if len(r.Candidates) > 0 {
			closest = r.Candidates[0].Article.ID
		}
		t.gap(ctx, gaps.Event{Kind: gaps.KindNoAnswer, Question: text, Article: closest})
	case r.Action == assistant.ActionHandoff:
		t.gap(ctx, gaps.Event{Kind: gaps.KindHandoff, Question: text})
	}
	t.e.log.Info("answered", "merchant", m.Key(), "action", string(r.Action), "topic", string(r.Topic),
		"article", r.ArticleID, "confidence", r.Confidence, "lang", r.Lang, "rephrased", r.Rephrased,
		"question_runes", utf8.RuneCountInString(text))
	if d := t.e.opt.Desk; d != nil && r.Action == assistant.ActionAnswer && r.Topic != "" {
		// A known problem on this topic: the notice comes first.
		notice, err := d.IncidentNotice(ctx, m, string(r.Topic))
		t.fail("reading incidents", err)
		if notice != "" {
			r.Text = notice + "\n\n" + r.Text
			if r.Short != "" {
				r.Short = notice + "\n\n" + r.Short
			}
		}
	}
	if r.Action != assistant.ActionHandoff {
		if d := t.e.opt.Desk; d != nil {
			t.fail("noting the conversation", d.Noted(ctx, m, text, r.Text, string(r.Topic), r.ArticleID))
		}
	}
	switch {
	case r.Action == assistant.ActionHandoff:
		// A follow-up ("还是不行") hands over with the article already tried.
		t.lang = r.Lang
		t.requestPerson(ctx, text, r.ArticleID)
	case r.Courtesy != "":
		// Small talk: nothing to rate.
		t.say(r.Text)
	case r.Action == assistant.ActionAnswer:
		if r.Topic == kb.TopicGeneral && hoursAsked.MatchString(strings.ToLower(r.Text)) {
			r.Text += t.hoursLine()
			if r.Short != "" {
				r.Short += t.hoursLine()
			}
		}
		feedback := []escalation.Button{
			{Text: assistant.ButtonSolved(r.Lang), Data: feedbackData(true, r.ArticleID)},
			{Text: assistant.ButtonNotSolved(r.Lang), Data: feedbackData(false, r.ArticleID)},
		}
		if r.Short != "" && len(dataMore+r.ArticleID) <= maxData {
			// What to do now first; the full steps on a button.
			t.out = append(t.out, Outbound{Text: r.Short, Buttons: [][]escalation.Button{
				{{Text: assistant.ButtonMore(r.Lang), Data: dataMore + r.ArticleID}}, feedback}})
			return
		}
		t.say(r.Text, feedback...)
	default:
		t.say(r.Text, escalation.Button{Text: assistant.ButtonPerson(r.Lang), Data: DataPerson})
	}
}

func (t *turn) press(ctx context.Context) {
	m, data := t.in.Merchant, t.in.Button
	if d := t.e.opt.Desk; d != nil {
		replies, handled, err := d.Press(ctx, m, data)
		t.fail("desk button", err)
		if handled {
			t.out = append(t.out, Outbound{Clear: true})
			t.relay(replies)
			return
		}
	}
	switch {
	case data == DataPerson:
		t.requestPerson(ctx, "", "")
	case strings.HasPrefix(data, dataMore):
		t.more(strings.TrimPrefix(data, dataMore))
	case strings.HasPrefix(data, dataFeedback+"y:"):
		article := strings.TrimPrefix(data, dataFeedback+"y:")
		t.record(ctx, escalation.Feedback{Merchant: m.Key(), Person: m.Person, ArticleID: article, Helpful: true})
		if c := t.e.opt.Metrics; c != nil {
			c.Feedback(true)
		}
		t.out = append(t.out, Outbound{Text: assistant.ThanksForFeedback(t.lang), Toast: true}, Outbound{Clear: true})
	case strings.HasPrefix(data, dataFeedback+"n:"):
		article := strings.TrimPrefix(data, dataFeedback+"n:")
		if c := t.e.opt.Metrics; c != nil {
			c.Feedback(false)
		}
		t.gap(ctx, gaps.Event{Kind: gaps.KindNotHelpful, Question: t.lastQuestion(ctx), Article: article})
		t.out = append(t.out, Outbound{Clear: true})
		t.requestPerson(ctx, "", article)
	default:
		t.out = append(t.out, Outbound{Text: assistant.ButtonExpired(t.lang), Toast: true})
		t.e.log.Info("unknown button data", "merchant", m.Key(), "data_len", len(data))
	}
}

// more turns a short answer into the full article: the message whose
// 详细步骤 was pressed is edited, keeping what stood before the short
// answer (the due day, a notice), and keeps its feedback buttons.
func (t *turn) more(article string) {
	arts, ok := t.e.core.(Articles)
	if !ok {
		t.out = append(t.out, Outbound{Text: assistant.ButtonExpired(t.lang), Toast: true})
		return
	}
	short, full, ok := arts.Article(article, t.lang)
	if !ok {
		t.out = append(t.out, Outbound{Text: assistant.ButtonExpired(t.lang), Toast: true})
		return
	}
	text := full
	if shown := strings.TrimSpace(t.in.Shown); short != "" && shown != "" {
		if i := strings.LastIndex(shown, short); i > 0 {
			text = strings.TrimSpace(shown[:i]) + "\n\n" + full
		}
	}
	t.out = append(t.out, Outbound{Text: text, Edit: true, Buttons: [][]escalation.Button{{
		{Text: assistant.ButtonSolved(t.lang), Data: feedbackData(true, article)},
		{Text: assistant.ButtonNotSolved(t.lang), Data: feedbackData(false, article)},
	}}})
}

// requestPerson records that the merchant wants a person and starts the
// handoff: with a Desk, collecting what the agent needs; without, saying a
// person will follow.
func (t *turn) requestPerson(ctx context.Context, trigger, article string) {
	m := t.in.Merchant
	t.record(ctx, escalation.Feedback{Merchant: m.Key(), Person: m.Person, ArticleID: article, WantsPerson: true})
	if trigger == "" && article == "" {
		// /human or the button under a no_answer: the question before it
		// is what the knowledge base did not settle.
		t.gap(ctx, gaps.Event{Kind: gaps.KindHandoff, Question: t.lastQuestion(ctx)})
	}
	d := t.e.opt.Desk
	if d == nil {
		t.say(assistant.HandoffRecorded(t.lang))
		return
	}
	replies, err := d.Begin(ctx, m, trigger, article)
	if err != nil {
		t.fail("starting the handoff", err)
		t.say(assistant.HandoffRecorded(t.lang))
		return
	}
	t.relay(replies)
}

// gap keeps e for the editors' report, its question masked.
func (t *turn) gap(ctx context.Context, e gaps.Event) {
	g := t.e.opt.Gaps
	if g == nil {
		return
	}
	e.Question = redact.Stored(e.Question)
	t.fail("recording a gap", g.RecordGap(ctx, e))
}

// lastQuestion is the merchant's latest question, for a "not helpful" press.
func (t *turn) lastQuestion(ctx context.Context) string {
	d := t.e.opt.Desk
	if d == nil {
		return ""
	}
	turns, err := d.Recent(ctx, t.in.Merchant.Key())
	if err != nil {
		return ""
	}
	for i := len(turns) - 1; i >= 0; i-- {
		if turns[i].Role == escalation.RoleMerchant {
			return turns[i].Text
		}
	}
	return ""
}

func (t *turn) record(ctx context.Context, f escalation.Feedback) {
	if r := t.e.opt.Feedback; r != nil {
		t.fail("recording feedback", r.RecordFeedback(ctx, f))
	}
}

// Library lets agents send articles with /kb from the knowledge base as
// current returns it (after any reload).
func Library(current func() *assistant.Assistant) escalation.Library { return library{current} }

type library struct{ current func() *assistant.Assistant }

func (l library) Find(query, lang string) (escalation.Article, bool) {
	f, ok := l.current().Find(query, lang)
	return escalation.Article{ID: f.ID, Title: f.Title, Text: f.Text, Topic: f.Topic, Exact: f.Exact}, ok
}
