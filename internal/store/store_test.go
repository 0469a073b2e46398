package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/gaps"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/store/storetest"
)

// each runs fn on every kind of database.
func each(t *testing.T, fn func(t *testing.T, kind string, db *store.DB)) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) { fn(t, kind, storetest.Open(t, kind)) })
	}
}

func ticket(key string) *escalation.Ticket {
	return &escalation.Ticket{
		RequestKey:  key,
		Merchant:    escalation.Merchant{Channel: "telegram", ID: "42", Person: "42", Name: "张三", Username: "zhang", Lang: "zh"},
		Fields:      escalation.Fields{MerchantNo: "898440153990123", Amount: "520.00"},
		Description: "扫码收款没到账",
		Topic:       "missing-credit",
		Articles:    []string{"missing-credit-qr-not-credited"},
		Transcript:  []escalation.Turn{{Role: escalation.RoleMerchant, Text: "扫码没到账", At: time.UnixMilli(1000)}},
	}
}

func TestConversation(t *testing.T) {
	each(t, func(t *testing.T, _ string, db *store.DB) {
		ctx := context.Background()
		c, err := db.Conversation(ctx, "telegram:7")
		if err != nil || c.Key != "telegram:7" || c.Mode != escalation.ModeIdle {
			t.Fatalf("fresh conversation %+v, %v", c, err)
		}
		c.Mode = escalation.ModeCollecting
		c.Fields.MerchantNo = "898440153990123"
		c.AddTurn(escalation.Turn{Role: escalation.RoleMerchant, Text: "转人工"})
		if err := db.SaveConversation(ctx, c); err != nil {
			t.Fatal(err)
		}
		c.Asking = "terminal_no"
		if err := db.SaveConversation(ctx, c); err != nil {
			t.Fatal(err)
		}
		got, err := db.Conversation(ctx, "telegram:7")
		if err != nil {
			t.Fatal(err)
		}
		if got.Mode != escalation.ModeCollecting || got.Asking != "terminal_no" || got.Fields.MerchantNo != "898440153990123" || len(got.Turns) != 1 {
			t.Errorf("got %+v", got)
		}
	})
}

func TestTicketLifecycle(t *testing.T) {
	each(t, func(t *testing.T, _ string, db *store.DB) {
		ctx := context.Background()
		card := func(saved *escalation.Ticket) []escalation.Delivery {
			return []escalation.Delivery{{Kind: escalation.KindCard, Text: fmt.Sprintf("card #%d", saved.ID)}, {Kind: escalation.KindToMerchant, Text: "已提交"}}
		}
		tk, created, err := db.CreateTicket(ctx, ticket("k1"), card)
		if err != nil || !created || tk.ID == 0 {
			t.Fatalf("create: %+v %v %v", tk, created, err)
		}
		again, created, err := db.CreateTicket(ctx, ticket("k1"), card)
		if err != nil || created || again.ID != tk.ID {
			t.Fatalf("duplicate request key made a new ticket: %+v %v %v", again, created, err)
		}
		got, err := db.Ticket(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != escalation.StatusOpen || got.Fields.MerchantNo != "898440153990123" || got.Merchant.Name != "张三" ||
			len(got.Articles) != 1 || len(got.Transcript) != 1 || got.CreatedAt.IsZero() {
			t.Errorf("ticket %+v", got)
		}
		if _, err := db.Ticket(ctx, 9999); !errors.Is(err, escalation.ErrNotFound) {
			t.Errorf("missing ticket: %v", err)
		}

		// Deliveries come out in order, one ticket at a time.
		ds, err := db.Claim(ctx, "a", time.Minute, 10)
		if err != nil || len(ds) != 1 || ds[0].Kind != escalation.KindCard {
			t.Fatalf("claim: %+v %v", ds, err)
		}
		if more, _ := db.Claim(ctx, "b", time.Minute, 10); len(more) != 0 {
			t.Fatalf("claimed past an unsent card: %+v", more)
		}
		// A process stopping gives its claims back at once.
		if err := db.Release(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		byB, _ := db.Claim(ctx, "b", time.Minute, 10)
		if len(byB) != 1 || byB[0].ID != ds[0].ID {
			t.Fatalf("released card not claimable: %+v", byB)
		}
		if err := db.Delivered(ctx, ds[0], -100, 501); !errors.Is(err, escalation.ErrLostClaim) {
			t.Fatalf("a recorded a delivery b now holds: %v", err)
		}
		ds = byB
		if err := db.SetSupportThread(ctx, tk.ID, -100, 77); err != nil {
			t.Fatal(err)
		}
		if err := db.Delivered(ctx, ds[0], -100, 501); err != nil {
			t.Fatal(err)
		}
		ds, _ = db.Claim(ctx, "a", time.Minute, 10)
		if len(ds) != 1 || ds[0].Kind != escalation.KindToMerchant {
			t.Fatalf("second delivery: %+v", ds)
		}
		if err := db.Retry(ctx, ds[0], time.Now().Add(-time.Second), "502"); err != nil {
			t.Fatal(err)
		}
		ds, _ = db.Claim(ctx, "a", time.Minute, 10)
		if len(ds) != 1 || ds[0].Attempts != 1 {
			t.Fatalf("retried delivery: %+v", ds)
		}
		if err := db.Failed(ctx, ds[0], "403"); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.PendingDeliveries(ctx); n != 0 {
			t.Errorf("%d pending", n)
		}

		// Agents' messages find the ticket by topic or by reply.
		for _, c := range []struct{ thread, reply int }{{77, 0}, {0, 501}} {
			got, err := db.TicketForSupport(ctx, -100, c.thread, c.reply)
			if err != nil || got.ID != tk.ID {
				t.Errorf("TicketForSupport(%d, %d) = %v, %v", c.thread, c.reply, got, err)
			}
		}
		if _, err := db.TicketForSupport(ctx, -100, 0, 999); !errors.Is(err, escalation.ErrNotFound) {
			t.Errorf("unrelated reply: %v", err)
		}

		if err := db.AddTurn(ctx, tk.ID, escalation.Turn{Role: escalation.RoleAgent, Text: "已查到", At: time.Now()},
			[]escalation.Delivery{{Kind: escalation.KindToMerchant, Text: "已查到"}}); err != nil {
			t.Fatal(err)
		}
		if turns, _ := db.Turns(ctx, tk.ID); len(turns) != 1 || turns[0].Role != escalation.RoleAgent {
			t.Errorf("turns %+v", turns)
		}
		ok, err := db.CloseTicket(ctx, tk.ID, time.Now(), nil)
		if err != nil || !ok {
			t.Fatalf("close: %v %v", ok, err)
		}
		if ok, _ := db.CloseTicket(ctx, tk.ID, time.Now(), nil); ok {
			t.Error("closed twice")
		}
		if err := db.RateTicket(ctx, tk.ID, 5); err != nil {
			t.Fatal(err)
		}
		if err := db.RateTicket(ctx, tk.ID, 6); err == nil {
			t.Error("rating 6 accepted")
		}
		open, _ := db.Tickets(ctx, escalation.StatusOpen, 10)
		all, _ := db.Tickets(ctx, "", 10)
		if len(open) != 0 || len(all) != 1 || all[0].Rating != 5 || all[0].ClosedAt.IsZero() {
			t.Errorf("open %d, all %+v", len(open), all)
		}
	})
}

func TestFirstSeenAndFeedback(t *testing.T) {
	each(t, func(t *testing.T, _ string, db *store.DB) {
		ctx := context.Background()
		if ok, err := db.FirstSeen(ctx, 100); err != nil || !ok {
			t.Fatalf("first: %v %v", ok, err)
		}
		if ok, _ := db.FirstSeen(ctx, 100); ok {
			t.Error("an update seen twice counted as new")
		}
		if err := db.PruneSeen(ctx, time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.FirstSeen(ctx, 100); !ok {
			t.Error("a pruned update id is still remembered")
		}
		if err := db.RecordFeedback(ctx, escalation.Feedback{Merchant: "telegram:1", ArticleID: "a", Helpful: true}); err != nil {
			t.Fatal(err)
		}
	})
}

// The replies of a handled event are kept, the first handling's stand, and
// pruning forgets them.
func TestHandledEvents(t *testing.T) {
	each(t, func(t *testing.T, _ string, db *store.DB) {
		ctx := context.Background()
		if _, ok, err := db.HandledReplies(ctx, "telegram:update:1"); err != nil || ok {
			t.Fatalf("unhandled event: %v %v", ok, err)
		}
		if err := db.SaveHandled(ctx, "telegram:update:1", []byte(`[{"Text":"一"}]`)); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveHandled(ctx, "telegram:update:1", []byte(`[{"Text":"二"}]`)); err != nil {
			t.Fatal(err)
		}
		if got, ok, err := db.HandledReplies(ctx, "telegram:update:1"); err != nil || !ok || string(got) != `[{"Text":"一"}]` {
			t.Fatalf("replies %s %v %v", got, ok, err)
		}
		if err := db.PruneSeen(ctx, time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := db.HandledReplies(ctx, "telegram:update:1"); ok {
			t.Error("a pruned event is still remembered")
		}
	})
}

// Places in a shared rate are handed out one interval apart, whichever
// connection asks, and never before the time asked for.
func TestReserve(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			url := storetest.URL(t, kind)
			a, b := storetest.OpenURL(t, url), storetest.OpenURL(t, url)
			ctx := context.Background()
			start := time.Now()
			var got []time.Time
			for i := 0; i < 6; i++ {
				db := a
				if i%2 == 1 {
					db = b
				}
				at, err := db.Reserve(ctx, "chat:-1", time.Second, time.Time{})
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, at)
			}
			if got[0].Before(start.Add(-time.Millisecond)) || got[0].After(time.Now()) {
				t.Errorf("first place %v, asked at %v", got[0], start)
			}
			for i := 1; i < len(got); i++ {
				if d := got[i].Sub(got[i-1]); d != time.Second {
					t.Errorf("place %d is %v after the one before", i, d)
				}
			}
			later := time.Now().Add(time.Hour).Truncate(time.Microsecond)
			if at, _ := a.Reserve(ctx, "global", time.Second, later); at.Before(later) {
				t.Errorf("place %v before %v", at, later)
			}
		})
	}
}

// Two processes sharing one database never claim the same delivery.
func TestClaimIsExclusive(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			url := storetest.URL(t, kind)
			a, b := storetest.OpenURL(t, url), storetest.OpenURL(t, url)
			ctx := context.Background()
			for i := 0; i < 40; i++ {
				if _, _, err := a.CreateTicket(ctx, ticket(fmt.Sprint("key", i)), func(*escalation.Ticket) []escalation.Delivery {
					return []escalation.Delivery{{Kind: escalation.KindCard, Text: "c"}}
				}); err != nil {
					t.Fatal(err)
				}
			}
			var mu sync.Mutex
			seen := map[int64]string{}
			var wg sync.WaitGroup
			for _, p := range []struct {
				name string
				db   *store.DB
			}{{"a", a}, {"b", b}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						ds, err := p.db.Claim(ctx, p.name, time.Minute, 3)
						if err != nil {
							t.Error(err)
							return
						}
						if len(ds) == 0 {
							return
						}
						for _, d := range ds {
							mu.Lock()
							if prev, dup := seen[d.ID]; dup {
								t.Errorf("delivery %d claimed by %s and %s", d.ID, prev, p.name)
							}
							seen[d.ID] = p.name
							mu.Unlock()
							if err := p.db.Delivered(ctx, d, -100, int(d.ID)); err != nil {
								t.Error(err)
							}
						}
					}
				}()
			}
			wg.Wait()
			if len(seen) != 40 {
				t.Errorf("%d deliveries claimed, want 40", len(seen))
			}
		})
	}
}

// Reopening a database keeps everything and applies no migration twice.
func TestReopen(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			url := storetest.URL(t, kind)
			db := storetest.OpenURL(t, url)
			if _, _, err := db.CreateTicket(context.Background(), ticket("k"), nil); err != nil {
				t.Fatal(err)
			}
			db.Close()
			db2 := storetest.OpenURL(t, url)
			if ts, err := db2.Tickets(context.Background(), "", 10); err != nil || len(ts) != 1 {
				t.Errorf("after reopen: %d tickets, %v", len(ts), err)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	for _, url := range []string{"mysql://x", "sqlite://", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"} {
		if _, err := store.Open(context.Background(), url); err == nil {
			t.Errorf("Open(%q) succeeded", url)
		}
	}
}

func TestGapsStoredMaskedAndPruned(t *testing.T) {
	each(t, func(t *testing.T, _ string, db *store.DB) {
		ctx := context.Background()
		old := time.Now().Add(-100 * 24 * time.Hour)
		for _, e := range []gaps.Event{
			{At: old, Kind: gaps.KindNoAnswer, Question: "很久以前的问题"},
			{Kind: gaps.KindNotHelpful, Question: "卡号6222021234567890刷不了", Article: "declined-overview", Topic: "declined"},
		} {
			if err := db.RecordGap(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		n, err := db.PruneGaps(ctx, time.Now().Add(-90*24*time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("pruned %d, %v", n, err)
		}
		es, err := db.Gaps(ctx, time.Now().Add(-time.Hour))
		if err != nil || len(es) != 1 {
			t.Fatalf("gaps %+v %v", es, err)
		}
		if es[0].Question != "卡号622202******7890刷不了" || es[0].Article != "declined-overview" || es[0].Kind != gaps.KindNotHelpful {
			t.Errorf("event %+v", es[0])
		}
	})
}

// A claim holds while its holder is alive, however long its send waits, and
// is free within seconds of the holder stopping, not when its lease ends;
// only the holder records the outcome.
func TestClaimFollowsItsHolder(t *testing.T) {
	each(t, func(t *testing.T, _ string, db *store.DB) {
		ctx := context.Background()
		db.HolderTimeout(time.Second)
		if _, _, err := db.CreateTicket(ctx, ticket("k"), func(*escalation.Ticket) []escalation.Delivery {
			return []escalation.Delivery{{Kind: escalation.KindCard, Text: "card"}}
		}); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Claim(ctx, "a", 100*time.Millisecond, 10)
		if err != nil || len(ds) != 1 {
			t.Fatalf("a claims: %+v %v", ds, err)
		}
		// a is alive and renews past its short lease: b gets nothing.
		for i := 0; i < 4; i++ {
			time.Sleep(150 * time.Millisecond)
			if err := db.Renew(ctx, "a", 100*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			if got, _ := db.Claim(ctx, "b", time.Minute, 10); len(got) != 0 {
				t.Fatalf("b claimed a live holder's delivery after %d renewals", i+1)
			}
		}
		// a stops (a crash): b claims it within the holder timeout, though
		// b's own lease is a minute.
		time.Sleep(1500 * time.Millisecond)
		got, err := db.Claim(ctx, "b", time.Minute, 10)
		if err != nil || len(got) != 1 {
			t.Fatalf("after a stopped, b claims: %+v %v", got, err)
		}
		// a's late outcome is refused; b's is recorded.
		if err := db.Delivered(ctx, ds[0], -100, 1); !errors.Is(err, escalation.ErrLostClaim) {
			t.Errorf("the old holder recorded the outcome: %v", err)
		}
		if err := db.Delivered(ctx, got[0], -100, 2); err != nil {
			t.Errorf("the holder could not record: %v", err)
		}
	})
}

// A claim is compare-and-set: only from the assignee it had; reopening
// works on a closed ticket only; blocks are kept and listed.
func TestAssignReopenBlock(t *testing.T) {
	each(t, func(t *testing.T, _ string, db *store.DB) {
		ctx := context.Background()
		tk, _, err := db.CreateTicket(ctx, ticket("k-assign"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := db.AssignTicket(ctx, tk.ID, "", "@li", []escalation.Delivery{{Kind: escalation.KindCardUpdate, Text: "card"}}); err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if ok, _ := db.AssignTicket(ctx, tk.ID, "", "@wang", nil); ok {
			t.Error("a second claim from nobody succeeded")
		}
		if ok, _ := db.AssignTicket(ctx, tk.ID, "@li", "@wang", nil); !ok {
			t.Error("a forced claim from the holder failed")
		}
		if got, _ := db.Ticket(ctx, tk.ID); got.Assignee != "@wang" {
			t.Errorf("assignee %q", got.Assignee)
		}
		if ok, _ := db.ReopenTicket(ctx, tk.ID, nil); ok {
			t.Error("an open ticket reopened")
		}
		if ok, _ := db.CloseTicket(ctx, tk.ID, time.Now(), nil); !ok {
			t.Fatal("close failed")
		}
		if ok, err := db.ReopenTicket(ctx, tk.ID, []escalation.Delivery{{Kind: escalation.KindToSupport, Text: "reopened"}}); err != nil || !ok {
			t.Fatalf("reopen: %v %v", ok, err)
		}
		if got, _ := db.Ticket(ctx, tk.ID); got.Status != escalation.StatusOpen || !got.ClosedAt.IsZero() {
			t.Errorf("reopened ticket %+v", got)
		}
		if err := db.Block(ctx, "telegram:42", "@li"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.Blocked(ctx, "telegram:42"); !ok {
			t.Error("not blocked")
		}
		if bs, _ := db.BlockedMerchants(ctx); len(bs) != 1 || bs[0].By != "@li" {
			t.Errorf("blocked list %+v", bs)
		}
		if ok, _ := db.Unblock(ctx, "telegram:42"); !ok {
			t.Error("unblock")
		}
		if ok, _ := db.Blocked(ctx, "telegram:42"); ok {
			t.Error("still blocked")
		}
	})
}

// An album's later items join its delivery while it waits, relabelled;
// once claimed it is left alone. A reminder level is recorded once.
func TestJoinAlbumAndRemind(t *testing.T) {
	each(t, func(t *testing.T, _ string, db *store.DB) {
		ctx := context.Background()
		tk, _, err := db.CreateTicket(ctx, ticket("k-album"), nil)
		if err != nil {
			t.Fatal(err)
		}
		photo := func(n int) []escalation.Attachment {
			return []escalation.Attachment{{Kind: escalation.AttachPhoto, Ref: fmt.Sprint("f", n), Chat: 42, Message: n, Album: "a1"}}
		}
		turn := escalation.Turn{Role: escalation.RoleMerchant, Text: "[图片]", At: time.Now()}
		if ok, _ := db.JoinAlbum(ctx, tk.ID, "a1", turn, photo(2), nil); ok {
			t.Fatal("joined an album that has no delivery")
		}
		if err := db.AddTurn(ctx, tk.ID, turn, []escalation.Delivery{{Kind: escalation.KindToSupport, Text: "1 photo",
			Attachments: photo(1), Album: "a1", NotBefore: time.Now().Add(-time.Second)}}); err != nil {
			t.Fatal(err)
		}
		label := func(_ string, all []escalation.Attachment) string { return fmt.Sprint(len(all), " photos") }
		if ok, err := db.JoinAlbum(ctx, tk.ID, "a1", turn, photo(2), label); err != nil || !ok {
			t.Fatalf("join: %v %v", ok, err)
		}
		ds, err := db.Claim(ctx, "p", time.Minute, 10)
		if err != nil || len(ds) != 1 || len(ds[0].Attachments) != 2 || ds[0].Text != "2 photos" || ds[0].Attachments[1].Ref != "f2" {
			t.Fatalf("claimed %+v %v", ds, err)
		}
		if ok, _ := db.JoinAlbum(ctx, tk.ID, "a1", turn, photo(3), label); ok {
			t.Error("joined a delivery already claimed")
		}
		if turns, _ := db.Turns(ctx, tk.ID); len(turns) != 2 {
			t.Errorf("%d turns, want 2", len(turns))
		}
		if ok, _ := db.RemindTicket(ctx, tk.ID, 1, nil); !ok {
			t.Error("first reminder")
		}
		if ok, _ := db.RemindTicket(ctx, tk.ID, 1, nil); ok {
			t.Error("first reminder twice")
		}
		if ok, _ := db.RemindTicket(ctx, tk.ID, 2, nil); !ok {
			t.Error("second reminder")
		}
		if got, _ := db.Ticket(ctx, tk.ID); got.Reminders != 2 {
			t.Errorf("reminders %d", got.Reminders)
		}
		if mt, _ := db.MerchantTickets(ctx, "telegram:42", tk.ID+1, 3); len(mt) != 1 || mt[0].ID != tk.ID {
			t.Errorf("merchant tickets %v", mt)
		}
	})
}

// Incidents are stored, listed while active, told once per merchant and
// ended once.
func TestIncidents(t *testing.T) {
	each(t, func(t *testing.T, _ string, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		in, err := db.CreateIncident(ctx, escalation.Incident{Topic: "missing-credit", Text: "扫码延迟", By: "@li", Start: now, End: now.Add(time.Hour)})
		if err != nil || in.ID == 0 {
			t.Fatalf("create: %+v %v", in, err)
		}
		if act, _ := db.ActiveIncidents(ctx, now); len(act) != 1 || act[0].Text != "扫码延迟" {
			t.Errorf("active %+v", act)
		}
		if act, _ := db.ActiveIncidents(ctx, now.Add(2*time.Hour)); len(act) != 0 {
			t.Errorf("active after its end %+v", act)
		}
		for i, want := range []bool{true, false} {
			if first, err := db.TellIncident(ctx, in.ID, "telegram:1"); err != nil || first != want {
				t.Errorf("tell %d: %v %v", i, first, err)
			}
		}
		db.TellIncident(ctx, in.ID, "telegram:2")
		if ms, _ := db.IncidentMerchants(ctx, in.ID); len(ms) != 2 {
			t.Errorf("merchants %v", ms)
		}
		if ok, _ := db.EndIncident(ctx, in.ID, now); !ok {
			t.Error("end")
		}
		if ok, _ := db.EndIncident(ctx, in.ID, now); ok {
			t.Error("ended twice")
		}
		if list, _ := db.Incidents(ctx, 10); len(list) != 1 || list[0].Told != 2 || list[0].Ended.IsZero() {
			t.Errorf("listed %+v", list)
		}
	})
}
