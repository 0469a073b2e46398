package store_test

import (
	"context"
	"testing"

	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/store/storetest"
)

// Writes under DeferSync are stored like any other, and leave the
// connection waiting for the disk for every other commit; the mark of
// one database does not defer another's writes.
func TestDeferSync(t *testing.T) {
	each(t, func(t *testing.T, kind string, db *store.DB) {
		ctx := context.Background()
		want := map[string]string{"sqlite": "2", "postgres": "on"}[kind]
		if got, err := db.Synchronous(ctx); err != nil || got != want {
			t.Fatalf("synchronous before: %q %v, want %q", got, err, want)
		}
		deferred := db.DeferSync(ctx)
		c := &escalation.Conversation{Key: "telegram:5", Topic: "device"}
		if err := db.SaveConversation(deferred, c); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordFeedback(deferred, escalation.Feedback{Merchant: "telegram:5", ArticleID: "a", Helpful: true}); err != nil {
			t.Fatal(err)
		}
		if err := db.Remember(deferred, "telegram:5", "898440153990123", "12345678"); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveHandled(deferred, "telegram:update:5", []byte(`[]`)); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Conversation(ctx, "telegram:5"); err != nil || got.Topic != "device" {
			t.Errorf("conversation %+v %v", got, err)
		}
		if no, _, ok, err := db.Remembered(ctx, "telegram:5", c.UpdatedAt.Add(-1)); err != nil || !ok || no != "898440153990123" {
			t.Errorf("remembered %q %v %v", no, ok, err)
		}
		if _, ok, err := db.HandledReplies(ctx, "telegram:update:5"); err != nil || !ok {
			t.Errorf("handled %v %v", ok, err)
		}
		if got, err := db.Synchronous(ctx); err != nil || got != want {
			t.Errorf("synchronous after deferred writes: %q %v, want %q", got, err, want)
		}

		// Another database's mark defers nothing here.
		other := storetest.Open(t, kind)
		if err := db.SaveConversation(other.DeferSync(ctx), &escalation.Conversation{Key: "telegram:6"}); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Synchronous(ctx); err != nil || got != want {
			t.Errorf("synchronous after: %q %v, want %q", got, err, want)
		}
	})
}

// Many updates are recorded as seen at once, again or not.
func TestMarkAllSeen(t *testing.T) {
	each(t, func(t *testing.T, _ string, db *store.DB) {
		ctx := context.Background()
		if err := db.MarkSeen(ctx, 7); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkAllSeen(ctx, []int64{5, 6, 7, 6}); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkAllSeen(ctx, nil); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[int64]bool{5: true, 6: true, 7: true, 8: false} {
			if got, err := db.Seen(ctx, id); err != nil || got != want {
				t.Errorf("Seen(%d) = %v %v, want %v", id, got, err, want)
			}
		}
	})
}
