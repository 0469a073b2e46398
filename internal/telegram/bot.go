// Package telegram puts posbot's answering core on Telegram with
// github.com/go-telegram/bot: updates in (long polling or a webhook), each
// chat handled in order by its own worker, and every reply out through one
// paced Outbox. It converts Telegram's types to posbot's at the edge.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/dialogue"
	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/gaps"
	"github.com/posbot/posbot/internal/metrics"
)

// Answerer is the answering core as the channel uses it.
type Answerer interface {
	AnswerContext(ctx context.Context, q assistant.Question) (assistant.Reply, error)
}

// Recorder keeps feedback and requests for a person.
type Recorder interface {
	RecordFeedback(ctx context.Context, f escalation.Feedback) error
}

// Desk is the escalation workflow: the merchant's side, as the dialogue
// engine drives it, and the agents' side, which the support chat drives.
type Desk interface {
	dialogue.Desk
	FromSupport(ctx context.Context, t *escalation.Ticket, a escalation.Agent, text string) (string, error)
	FromSupportFiles(ctx context.Context, t *escalation.Ticket, a escalation.Agent, caption string, as []escalation.Attachment) (string, error)
	Incident(ctx context.Context, a escalation.Agent, args string) (string, []escalation.Notice, error)
}

// Tickets is the storage the channel needs to deliver tickets' messages
// and to tell which ticket an agent is answering.
type Tickets interface {
	Claim(ctx context.Context, owner string, lease time.Duration, limit int) ([]escalation.Delivery, error)
	Delivered(ctx context.Context, d escalation.Delivery, supportChatID int64, messageID int) error
	Retry(ctx context.Context, d escalation.Delivery, next time.Time, reason string) error
	Failed(ctx context.Context, d escalation.Delivery, reason string) error
	Renew(ctx context.Context, owner string, lease time.Duration) error
	SetSupportThread(ctx context.Context, ticketID, chatID int64, threadID int) error
	SupportPlace(ctx context.Context, ticketID int64) (thread, card int, err error)
	RecordSupportMessage(ctx context.Context, ticketID, chatID int64, messageID int) error
	Release(ctx context.Context, owner string) error
	Ticket(ctx context.Context, id int64) (*escalation.Ticket, error)
	Tickets(ctx context.Context, status escalation.Status, limit int) ([]*escalation.Ticket, error)
	TicketForSupport(ctx context.Context, chatID int64, threadID, replyTo int) (*escalation.Ticket, error)
	Seen(ctx context.Context, updateID int64) (bool, error)
	MarkSeen(ctx context.Context, updateID int64) error
	// The replies each update was answered with (dialogue.Journal).
	HandledReplies(ctx context.Context, id string) ([]byte, bool, error)
	SaveHandled(ctx context.Context, id string, replies []byte) error
}

// Options configure a Bot.
type Options struct {
	Token         string
	APIURL        string // the Bot API server, e.g. https://api.telegram.org
	WebhookURL    string // set for webhook mode; long polling otherwise
	WebhookSecret string
	Paced         bool          // keep within Telegram's rate limits (always, but in benchmarks)
	PollTimeout   time.Duration // long-polling wait; default 30s
	Shutdown      time.Duration // how long in-flight work may take at exit; default 5s
	MaxConcurrent int           // chats answered at once; default 32
	MaxPending    int           // updates waiting before intake pauses; default 10000
	// Pacer, if set, shares Telegram's limits with every other process
	// on the same database; GroupRate replaces the 20 messages a minute
	// into a group (for tests).
	Pacer     Pacer
	GroupRate int
	// Hours describes when people answer, for /help ("" when always).
	Hours      func(lang string) string
	HTTPClient *http.Client
	Log        *slog.Logger

	// Escalation: with a Desk and Tickets, "a person please" starts the
	// handoff and tickets go to SupportChatID; without, the request is
	// only recorded.
	SupportChatID int64
	Desk          Desk
	Tickets       Tickets

	// Gaps keeps what the knowledge base could not answer; Metrics counts.
	Gaps    GapRecorder
	Metrics *metrics.Metrics
}

// GapRecorder keeps moments the knowledge base fell short.
type GapRecorder interface {
	RecordGap(ctx context.Context, e gaps.Event) error
}

// maxText is Telegram's limit on one message's text, in UTF-16 code units:
// an emoji or a rare character outside the Basic Multilingual Plane counts
// two.
const maxText = 4096

// Bot is posbot on Telegram.
type Bot struct {
	opt      Options
	api      *bot.Bot
	username string // the bot's own @name, lower case, to spot /cmd@other_bot
	engine   *dialogue.Engine
	log      *slog.Logger
	out      *Outbox
	http     *http.Client

	mu      sync.Mutex
	chats   map[int64]*chatWork
	pending chan struct{} // one token per update accepted and not yet handled
	running chan struct{} // one token per chat being handled now
	wg      sync.WaitGroup
	// Updates taken and not yet done (handled, replies sent): polling
	// confirms no update past the oldest of them, so a crash leaves them
	// for Telegram to deliver again.
	inflight map[int64]chan struct{}
	done     map[int64]bool // done while an older one is still in hand
	maxID    int64          // the highest update_id taken (polling)
	asked    int64          // the offset last sent to getUpdates: Telegram sends nothing older again
	finished chan struct{}  // an update was done
	marks    []doneUpdate   // updates whose replies are out, to be recorded as seen
	marking  bool           // a goroutine is recording them (writeMarks)

	forum   bool               // the support chat is a forum: one topic per ticket
	tickets *escalation.Outbox // sends tickets' messages, with a Desk
}

type chatWork struct {
	jobs    []func(ctx context.Context)
	running bool
}

// New connects to the Bot API (getMe) and returns a Bot ready to Run.
func New(ctx context.Context, opt Options, core Answerer, rec Recorder) (*Bot, error) {
	if opt.PollTimeout <= 0 {
		opt.PollTimeout = 30 * time.Second
	}
	if opt.Shutdown <= 0 {
		opt.Shutdown = 5 * time.Second
	}
	if opt.MaxConcurrent <= 0 {
		opt.MaxConcurrent = 32
	}
	if opt.MaxPending <= 0 {
		opt.MaxPending = 10000
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = &http.Client{}
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	var journal dialogue.Journal
	if opt.Tickets != nil {
		journal = opt.Tickets
	}
	b := &Bot{
		opt: opt,
		engine: dialogue.New(core, dialogue.Options{
			Desk: opt.Desk, Feedback: rec, Gaps: opt.Gaps, Journal: journal, Metrics: opt.Metrics, Log: opt.Log, Hours: opt.Hours,
		}),
		log:      opt.Log,
		out:      NewOutbox(opt.Log, opt.Paced),
		http:     opt.HTTPClient,
		chats:    map[int64]*chatWork{},
		inflight: map[int64]chan struct{}{},
		done:     map[int64]bool{},
		finished: make(chan struct{}, 1),
		pending:  make(chan struct{}, opt.MaxPending),
		running:  make(chan struct{}, opt.MaxConcurrent),
	}
	api, err := bot.New(opt.Token,
		bot.WithServerURL(opt.APIURL),
		bot.WithSkipGetMe(),
		bot.WithHTTPClient(opt.PollTimeout, opt.HTTPClient),
		bot.WithNotAsyncHandlers(),
		bot.WithErrorsHandler(func(err error) { b.log.Error("telegram client", "err", err) }),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	b.api = api
	b.out.Share(opt.Pacer, opt.GroupRate)
	if opt.Tickets != nil {
		b.tickets = escalation.NewOutbox(opt.Tickets, b, escalation.OutboxOptions{
			Owner: fmt.Sprintf("posbot-%d-%d", os.Getpid(), time.Now().UnixNano()), Log: opt.Log,
		})
	}
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	me, err := api.GetMe(cctx)
	if err != nil {
		return nil, fmt.Errorf("telegram: getMe: %w", err)
	}
	b.username = strings.ToLower(me.Username)
	if opt.SupportChatID != 0 {
		chat, err := api.GetChat(cctx, &bot.GetChatParams{ChatID: opt.SupportChatID})
		if err != nil {
			b.log.Warn("support chat not readable, treating it as a plain group", "support_chat_id", opt.SupportChatID, "err", err)
		} else {
			b.forum = chat.IsForum
		}
	}
	return b, nil
}

// Outbox is the Bot's sending queue, for metrics and tests.
func (b *Bot) Outbox() *Outbox { return b.out }

// Run takes updates until ctx is done; then it stops taking them, lets the
// updates in hand finish and their replies go out, within Options.Shutdown.
func (b *Bot) Run(ctx context.Context) error {
	// Work and sends outlive ctx by the shutdown grace period.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	outDone := make(chan struct{})
	go func() { b.out.Run(workCtx); close(outDone) }()
	delivDone := make(chan struct{})
	go func() {
		if b.tickets != nil {
			if b.opt.SupportChatID == 0 {
				b.log.Warn("SUPPORT_CHAT_ID is not set: tickets are kept but not sent to agents")
			}
			b.tickets.Run(ctx)
		}
		close(delivDone)
	}()

	var err error
	if b.opt.WebhookURL != "" {
		err = b.setWebhook(ctx)
		if err == nil {
			<-ctx.Done()
		}
	} else {
		if derr := b.deleteWebhook(ctx); derr != nil {
			b.log.Warn("telegram deleteWebhook failed", "err", derr)
		}
		err = b.poll(ctx, workCtx)
	}

	// Shutting down: finish what was taken, flush replies, then confirm.
	grace, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.opt.Shutdown)
	defer cancel()
	handled := make(chan struct{})
	go func() { b.wg.Wait(); close(handled) }()
	select {
	case <-handled:
	case <-grace.Done():
		b.log.Warn("shutdown: updates still being handled", "chats", b.activeChats())
	}
	if left := b.out.Flush(grace); left > 0 {
		b.log.Warn("shutdown: replies not sent", "count", left)
	}
	<-delivDone
	stopWork()
	<-outDone
	if b.opt.WebhookURL == "" {
		b.confirmOffset(grace)
	}
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	return err
}

func (b *Bot) activeChats() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.chats)
}

// dispatch routes one update to its chat's worker, keeping each chat in
// order while different chats run side by side. It blocks only when
// MaxPending updates are waiting, which slows intake instead of dropping; it
// reports false if ctx ended before the update was taken. It never waits on
// the database: polling takes the next updates while earlier ones are
// written.
//
// An update is done when it was handled and its replies went out; only
// then is it recorded as seen. One delivered again while in hand, or after
// it was done, is skipped; one whose handling a crash cut short is handled
// again when Telegram delivers it again. done is closed when u is done.
func (b *Bot) dispatch(ctx context.Context, u *models.Update) (taken bool, done <-chan struct{}) {
	closed := make(chan struct{})
	close(closed)
	chatID, job := b.route(u)
	if job == nil {
		return true, closed
	}
	if u.ID != 0 {
		b.mu.Lock()
		ch, busy := b.inflight[u.ID]
		finished := b.done[u.ID]
		b.mu.Unlock()
		if busy {
			return true, ch
		}
		if finished {
			return true, closed
		}
	}
	select {
	case b.pending <- struct{}{}:
	case <-ctx.Done():
		return false, closed
	}
	ch := make(chan struct{})
	if u.ID != 0 {
		b.mu.Lock()
		b.inflight[u.ID] = ch
		b.mu.Unlock()
		handle := job
		id := u.ID
		job = func(jctx context.Context) {
			// Done before a restart: asked here, in the chat's worker,
			// not in the polling loop.
			if b.seenBefore(jctx, id) {
				b.finish(id, ch)
				return
			}
			handle(jctx)
			// Done only once the replies are out: a crash before that
			// leaves the update to be handled again. The wait frees the
			// worker, so a chat held back by retry_after stalls no other.
			b.wg.Add(1)
			go func() {
				defer b.wg.Done()
				wctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				defer cancel()
				if !b.out.WaitChat(wctx, chatID) {
					b.finish(id, ch)
					return
				}
				b.markSeen(id, ch)
			}()
		}
	} else {
		close(ch)
	}
	b.mu.Lock()
	w := b.chats[chatID]
	if w == nil {
		w = &chatWork{}
		b.chats[chatID] = w
	}
	w.jobs = append(w.jobs, job)
	start := !w.running
	w.running = true
	if start {
		b.wg.Add(1)
	}
	b.mu.Unlock()
	if start {
		go b.drain(chatID, w)
	}
	return true, ch
}

// seenBefore reports whether update id was recorded as done, by this
// process or an earlier one; on a database error it is handled again.
func (b *Bot) seenBefore(ctx context.Context, id int64) bool {
	if b.opt.Tickets == nil {
		return false
	}
	seen, err := b.opt.Tickets.Seen(ctx, id)
	if err != nil {
		b.log.Error("update dedup failed, handling it anyway", "update_id", id, "err", err)
		return false
	}
	if seen {
		b.log.Info("update delivered twice, skipped", "update_id", id)
	}
	return seen
}

// doneUpdate is an update whose replies went out, waiting to be recorded
// as seen.
type doneUpdate struct {
	id int64
	ch chan struct{}
}

// markSeen records that update id is done, then finishes it. The records
// are written by one goroutine, writeMarks, in one transaction for all the
// updates done while the previous one was written: a group commit, one
// wait for the disk however many are done at once, and none on the way
// from an update to its reply. An update is finished (and polling may
// confirm it) only once its record is written, so that after a crash
// Telegram delivers it again, or the record says it is done.
func (b *Bot) markSeen(id int64, ch chan struct{}) {
	if b.opt.Tickets == nil {
		b.finish(id, ch)
		return
	}
	b.mu.Lock()
	b.marks = append(b.marks, doneUpdate{id: id, ch: ch})
	start := !b.marking
	b.marking = true
	if start {
		b.wg.Add(1)
	}
	b.mu.Unlock()
	if start {
		go b.writeMarks()
	}
}

// allSeen is the store's MarkAllSeen: many updates in one transaction.
type allSeen interface {
	MarkAllSeen(ctx context.Context, updateIDs []int64) error
}

// writeMarks records the updates markSeen queued until none is left.
func (b *Bot) writeMarks() {
	defer b.wg.Done()
	for {
		b.mu.Lock()
		batch := b.marks
		b.marks = nil
		if len(batch) == 0 {
			b.marking = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		ids := make([]int64, len(batch))
		for i, m := range batch {
			ids[i] = m.id
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		var err error
		if all, ok := b.opt.Tickets.(allSeen); ok {
			err = all.MarkAllSeen(ctx, ids)
		} else {
			for _, id := range ids {
				err = errors.Join(err, b.opt.Tickets.MarkSeen(ctx, id))
			}
		}
		cancel()
		if err != nil {
			b.log.Error("recording handled updates failed", "update_ids", ids, "err", err)
		}
		for _, m := range batch {
			b.finish(m.id, m.ch)
		}
	}
}

// finish ends an update's time in hand.
func (b *Bot) finish(id int64, ch chan struct{}) {
	b.mu.Lock()
	delete(b.inflight, id)
	b.done[id] = true
	// Polling asks again from the oldest update in hand: the ones done
	// since are remembered until an offset Telegram was sent passes them
	// (webhooks have no offset: the store's record serves there).
	for i := range b.done {
		if i < b.asked || len(b.done) > 100000 {
			delete(b.done, i)
		}
	}
	b.mu.Unlock()
	close(ch)
	select {
	case b.finished <- struct{}{}:
	default:
	}
}

// watermark is the update_id polling asks from: the oldest update still in
// hand, or the one after the highest taken.
func (b *Bot) watermark() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	w := int64(0)
	if b.maxID > 0 {
		w = b.maxID + 1
	}
	for id := range b.inflight {
		if id < w {
			w = id
		}
	}
	return w
}

func (b *Bot) drain(chatID int64, w *chatWork) {
	defer b.wg.Done()
	ctx := context.Background()
	for {
		b.mu.Lock()
		if len(w.jobs) == 0 {
			w.running = false
			delete(b.chats, chatID)
			b.mu.Unlock()
			return
		}
		job := w.jobs[0]
		w.jobs = w.jobs[1:]
		b.mu.Unlock()

		b.running <- struct{}{}
		b.safely(chatID, func() {
			jctx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			job(jctx)
		})
		<-b.running
		<-b.pending
	}
}

// safely runs fn so that a panic in one update is logged, not fatal.
func (b *Bot) safely(chatID int64, fn func()) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("update handler panicked", "chat_id", chatID, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	fn()
}

// route decides what an update is and returns the job that handles it, or
// nil to ignore it: channel posts, other bots, group chatter, and kinds of
// update posbot has nothing to say to.
func (b *Bot) route(u *models.Update) (int64, func(ctx context.Context)) {
	switch {
	case u == nil:
		return 0, nil
	case u.Message != nil:
		return b.routeMessage(u.ID, u.Message, false)
	case u.EditedMessage != nil:
		return b.routeMessage(u.ID, u.EditedMessage, true)
	case u.CallbackQuery != nil:
		cq := u.CallbackQuery
		chatID := cq.From.ID
		if m := cq.Message.Message; m != nil {
			chatID = m.Chat.ID
		} else if im := cq.Message.InaccessibleMessage; im != nil {
			chatID = im.Chat.ID
		}
		return chatID, func(ctx context.Context) { b.onCallback(ctx, eventID(u.ID), cq, chatID) }
	}
	return 0, nil
}

// eventID names an update for the dialogue's journal; an update without an
// id (never from Telegram) is not journalled.
func eventID(updateID int64) string {
	if updateID == 0 {
		return ""
	}
	return "telegram:update:" + strconv.FormatInt(updateID, 10)
}

func (b *Bot) routeMessage(updateID int64, m *models.Message, edited bool) (int64, func(ctx context.Context)) {
	if m.From == nil || m.From.IsBot || m.SenderChat != nil {
		return 0, nil
	}
	if b.opt.SupportChatID != 0 && m.Chat.ID == b.opt.SupportChatID && b.opt.Desk != nil && !edited {
		return m.Chat.ID, func(ctx context.Context) { b.onAgent(ctx, m) }
	}
	if m.Chat.Type != models.ChatTypePrivate {
		return 0, nil
	}
	return m.Chat.ID, func(ctx context.Context) { b.onMessage(ctx, eventID(updateID), m, edited) }
}

func (b *Bot) onMessage(ctx context.Context, event string, m *models.Message, edited bool) {
	text := m.Text
	if text == "" {
		text = m.Caption
	}
	if name, target := dialogue.CommandName(text); name != "" && target != "" && target != b.username {
		return // meant for another bot
	}
	in := dialogue.Inbound{
		ID: event, Merchant: merchant(m.From, m.Chat.ID), Text: text, Edited: edited, LangHint: m.From.LanguageCode,
		Attachments: attachments(m),
		Busy:        func() func() { return b.typing(ctx, m.Chat.ID) },
	}
	outs, err := b.engine.Handle(ctx, in)
	if err != nil {
		b.log.Error("handling a message", "chat_id", m.Chat.ID, "err", err)
	}
	b.emit(m.Chat.ID, outs, nil)
}

// emit sends the engine's replies; for a press, cq is the callback query
// whose message's buttons a Clear removes. It returns the toast, if any.
func (b *Bot) emit(chatID int64, outs []dialogue.Outbound, cq *models.CallbackQuery) (toast string) {
	for _, o := range outs {
		switch {
		case o.Clear:
			if cq != nil {
				b.clearButtons(cq)
			}
		case o.Toast:
			toast = o.Text
		case o.Edit && cq != nil && cq.Message.Message != nil:
			b.editPressed(cq.Message.Message, o.Text, buttons(o.Buttons))
		default:
			b.send(chatID, o.Text, buttons(o.Buttons))
		}
	}
	b.poke()
	return toast
}

// typing shows "typing…" until the returned func is called. The first
// action goes out before the work starts, so it never lands after the reply
// (which would leave "typing…" showing); it is repeated every 4 s, as
// Telegram lets it lapse after 5.
func (b *Bot) typing(ctx context.Context, chatID int64) (stop func()) {
	act := func(ctx context.Context) {
		sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_, err := b.api.SendChatAction(sctx, &bot.SendChatActionParams{ChatID: chatID, Action: models.ChatActionTyping})
		if err != nil && ctx.Err() == nil {
			b.log.Debug("typing action failed", "chat_id", chatID, "err", err)
		}
	}
	act(ctx)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(4 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				act(ctx)
			}
		}
	}()
	return func() { cancel(); <-done }
}

func (b *Bot) onCallback(ctx context.Context, event string, cq *models.CallbackQuery, chatID int64) {
	in := dialogue.Inbound{ID: event, Merchant: merchant(&cq.From, chatID), Pressed: true, Button: cq.Data, LangHint: cq.From.LanguageCode}
	if m := cq.Message.Message; m != nil {
		in.Shown = m.Text
	}
	outs, err := b.engine.Handle(ctx, in)
	if err != nil {
		b.log.Error("handling a button", "chat_id", chatID, "err", err)
	}
	b.answerPress(ctx, cq, chatID, b.emit(chatID, outs, cq))
}

// answerPress answers every press, known or not, so the button stops
// spinning.
func (b *Bot) answerPress(ctx context.Context, cq *models.CallbackQuery, chatID int64, note string) {
	actx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := b.api.AnswerCallbackQuery(actx, &bot.AnswerCallbackQueryParams{CallbackQueryID: cq.ID, Text: note}); err != nil {
		b.log.Warn("answerCallbackQuery failed", "chat_id", chatID, "err", err)
	}
}

// editPressed replaces the text and buttons of m, a message posbot sent:
// the first Telegram-sized part in place, any further parts after it, the
// buttons under the last.
func (b *Bot) editPressed(m *models.Message, text string, markup models.ReplyMarkup) {
	chatID, msgID := m.Chat.ID, m.ID
	parts := split(text, maxText, "")
	first := markup
	if len(parts) > 1 {
		first = &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	}
	b.out.Enqueue(chatID, "editMessageText", func(ctx context.Context) error {
		_, err := b.api.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: chatID, MessageID: msgID, Text: parts[0], ReplyMarkup: first})
		if err != nil && strings.Contains(err.Error(), "message is not modified") {
			return nil // pressed twice
		}
		if err != nil && cannotEdit(err) {
			// Telegram edits only recent messages (48 hours for a bot's
			// own): send the steps anew instead.
			b.log.Info("message too old to edit, sending anew", "chat_id", chatID, "message_id", msgID)
			_, err = b.api.SendMessage(ctx, &bot.SendMessageParams{ChatID: chatID, Text: parts[0], ReplyMarkup: first})
		}
		return err
	})
	for i, part := range parts[1:] {
		params := bot.SendMessageParams{ChatID: chatID, Text: part}
		if i == len(parts)-2 {
			params.ReplyMarkup = markup
		}
		b.out.Enqueue(chatID, "sendMessage", func(ctx context.Context) error {
			_, err := b.api.SendMessage(ctx, &params)
			return err
		})
	}
}

// cannotEdit tells Telegram's refusals to edit a message that is too old
// or gone, where sending the text anew is the only way to deliver it.
func cannotEdit(err error) bool {
	s := err.Error()
	return strings.Contains(s, "message can't be edited") || strings.Contains(s, "message to edit not found")
}

func (b *Bot) clearButtons(cq *models.CallbackQuery) {
	m := cq.Message.Message
	if m == nil {
		return
	}
	chatID, msgID := m.Chat.ID, m.ID
	b.out.Enqueue(chatID, "editMessageReplyMarkup", func(ctx context.Context) error {
		_, err := b.api.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{
			ChatID: chatID, MessageID: msgID, ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}},
		})
		return err
	})
}

// send queues text for chatID, split into Telegram-sized messages; the
// buttons go under the last one.
func (b *Bot) send(chatID int64, text string, markup models.ReplyMarkup) {
	b.queue(bot.SendMessageParams{ChatID: chatID}, text, "", markup)
}

// queue sends text with the chat and place of p, split into numbered parts
// when it is too long for one message (a line cut in the middle goes on
// with cont); the buttons go under the last part.
func (b *Bot) queue(p bot.SendMessageParams, text, cont string, markup models.ReplyMarkup) {
	chatID, _ := p.ChatID.(int64)
	parts := split(text, maxText, cont)
	for i, part := range parts {
		params := p
		params.Text = part
		if i == len(parts)-1 && markup != nil {
			params.ReplyMarkup = markup
		}
		b.out.Enqueue(chatID, "sendMessage", func(ctx context.Context) error {
			_, err := b.api.SendMessage(ctx, &params)
			return err
		})
	}
}

// split cuts text into pieces of at most limit UTF-16 code units, as
// Telegram counts, numbered "(1/3) " when there is more than one. It cuts
// at a line end where it can, else after a sentence (。！？.!?), else at a
// space, else between two characters. A line cut in the middle goes on in
// the next piece after cont: "> " keeps the rest of a quoted line quoted.
func split(text string, limit int, cont string) []string {
	if textLen(text) <= limit {
		return []string{text}
	}
	if t := strings.TrimRightFunc(text, unicode.IsSpace); textLen(t) <= limit {
		return []string{t}
	}
	// The numbering's width depends on how many pieces there are.
	for most := 9; ; most = most*10 + 9 {
		room := limit - textLen(numbered(most, most))
		pieces := cut(text, room, cont)
		if len(pieces) <= most {
			for i := range pieces {
				pieces[i] = numbered(i+1, len(pieces)) + pieces[i]
			}
			return pieces
		}
	}
}

func numbered(i, n int) string { return fmt.Sprintf("(%d/%d) ", i, n) }

// cut splits text into pieces of at most n UTF-16 code units, unnumbered.
func cut(text string, n int, cont string) []string {
	contRunes := utf8.RuneCountInString(cont)
	n = max(n, textLen(cont)+2) // room for progress: cont and one character
	var pieces []string
	for textLen(text) > n {
		r := []rune(text)
		end, size := 0, 0
		for end < len(r) && size+runeLen(r[end]) <= n {
			size += runeLen(r[end])
			end++
		}
		at, midLine := breakAt(r, end, contRunes)
		piece := strings.TrimRightFunc(string(r[:at]), unicode.IsSpace)
		rest := string(r[at:])
		if midLine {
			if rest = strings.TrimLeftFunc(rest, unicode.IsSpace); rest != "" {
				rest = cont + rest
			}
		} else {
			rest = strings.TrimLeft(rest, "\n")
		}
		if strings.TrimSpace(piece) != "" {
			pieces = append(pieces, piece)
		}
		text = rest
	}
	if text = strings.TrimRightFunc(text, unicode.IsSpace); text != "" || len(pieces) == 0 {
		pieces = append(pieces, text)
	}
	return pieces
}

// breakAt is where to cut r so that r[:at] fits in its first end runes: the
// last line end, sentence end or space in the second half of those, or
// else end itself, moved back off a character that joins the next. midLine
// reports a cut inside a line. Cuts are never within the first skip runes,
// so that every piece moves the text on.
func breakAt(r []rune, end, skip int) (at int, midLine bool) {
	lo := max(end/2, skip+1)
	for i := end; i > lo; i-- {
		if r[i-1] == '\n' {
			return i, false
		}
	}
	for i := end; i > lo; i-- {
		if sentenceEnd(r, i) {
			return i, true
		}
	}
	for i := end; i > lo; i-- {
		if unicode.IsSpace(r[i-1]) {
			return i, true
		}
	}
	at = end
	for at > skip+1 && at < len(r) && (joins(r[at]) || r[at-1] == '\u200d') {
		at--
	}
	return at, true
}

// sentenceEnd reports whether a sentence ends just before r[i], counting
// closing quotes and brackets after its mark. A full stop, ! or ? in ASCII
// ends one only before a space, so that 3.50 stays whole.
func sentenceEnd(r []rune, i int) bool {
	j := i - 1
	for j > 0 && strings.ContainsRune("”’」』）)\"'", r[j]) {
		j--
	}
	switch {
	case strings.ContainsRune("。！？", r[j]):
		return true
	case strings.ContainsRune(".!?", r[j]):
		return i == len(r) || unicode.IsSpace(r[i])
	}
	return false
}

// joins reports a character drawn together with the one before it: a
// combining mark, a variation selector, a zero-width joiner, a skin tone.
func joins(c rune) bool {
	return unicode.In(c, unicode.Mn, unicode.Me) || c == '\u200d' || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0x1f3fb && c <= 0x1f3ff)
}

// textLen is the length of s as Telegram counts it, in UTF-16 code units.
func textLen(s string) int {
	n := 0
	for _, c := range s {
		n += runeLen(c)
	}
	return n
}

func runeLen(c rune) int { return max(utf16.RuneLen(c), 1) }

// attachments lists what a message carries besides text, with where it
// was sent (for copyMessage) and its file_id (to send it again if the
// original is gone); nothing is downloaded, whatever its size.
func attachments(m *models.Message) []dialogue.Attachment {
	var as []dialogue.Attachment
	add := func(kind, fileID string) {
		as = append(as, dialogue.Attachment{Kind: kind, Ref: fileID, Chat: m.Chat.ID, Message: m.ID, Album: m.MediaGroupID})
	}
	if n := len(m.Photo); n > 0 {
		add(dialogue.AttachPhoto, m.Photo[n-1].FileID)
	}
	if m.Document != nil {
		add(dialogue.AttachFile, m.Document.FileID)
	}
	if m.Voice != nil {
		add(dialogue.AttachVoice, m.Voice.FileID)
	}
	if m.Video != nil {
		add(dialogue.AttachVideo, m.Video.FileID)
	}
	if m.Sticker != nil {
		add(dialogue.AttachSticker, m.Sticker.FileID)
	}
	return as
}
