package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/posbot/posbot/internal/eval"
	"github.com/posbot/posbot/internal/telegram/telegramtest"
	"github.com/posbot/posbot/knowledge"
)

// BenchmarkServeMemory runs the built binary's serve, on the shipped
// knowledge base and SQLite on disk, against the loopback Bot API, and
// sends it one question from each of 10,000 merchants (the questions of
// knowledge/eval/questions.tsv in turn), 500 at a time. It reports the
// process's resident memory and its peak (VmHWM) after the first answer
// (rss_1_MB, peak_1_MB), after the first 500 merchants (rss_500_MB) and
// once all are answered (rss_MB, peak_MB), so start-up and growth with the
// number of merchants show apart. Run with
// -benchtime=1x; each iteration starts a new process.
func BenchmarkServeMemory(b *testing.B) {
	bin := buildPosbot(b)
	qs, err := eval.Questions(knowledge.FS, "eval/questions.tsv")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		srv := telegramtest.NewServer(b, testToken)
		cmd := runPosbot(b, bin, map[string]string{
			"TELEGRAM_BOT_TOKEN":  testToken,
			"TELEGRAM_API_URL":    srv.URL,
			"TELEGRAM_RATE_LIMIT": "false",
			"HTTP_ADDR":           "127.0.0.1:0",
			"DATABASE_URL":        "sqlite://" + filepath.Join(b.TempDir(), "posbot.db"),
		})
		// One merchant first: the memory of a started process that has
		// answered.
		srv.PushUpdate(telegramtest.Text(1_999_999, 1_999_999, qs[0]))
		telegramtest.WaitFor(b, "the first answer", func() bool { return repliedChats(srv) >= 1 })
		b.ReportMetric(procStatusMB(b, cmd.Process.Pid, "VmRSS"), "rss_1_MB")
		b.ReportMetric(procStatusMB(b, cmd.Process.Pid, "VmHWM"), "peak_1_MB")
		const merchants, batch = 10000, 500
		var first float64
		for i := 0; i < merchants; i += batch {
			for j := i; j < i+batch; j++ {
				chat := int64(2_000_000 + j)
				srv.PushUpdate(telegramtest.Text(chat, chat, qs[j%len(qs)]))
			}
			want := i + batch + 1
			telegramtest.WaitFor(b, "a batch answered", func() bool { return repliedChats(srv) >= want })
			if i == 0 {
				first = procStatusMB(b, cmd.Process.Pid, "VmRSS")
			}
		}
		b.ReportMetric(first, "rss_500_MB")
		b.ReportMetric(procStatusMB(b, cmd.Process.Pid, "VmRSS"), "rss_MB")
		b.ReportMetric(procStatusMB(b, cmd.Process.Pid, "VmHWM"), "peak_MB")
	}
}

// repliedChats counts the chats that have had a message.
func repliedChats(srv *telegramtest.Server) int {
	seen := map[int64]bool{}
	for _, c := range srv.Sent() {
		seen[c.ChatID] = true
	}
	return len(seen)
}

// procStatusMB reads a memory line (VmRSS, VmHWM) of /proc/PID/status.
func procStatusMB(tb testing.TB, pid int, key string) float64 {
	tb.Helper()
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		tb.Skipf("no /proc on this system: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != key {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
		if err != nil {
			tb.Fatalf("%s: %v", key, err)
		}
		return kb / 1024
	}
	tb.Fatalf("no %s in /proc/%d/status", key, pid)
	return 0
}
