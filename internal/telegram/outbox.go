package telegram

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/go-telegram/bot"

	"github.com/posbot/posbot/internal/backoff"
)

// Telegram's limits for one bot: about 30 messages a second overall, 20 a
// minute into one group, and about one a second into one chat.
const (
	globalPerSecond = 30
	groupPerMinute  = 20
	chatInterval    = time.Second
)

// sendRetry spaces the retries of one failed send.
var sendRetry = backoff.Policy{First: 500 * time.Millisecond, Max: 30 * time.Second}

// window allows at most n requests in any span of per, as Telegram sees
// them. A request reaches Telegram somewhere between its start and its
// reply, so the window counts requests in flight plus those answered within
// the last span: then no span of arrival times can hold more than n,
// however long each request takes on the way.
type window struct {
	n        int
	per      time.Duration
	inflight int
	done     []time.Time // replies within the last span, oldest first
}

func newWindow(n int, per time.Duration) *window { return &window{n: n, per: per} }

// wait is how long until a request may start: 0 now, or -1 when only a
// reply to one in flight can free a place.
func (w *window) wait(now time.Time) time.Duration {
	if w == nil {
		return 0
	}
	for len(w.done) > 0 && now.Sub(w.done[0]) >= w.per {
		w.done = w.done[1:]
	}
	if w.inflight+len(w.done) < w.n {
		return 0
	}
	if len(w.done) == 0 {
		return -1
	}
	return w.done[0].Add(w.per).Sub(now)
}

func (w *window) start() {
	if w != nil {
		w.inflight++
	}
}

// finish records the reply to a request started earlier.
func (w *window) finish(t time.Time) {
	if w != nil {
		w.inflight--
		w.done = append(w.done, t)
	}
}

// quiet reports whether the window no longer constrains anything.
func (w *window) quiet(now time.Time) bool { return w.wait(now) == 0 && (w == nil || len(w.done) == 0) }

// request is one call to the Bot API that sends something into a chat.
type request struct {
	chatID int64
	what   string // for logs: "sendMessage", "editMessageReplyMarkup"
	do     func(ctx context.Context) error
	tries  int
	queued time.Time
	// once requests are tried a single time: their owner (the ticket
	// deliveries in the database) schedules any retry itself.
	once bool
}

type chatQueue struct {
	reqs []*request
	busy bool // a request of this chat is in flight
	// drained, when someone waits, is closed once nothing is queued or in
	// flight (WaitChat).
	drained chan struct{}
	after   time.Time // nothing is sent before this (retry_after, backoff)
	win     *window
}

// Outbox is the one path by which posbot sends into chats. It queues
// instead of dropping, keeps each chat's requests in order, paces them within
// Telegram's limits, honours retry_after on 429, retries transient failures
// with backoff and gives up only on permanent errors.
type Outbox struct {
	log   *slog.Logger
	paced bool
	// groupRate is how many messages a minute go into one group.
	groupRate int
	// shared, if set, spaces messages with every other process sharing it.
	shared Pacer
	mu     sync.Mutex
	chats  map[int64]*chatQueue
	global *window
	queued int
	wake   chan struct{}
	idle   chan struct{} // closed and replaced when the queue empties

	// Counters, for metrics and tests.
	Sent, Retried, Throttled, Dropped int64
}

// NewOutbox returns an Outbox; with paced false it sends as fast as it can
// (for benchmarks against a fake server only).
func NewOutbox(log *slog.Logger, paced bool) *Outbox {
	o := &Outbox{
		log:       log,
		paced:     paced,
		groupRate: groupPerMinute,
		chats:     map[int64]*chatQueue{},
		wake:      make(chan struct{}, 1),
		idle:      make(chan struct{}),
	}
	if paced {
		o.global = newWindow(globalPerSecond, time.Second)
	}
	return o
}

// Pacer shares Telegram's limits among the processes sending for one bot.
type Pacer interface {
	// Reserve takes the next place, not before after, in scope's rate of
	// one message per interval and returns when it comes.
	Reserve(ctx context.Context, scope string, interval time.Duration, after time.Time) (time.Time, error)
}

// Share makes o keep Telegram's limits together with every process that
// shares p (the database; nil for none): the overall 30 a second, and 20 a minute into
// each group, spaced evenly. groupRate, if positive, replaces the 20 (tests
// use a faster one). Call it before Run.
func (o *Outbox) Share(p Pacer, groupRate int) {
	o.shared = p
	if groupRate > 0 {
		o.groupRate = groupRate
	}
}

// reserve waits for the places in the shared rates a request to chatID
// needs. It fails only when ctx ends; if the database cannot be reached
// the request goes with this process's own pacing.
func (o *Outbox) reserve(ctx context.Context, chatID int64) error {
	if o.shared == nil || !o.paced {
		return nil
	}
	// The group's place first, then the overall one no earlier, so that a
	// message waiting for its group never goes out in a burst with others.
	var at time.Time
	var err error
	if chatID < 0 {
		at, err = o.shared.Reserve(ctx, "chat:"+strconv.FormatInt(chatID, 10), time.Minute/time.Duration(o.groupRate), at)
	}
	if err == nil {
		at, err = o.shared.Reserve(ctx, "global", time.Second/globalPerSecond, at)
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		o.log.Warn("shared pacing unavailable, pacing alone", "chat_id", chatID, "err", err)
	}
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Enqueue adds a request for chatID behind the chat's earlier ones.
func (o *Outbox) Enqueue(chatID int64, what string, do func(ctx context.Context) error) {
	o.enqueue(&request{chatID: chatID, what: what, do: do})
}

// EnqueueOnce is Enqueue for a request tried once, paced like the others;
// a 429 still holds back the chat's later requests for retry_after.
func (o *Outbox) EnqueueOnce(chatID int64, what string, do func(ctx context.Context) error) {
	o.enqueue(&request{chatID: chatID, what: what, do: do, once: true})
}

func (o *Outbox) enqueue(req *request) {
	chatID := req.chatID
	o.mu.Lock()
	q := o.chats[chatID]
	if q == nil {
		q = &chatQueue{}
		if o.paced {
			if chatID < 0 {
				q.win = newWindow(o.groupRate, time.Minute)
			} else {
				q.win = newWindow(1, chatInterval)
			}
		}
		o.chats[chatID] = q
	}
	req.queued = time.Now()
	q.reqs = append(q.reqs, req)
	o.queued++
	o.mu.Unlock()
	o.poke()
}

// Throttles is how many 429s Telegram has answered.
func (o *Outbox) Throttles() int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.Throttled
}

// Len is the number of requests waiting or in flight.
func (o *Outbox) Len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.queued
}

// WaitChat waits until nothing is queued or in flight for chatID, or ctx
// ends; it reports whether the chat's queue emptied.
func (o *Outbox) WaitChat(ctx context.Context, chatID int64) bool {
	o.mu.Lock()
	q := o.chats[chatID]
	if q == nil || len(q.reqs) == 0 && !q.busy {
		o.mu.Unlock()
		return true
	}
	if q.drained == nil {
		q.drained = make(chan struct{})
	}
	drained := q.drained
	o.mu.Unlock()
	select {
	case <-drained:
		return true
	case <-ctx.Done():
		return false
	}
}

func (o *Outbox) poke() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx is done. Requests in flight when it ends are finished
// with their own context by then cancelled.
func (o *Outbox) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		req, wait := o.pick(time.Now())
		if req != nil {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o.send(ctx, req)
			}()
			continue
		}
		if wait <= 0 {
			wait = time.Hour
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-o.wake:
		case <-timer.C:
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
	}
}

// pick takes the request that may go now, the longest-waiting first, or
// says how long until one may.
func (o *Outbox) pick(now time.Time) (*request, time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if g := o.global.wait(now); g != 0 {
		return nil, g
	}
	var best *chatQueue
	var wait time.Duration
	for id, q := range o.chats {
		if q.busy {
			continue
		}
		if len(q.reqs) == 0 {
			// Forget a quiet chat once its limits no longer matter.
			if q.win.quiet(now) && !now.Before(q.after) {
				delete(o.chats, id)
			}
			continue
		}
		d := q.win.wait(now)
		if a := q.after.Sub(now); a > d {
			d = a
		}
		if d > 0 {
			if wait <= 0 || d < wait {
				wait = d
			}
			continue
		}
		if best == nil || q.reqs[0].queued.Before(best.reqs[0].queued) {
			best = q
		}
	}
	if best == nil {
		return nil, wait
	}
	best.busy = true
	best.win.start()
	o.global.start()
	return best.reqs[0], 0
}

// requestTimeout bounds one call, so a stalled connection cannot hold a
// chat's queue; the request is retried like any transient failure.
const requestTimeout = 30 * time.Second

func (o *Outbox) send(ctx context.Context, req *request) {
	err := o.reserve(ctx, req.chatID)
	if err == nil {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		err = req.do(rctx)
		cancel()
	}
	now := time.Now()
	o.mu.Lock()
	q := o.chats[req.chatID]
	q.busy = false
	q.win.finish(now)
	o.global.finish(now)
	done := true
	var tooMany *bot.TooManyRequestsError
	switch {
	case err == nil:
		o.Sent++
	case errors.As(err, &tooMany):
		o.Throttled++
		retry := time.Duration(tooMany.RetryAfter) * time.Second
		if retry <= 0 {
			retry = time.Second
		}
		q.after = now.Add(retry)
		done = false
		o.log.Warn("telegram rate limit", "chat_id", req.chatID, "method", req.what, "retry_after_s", tooMany.RetryAfter)
	case ctx.Err() != nil:
		// Shutting down: the request stays queued and is reported by Pending.
		done = false
	case permanent(err):
		o.Dropped++
		o.log.Error("telegram send failed for good", "chat_id", req.chatID, "method", req.what, "err", err)
	default:
		o.Retried++
		req.tries++
		q.after = now.Add(sendRetry.After(req.tries))
		done = false
		o.log.Warn("telegram send failed, will retry", "chat_id", req.chatID, "method", req.what, "try", req.tries, "err", err)
	}
	if req.once && ctx.Err() == nil {
		done = true
	}
	if done {
		q.reqs = q.reqs[1:]
		o.queued--
		if o.queued == 0 {
			close(o.idle)
			o.idle = make(chan struct{})
		}
	}
	if len(q.reqs) == 0 && q.drained != nil {
		close(q.drained)
		q.drained = nil
	}
	o.mu.Unlock()
	o.poke()
}

// Flush waits until every queued request is sent or dropped, or ctx ends;
// it returns how many were left.
func (o *Outbox) Flush(ctx context.Context) int {
	for {
		o.mu.Lock()
		n, idle := o.queued, o.idle
		o.mu.Unlock()
		if n == 0 {
			return 0
		}
		select {
		case <-ctx.Done():
			return o.Len()
		case <-idle:
		}
	}
}

// permanent reports errors that no retry will mend: the merchant blocked the
// bot, the chat is gone, the request itself is wrong, the token is revoked.
func permanent(err error) bool {
	var migrate *bot.MigrateError
	return errors.Is(err, bot.ErrorForbidden) || errors.Is(err, bot.ErrorBadRequest) ||
		errors.Is(err, bot.ErrorNotFound) || errors.Is(err, bot.ErrorUnauthorized) ||
		errors.Is(err, bot.ErrorConflict) || errors.As(err, &migrate)
}
