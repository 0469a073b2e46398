package telegram_test

import (
	"sort"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/telegram"
	"github.com/posbot/posbot/internal/telegram/telegramtest"
)

// BenchmarkLoad pushes a burst of updates from distinct merchants through
// the loopback Bot API and reports update-to-reply latency and throughput,
// with the rate limiter on (Telegram's limits) and off (the bot's own cost).
// Each iteration is one burst: run with -benchtime=3x.
func BenchmarkLoad(b *testing.B) {
	for _, tc := range []struct {
		name  string
		paced bool
		burst int
	}{{"unpaced", false, 1000}, {"paced", true, 300}} {
		b.Run(tc.name, func(b *testing.B) {
			h := start(b, nil, func(o *telegram.Options) { o.Paced = tc.paced })
			var lat []time.Duration
			var total time.Duration
			next := int64(1_000_000)
			for b.Loop() {
				h.srv.Reset()
				pushed := map[int64]time.Time{}
				t0 := time.Now()
				for i := 0; i < tc.burst; i++ {
					chat := next
					next++
					pushed[chat] = time.Now()
					h.srv.PushUpdate(telegramtest.Text(chat, chat, "扫码收款没到账"))
				}
				telegramtest.WaitFor(b, "burst answered", func() bool { return len(h.srv.Sent()) >= tc.burst })
				var last time.Time
				for _, c := range h.srv.Sent() {
					lat = append(lat, c.At.Sub(pushed[c.ChatID]))
					if c.At.After(last) {
						last = c.At
					}
				}
				total += last.Sub(t0)
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ms")
			b.ReportMetric(float64(len(lat))/total.Seconds(), "replies/s")
		})
	}
}
