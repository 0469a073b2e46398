package escalation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/posbot/posbot/internal/backoff"
)

// Sent is where a channel posted a delivery, when replies to it should
// find the ticket (a message in the support chat); zero otherwise.
type Sent struct {
	Chat    int64
	Message int
}

// Sender puts one delivery into its channel. It reports failures as
// *RetryAfter (try again no sooner than), *Permanent (it can never
// succeed), ErrNotMine (another channel's: leave it), or any other error
// (transient: retried with backoff).
type Sender interface {
	Send(ctx context.Context, d Delivery, t *Ticket) (Sent, error)
}

// RetryAfter asks for a delivery to be tried again after Wait.
type RetryAfter struct {
	Wait time.Duration
	Err  error
}

func (e *RetryAfter) Error() string { return fmt.Sprintf("retry after %s: %v", e.Wait, e.Err) }
func (e *RetryAfter) Unwrap() error { return e.Err }

// Permanent says a delivery can never succeed (the chat is gone, the
// request is malformed): it is marked failed.
type Permanent struct{ Err error }

func (e *Permanent) Error() string { return "permanent: " + e.Err.Error() }
func (e *Permanent) Unwrap() error { return e.Err }

// ErrNotMine is a Sender's answer for a delivery another channel sends; the
// outbox leaves it untouched for that channel.
var ErrNotMine = errors.New("escalation: delivery belongs to another channel")

// OutboxStore is the storage the outbox works from: the database is the
// queue, so a message stored with the change that causes it is sent even
// across restarts, outages and several processes.
type OutboxStore interface {
	Claim(ctx context.Context, owner string, lease time.Duration, limit int) ([]Delivery, error)
	Delivered(ctx context.Context, d Delivery, chat int64, message int) error
	Retry(ctx context.Context, d Delivery, next time.Time, reason string) error
	Failed(ctx context.Context, d Delivery, reason string) error
	Release(ctx context.Context, owner string) error
	// Renew says owner is alive and keeps its claims.
	Renew(ctx context.Context, owner string, lease time.Duration) error
	Ticket(ctx context.Context, id int64) (*Ticket, error)
}

// OutboxOptions tune an Outbox; zero values take the defaults.
type OutboxOptions struct {
	Owner    string        // names this process when claiming; required
	Lease    time.Duration // how long a claim holds; default 5 min
	Poll     time.Duration // how often the store is asked; default 1 s
	Parallel int           // deliveries in flight at once; default 16
	Retry    backoff.Policy
	Log      *slog.Logger
}

// Outbox claims tickets' deliveries and hands them to a Sender, recording
// each outcome: sent, retried later, or failed for good. Leases, retries
// and backoff live here once, for every channel.
type Outbox struct {
	store OutboxStore
	send  Sender
	opt   OutboxOptions
	kick  chan struct{}

	mu       sync.Mutex
	inflight map[int64]bool
	wg       sync.WaitGroup
}

// NewOutbox returns an outbox delivering from s through send.
func NewOutbox(s OutboxStore, send Sender, opt OutboxOptions) *Outbox {
	if opt.Lease <= 0 {
		opt.Lease = 5 * time.Minute
	}
	if opt.Poll <= 0 {
		opt.Poll = time.Second
	}
	if opt.Parallel <= 0 {
		opt.Parallel = 16
	}
	if opt.Retry.First <= 0 {
		// At most 10 s: a ticket is at most that late once its chat is
		// reachable again.
		opt.Retry = backoff.Policy{First: 500 * time.Millisecond, Max: 10 * time.Second}
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	return &Outbox{store: s, send: send, opt: opt, kick: make(chan struct{}, 1), inflight: map[int64]bool{}}
}

// Kick asks the outbox to look for due deliveries now.
func (o *Outbox) Kick() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, then waits for the sends in flight and gives
// back what it claimed and did not send.
func (o *Outbox) Run(ctx context.Context) {
	t := time.NewTicker(o.opt.Poll)
	defer t.Stop()
	// The heartbeat keeps this process's claims while its sends wait on
	// pacing or retry_after, and tells the others it is alive.
	beat := make(chan struct{})
	go func() {
		defer close(beat)
		bt := time.NewTicker(time.Second)
		defer bt.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-bt.C:
				if err := o.store.Renew(ctx, o.opt.Owner, o.opt.Lease); err != nil && ctx.Err() == nil {
					o.opt.Log.Warn("renewing claims failed", "err", err)
				}
			}
		}
	}()
	defer func() { <-beat }()
	sem := make(chan struct{}, o.opt.Parallel)
	for {
		ds, err := o.store.Claim(ctx, o.opt.Owner, o.opt.Lease, o.opt.Parallel)
		if err != nil && ctx.Err() == nil {
			o.opt.Log.Error("claiming deliveries failed", "err", err)
		}
		for _, d := range ds {
			if !o.start(d.ID) {
				continue
			}
			sem <- struct{}{}
			o.wg.Add(1)
			go func() {
				defer o.wg.Done()
				defer func() { <-sem }()
				o.one(ctx, d)
				o.finish(d.ID)
				o.Kick()
			}()
		}
		select {
		case <-ctx.Done():
			o.wg.Wait()
			o.release()
			return
		case <-t.C:
		case <-o.kick:
		}
	}
}

// Once delivers what is due now, one at a time, and returns how many went
// out; deliveries another channel sends are left to it.
func (o *Outbox) Once(ctx context.Context) (int, error) {
	defer o.release()
	ds, err := o.store.Claim(ctx, o.opt.Owner, o.opt.Lease, 100)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range ds {
		if o.one(ctx, d) {
			sent++
		}
	}
	return sent, nil
}

func (o *Outbox) start(id int64) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.inflight[id] {
		return false
	}
	o.inflight[id] = true
	return true
}

func (o *Outbox) finish(id int64) {
	o.mu.Lock()
	delete(o.inflight, id)
	o.mu.Unlock()
}

func (o *Outbox) release() {
	if err := o.store.Release(context.Background(), o.opt.Owner); err != nil {
		o.opt.Log.Warn("releasing claimed deliveries failed", "err", err)
	}
}

// one sends d and records the outcome; true when it was sent.
func (o *Outbox) one(ctx context.Context, d Delivery) bool {
	// The outcome is recorded even when ctx ends meanwhile.
	store := context.WithoutCancel(ctx)
	t, err := o.store.Ticket(store, d.TicketID)
	var sent Sent
	if err == nil {
		if d.Kind == KindCard && d.Text == "" {
			// Stored before cards were rendered as they were written.
			d.Text = Card(t, cardTurns)
		}
		sent, err = o.send.Send(ctx, d, t)
	} else {
		err = fmt.Errorf("ticket %d: %w", d.TicketID, err)
	}
	var after *RetryAfter
	var perm *Permanent
	switch {
	case err == nil:
		o.record(o.store.Delivered(store, d, sent.Chat, sent.Message))
		o.opt.Log.Info("delivered", "delivery", d.ID, "ticket", d.TicketID, "kind", string(d.Kind))
		return true
	case errors.Is(err, ErrNotMine):
		// Left for its channel; the claim is released.
	case errors.As(err, &perm):
		// Marked failed, the delivery flags its ticket in `posbot tickets`.
		o.opt.Log.Error("delivery failed for good", "delivery", d.ID, "ticket", d.TicketID, "kind", string(d.Kind), "err", err)
		o.record(o.store.Failed(store, d, err.Error()))
	case errors.As(err, &after):
		o.record(o.store.Retry(store, d, time.Now().Add(max(after.Wait, time.Second)), err.Error()))
	default:
		o.opt.Log.Warn("delivery failed, will retry", "delivery", d.ID, "ticket", d.TicketID, "try", d.Attempts+1, "err", err)
		o.record(o.store.Retry(store, d, time.Now().Add(o.opt.Retry.After(d.Attempts+1)), err.Error()))
	}
	return false
}

func (o *Outbox) record(err error) {
	if errors.Is(err, ErrLostClaim) {
		o.opt.Log.Warn("a delivery's claim passed to another process before its outcome was recorded", "err", err)
		return
	}
	if err != nil {
		o.opt.Log.Error("recording a delivery's outcome failed", "err", err)
	}
}
