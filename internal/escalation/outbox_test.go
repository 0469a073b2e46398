package escalation_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/escalation"
)

// sender answers each delivery with the error its text names.
type sender struct {
	mu   sync.Mutex
	sent []string
	errs map[string]error
}

func (s *sender) Send(_ context.Context, d escalation.Delivery, _ *escalation.Ticket) (escalation.Sent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.errs[d.Text]; err != nil {
		return escalation.Sent{}, err
	}
	s.sent = append(s.sent, d.Text)
	return escalation.Sent{}, nil
}

// The core outbox records every outcome the same way for every channel:
// sent, retried after a wait, retried with backoff, failed for good, or
// left to another channel.
func TestOutboxOutcomes(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		_, db := desk(t, kind)
		ctx := context.Background()
		texts := []string{"ok", "slow", "flaky", "gone", "theirs"}
		for _, text := range texts {
			tk := &escalation.Ticket{RequestKey: text, Merchant: me, CreatedAt: now}
			if _, _, err := db.CreateTicket(ctx, tk, func(*escalation.Ticket) []escalation.Delivery {
				return []escalation.Delivery{{Kind: escalation.KindToMerchant, Text: text}}
			}); err != nil {
				t.Fatal(err)
			}
		}
		s := &sender{errs: map[string]error{
			"slow":   &escalation.RetryAfter{Wait: time.Hour, Err: errors.New("429")},
			"flaky":  errors.New("connection reset"),
			"gone":   &escalation.Permanent{Err: errors.New("chat not found")},
			"theirs": escalation.ErrNotMine,
		}}
		o := escalation.NewOutbox(db, s, escalation.OutboxOptions{Owner: "a"})
		if n, err := o.Once(ctx); err != nil || n != 1 {
			t.Fatalf("Once: %d sent, %v", n, err)
		}
		if len(s.sent) != 1 || s.sent[0] != "ok" {
			t.Fatalf("sent %q", s.sent)
		}
		// Left untouched for its own channel: another owner claims it now.
		ds, err := db.Claim(ctx, "b", time.Minute, 10)
		if err != nil || len(ds) != 1 || ds[0].Text != "theirs" || ds[0].Attempts != 0 {
			t.Fatalf("after Once, claimable now: %+v %v; want only the other channel's, untried", ds, err)
		}
		if n, _ := db.PendingDeliveries(ctx); n != 3 {
			t.Errorf("%d pending, want slow, flaky and theirs (gone failed for good)", n)
		}
	})
}

// Run delivers until stopped, and a kick sends a new delivery at once.
func TestOutboxRun(t *testing.T) {
	_, db := desk(t, "sqlite")
	s := &sender{}
	o := escalation.NewOutbox(db, s, escalation.OutboxOptions{Owner: "a", Poll: time.Hour})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { o.Run(ctx); close(done) }()
	tk := &escalation.Ticket{RequestKey: "k", Merchant: me, CreatedAt: now}
	if _, _, err := db.CreateTicket(context.Background(), tk, func(*escalation.Ticket) []escalation.Delivery {
		return []escalation.Delivery{{Kind: escalation.KindToMerchant, Text: "hi"}}
	}); err != nil {
		t.Fatal(err)
	}
	o.Kick()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s.mu.Lock()
		n := len(s.sent)
		s.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("kicked delivery not sent")
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	<-done
}
