package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

func TestWindow(t *testing.T) {
	w := newWindow(3, time.Second)
	t0 := time.Unix(1000, 0)
	for i := 0; i < 3; i++ {
		if d := w.wait(t0); d != 0 {
			t.Fatalf("request %d refused for %v", i, d)
		}
		w.start()
	}
	if d := w.wait(t0); d != -1 {
		t.Fatalf("all in flight: wait %v, want -1", d)
	}
	w.finish(t0.Add(100 * time.Millisecond))
	w.finish(t0.Add(200 * time.Millisecond))
	if d := w.wait(t0.Add(300 * time.Millisecond)); d != 800*time.Millisecond {
		t.Errorf("wait %v, want 800ms (until the first reply is a second old)", d)
	}
	if d := w.wait(t0.Add(1100 * time.Millisecond)); d != 0 {
		t.Errorf("after the span: wait %v", d)
	}
	var nilw *window
	if nilw.wait(t0) != 0 || !nilw.quiet(t0) {
		t.Error("nil window limits")
	}
}

func TestPermanent(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("%w, Forbidden: bot was blocked by the user", bot.ErrorForbidden), true},
		{fmt.Errorf("%w, Bad Request: chat not found", bot.ErrorBadRequest), true},
		{&bot.MigrateError{Message: "x", MigrateToChatID: 5}, true},
		{errors.New("error response from telegram for method sendMessage, 502 Bad Gateway"), false},
		{&bot.TooManyRequestsError{RetryAfter: 3}, false},
	}
	for _, tt := range tests {
		if got := permanent(tt.err); got != tt.want {
			t.Errorf("permanent(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// Each chat's requests go out in order even when some fail and are retried.
func TestOutboxOrderAndRetry(t *testing.T) {
	o := NewOutbox(slog.New(slog.DiscardHandler), false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go o.Run(ctx)
	var mu sync.Mutex
	var got []int
	failed := false
	for i := 0; i < 5; i++ {
		o.Enqueue(7, "sendMessage", func(context.Context) error {
			mu.Lock()
			defer mu.Unlock()
			if i == 2 && !failed {
				failed = true
				return errors.New("connection reset")
			}
			got = append(got, i)
			return nil
		})
	}
	o.Enqueue(8, "sendMessage", func(context.Context) error {
		return fmt.Errorf("%w, Forbidden: bot was blocked by the user", bot.ErrorForbidden)
	})
	fctx, fcancel := context.WithTimeout(ctx, 10*time.Second)
	defer fcancel()
	if left := o.Flush(fctx); left != 0 {
		t.Fatalf("%d requests left", left)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(got) != "[0 1 2 3 4]" {
		t.Errorf("order %v", got)
	}
	if o.Retried != 1 || o.Dropped != 1 || o.Sent != 5 {
		t.Errorf("retried %d dropped %d sent %d", o.Retried, o.Dropped, o.Sent)
	}
}
