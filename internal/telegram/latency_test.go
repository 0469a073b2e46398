package telegram_test

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/dialogue"
	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/store/storetest"
	"github.com/posbot/posbot/internal/telegram"
	"github.com/posbot/posbot/internal/telegram/telegramtest"
)

// latencyQuestions are questions the shipped knowledge base answers, so
// that every message takes the answering path (no handover).
var latencyQuestions = []string{
	"扫码收款没到账", "打印机不出纸", "刷卡提示余额不足", "手续费怎么算",
	"机器连不上网络", "怎么退款", "How do I refund a payment?",
}

// BenchmarkReplyLatency measures the update-to-reply latency of an
// unloaded bot wired as posbot serve wires it (desk, journal, seen updates,
// gaps and the shared pacer all on one SQLite file in the test's temporary
// folder: set TMPDIR to measure a given file system, ext4 say, not tmpfs)
// against the loopback Bot API: one update is pushed, its reply awaited,
// then the next, 200 messages from a few merchants. "unpaced" sends them
// back to back with the rate limiter off; "paced" has the limiter on, as
// in production, and pushes a message every 60 ms at most, so that no reply
// waits for Telegram's limits (30 messages a second, one a second into a
// chat: each of the 20 merchants writes every 1.2 s). Each iteration is
// one run of 200 messages: run with -benchtime=1x.
//
// What costs most on a real disk is waiting for it (fsync). To count those
// waits, run the test binary under strace -f -tt -e trace=fsync,fdatasync
// and count the calls between the times the benchmark logs.
func BenchmarkReplyLatency(b *testing.B) {
	for _, tc := range []struct {
		name      string
		paced     bool
		merchants int
		gap       time.Duration // at least this long from one push to the next
	}{{"unpaced", false, 4, 0}, {"paced", true, 20, 60 * time.Millisecond}} {
		b.Run(tc.name, func(b *testing.B) {
			const messages = 200
			srv := telegramtest.NewServer(b, token)
			db := storetest.Open(b, "sqlite")
			desk := escalation.NewDesk(db, time.Now)
			desk.UseLibrary(dialogue.Library(func() *assistant.Assistant { return shippedCore(b) }))
			opt := telegram.Options{
				Token: token, APIURL: srv.URL, Paced: tc.paced, PollTimeout: 10 * time.Second, Shutdown: 5 * time.Second,
				Desk: desk, Tickets: db, Pacer: db, Gaps: db,
			}
			ctx, cancel := context.WithCancel(context.Background())
			bot, err := telegram.New(ctx, opt, shippedCore(b), db)
			if err != nil {
				cancel()
				b.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- bot.Run(ctx) }()
			b.Cleanup(func() {
				cancel()
				select {
				case <-done:
				case <-time.After(20 * time.Second):
					b.Error("Run did not return after cancel")
				}
			})
			// One message first, so that the first measured one does not
			// pay for warming up connections and the database.
			srv.PushUpdate(telegramtest.Text(1, 1, latencyQuestions[0]))
			telegramtest.WaitFor(b, "the warm-up reply", func() bool { return len(srv.Sent()) >= 1 })
			time.Sleep(100 * time.Millisecond)

			var lat []time.Duration
			for b.Loop() {
				var first, pushed, end time.Time
				for i := range messages {
					chat := int64(2_000_000 + i%tc.merchants)
					if d := time.Until(pushed.Add(tc.gap)); d > 0 {
						time.Sleep(d)
					}
					before := len(srv.Sent())
					pushed = time.Now()
					if first.IsZero() {
						first = pushed
					}
					srv.PushUpdate(telegramtest.Text(chat, chat, latencyQuestions[i%len(latencyQuestions)]))
					deadline := pushed.Add(20 * time.Second)
					var reply telegramtest.Call
					for {
						if sent := srv.Sent(); len(sent) > before {
							reply = sent[before]
							break
						}
						if time.Now().After(deadline) {
							b.Fatalf("no reply to message %d after 20 s", i)
						}
						time.Sleep(200 * time.Microsecond)
					}
					if reply.ChatID != chat {
						b.Fatalf("message %d to chat %d answered in chat %d", i, chat, reply.ChatID)
					}
					lat = append(lat, reply.At.Sub(pushed))
					end = time.Now()
				}
				b.Logf("%d messages from %d merchants between %s and %s", messages, tc.merchants,
					first.Format("15:04:05.000000"), end.Format("15:04:05.000000"))
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(millis(lat[len(lat)/2]), "p50_ms")
			b.ReportMetric(millis(lat[len(lat)*99/100]), "p99_ms")
			b.ReportMetric(millis(lat[len(lat)-1]), "max_ms")
		})
	}
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// slowStore is the real store with Seen and MarkAllSeen held up on demand.
type slowStore struct {
	*store.DB
	holdSeen  int64         // Seen of this update waits for release
	holdMarks bool          // the first MarkAllSeen waits for release
	release   chan struct{} // closed to let them go
	mu        sync.Mutex
	batches   [][]int64 // MarkAllSeen's calls
}

func (s *slowStore) Seen(ctx context.Context, updateID int64) (bool, error) {
	if updateID == s.holdSeen {
		<-s.release
	}
	return s.DB.Seen(ctx, updateID)
}

func (s *slowStore) MarkAllSeen(ctx context.Context, ids []int64) error {
	s.mu.Lock()
	s.batches = append(s.batches, slices.Clone(ids))
	first := len(s.batches) == 1
	s.mu.Unlock()
	if first && s.holdMarks {
		<-s.release
	}
	return s.DB.MarkAllSeen(ctx, ids)
}

func (s *slowStore) calls() [][]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.batches)
}

// Polling never waits on the database: while one update's check for a
// duplicate is held up, the next update, in another chat, is answered.
func TestPollingDoesNotWaitForTheDatabase(t *testing.T) {
	db := &slowStore{DB: storetest.Open(t, "sqlite"), holdSeen: 7_100_001, release: make(chan struct{})}
	h := start(t, nil, func(o *telegram.Options) { o.Tickets = db })
	held := telegramtest.Text(601, 601, "/start")
	held.ID = 7_100_001
	next := telegramtest.Text(602, 602, "/start")
	next.ID = 7_100_002
	h.srv.PushUpdate(held)
	h.srv.PushUpdate(next)
	h.waitSent(t, 602, 1)
	if n := len(h.sentTo(601)); n != 0 {
		t.Fatalf("%d replies to the held update", n)
	}
	close(db.release)
	h.waitSent(t, 601, 1)
	telegramtest.WaitFor(t, "both recorded as seen", func() bool {
		a, _ := db.DB.Seen(context.Background(), held.ID)
		b, _ := db.DB.Seen(context.Background(), next.ID)
		return a && b
	})
}

// Updates done while the record of an earlier one is being written are
// recorded together, in one transaction, and none is confirmed before its
// record is written: meanwhile replies keep going out.
func TestSeenUpdatesRecordedTogether(t *testing.T) {
	db := &slowStore{DB: storetest.Open(t, "sqlite"), holdMarks: true, release: make(chan struct{})}
	h := start(t, nil, func(o *telegram.Options) { o.Tickets = db })
	var ids []int64
	for i := range int64(5) {
		u := telegramtest.Text(611+i, 611+i, "/start")
		u.ID = 7_200_001 + i
		ids = append(ids, u.ID)
		h.srv.PushUpdate(u)
	}
	telegramtest.WaitFor(t, "every update answered", func() bool { return len(h.srv.Sent()) >= len(ids) })
	time.Sleep(100 * time.Millisecond) // room for the done updates to queue their records
	if n := len(db.calls()); n != 1 {
		t.Fatalf("%d writes while the first is held, want 1", n)
	}
	for _, id := range ids {
		if seen, _ := db.DB.Seen(context.Background(), id); seen {
			t.Errorf("update %d recorded before its write was let go", id)
		}
	}
	for _, c := range h.srv.Calls("getUpdates") {
		if off, _ := strconv.ParseInt(c.Params["offset"], 10, 64); off > ids[0] {
			t.Errorf("offset %d confirmed updates not yet recorded", off)
		}
	}
	close(db.release)
	telegramtest.WaitFor(t, "every update recorded as seen", func() bool {
		for _, id := range ids {
			if seen, _ := db.DB.Seen(context.Background(), id); !seen {
				return false
			}
		}
		return true
	})
	calls := db.calls()
	var all []int64
	for _, c := range calls {
		all = append(all, c...)
	}
	slices.Sort(all)
	if len(calls) != 2 || !slices.Equal(all, ids) {
		t.Errorf("writes %v, want two covering %v", calls, ids)
	}
}
