package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/telegram/telegramtest"
)

const testToken = "123456:ABCdefGhIJKlmnoPQRstuVWXyz012345678"

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// posbot serve end to end: health endpoint, an answer, a clean stop on
// cancel (SIGTERM), and no token in the logs.
func TestServe(t *testing.T) {
	srv := telegramtest.NewServer(t, testToken)
	srv.Fail("sendMessage", 0, 1, telegramtest.ServerError())
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": testToken,
		"TELEGRAM_API_URL":   srv.URL,
		"HTTP_ADDR":          "127.0.0.1:0",
		"LOG_LEVEL":          "debug",
		"DATABASE_URL":       "sqlite://" + t.TempDir() + "/posbot.db",
	}
	s := startServe(t, env)
	cancel, done, stderr := s.cancel, s.done, s.stderr
	resp, err := http.Get(s.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		t.Errorf("healthz: %d %q", resp.StatusCode, body)
	}

	srv.PushUpdate(telegramtest.Text(42, 42, "刷卡提示51"))
	telegramtest.WaitFor(t, "an answer", func() bool { return len(srv.Sent()) == 1 })
	if txt := srv.Sent()[0].Params["text"]; !strings.Contains(txt, "51") {
		t.Errorf("answer %q", txt)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	logs := stderr.String()
	if strings.Contains(logs, testToken) || strings.Contains(logs, strings.Split(testToken, ":")[1]) {
		t.Errorf("token in logs:\n%s", logs)
	}
	for _, want := range []string{`"msg":"answered"`, `"msg":"posbot stopped"`, "will retry"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
}

func TestServeSettings(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "TELEGRAM_BOT_TOKEN"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": "nonsense"}, "TELEGRAM_BOT_TOKEN"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_BOT_TOKEN_FILE": "/x"}, "TELEGRAM_BOT_TOKEN_FILE"},
		{map[string]string{"TELEGRAM_BOT_TOKEN_FILE": "/nonexistent/token"}, "TELEGRAM_BOT_TOKEN_FILE"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": "ftp://x"}, "TELEGRAM_API_URL"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "SUPPORT_CHAT_ID": "support"}, "SUPPORT_CHAT_ID"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "HTTP_ADDR": "8080"}, "HTTP_ADDR"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "DATABASE_URL": "mysql://x"}, "DATABASE_URL"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_WEBHOOK_URL": "https://x.example/hook"}, "TELEGRAM_WEBHOOK_SECRET"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_WEBHOOK_URL": "https://x.example/hook", "TELEGRAM_WEBHOOK_SECRET": "bad secret!"}, "TELEGRAM_WEBHOOK_SECRET"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "SHUTDOWN_TIMEOUT": "soon"}, "SHUTDOWN_TIMEOUT"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_RATE_LIMIT": "maybe"}, "TELEGRAM_RATE_LIMIT"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "BUSINESS_HOURS": "Mon-Fry 9-18"}, "BUSINESS_HOURS"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "UNANSWERED_REMINDER": "soon"}, "UNANSWERED_REMINDER"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "REOPEN_WINDOW": "-1h"}, "REOPEN_WINDOW"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "AUTO_CLOSE": "never"}, "AUTO_CLOSE"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "SHOW_AGENT_NAMES": "maybe"}, "SHOW_AGENT_NAMES"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "SETTLEMENT_MODE": "T+7"}, "SETTLEMENT_MODE"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "MERCHANT_MEMORY": "forever"}, "MERCHANT_MEMORY"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "SETTLEMENT_CUTOFF": "late"}, "SETTLEMENT_CUTOFF"},
		{map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "INSTANT_WINDOW": "07:00"}, "INSTANT_WINDOW"},
	}
	for _, tt := range tests {
		code, _, errs := runCmd(t, "", tt.env, "serve")
		if code == 0 || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("%v: exit %d, stderr %q: want one line naming %s", tt.env, code, errs, tt.want)
		}
		if strings.Contains(errs, testToken) {
			t.Errorf("%v: token echoed", tt.env)
		}
	}
}

// served is a running posbot serve.
type served struct {
	base   string // http://host:port of HTTP_ADDR
	cancel context.CancelFunc
	done   chan int
	stderr *lockedBuffer
}

// startServe runs posbot serve with env until the test ends.
func startServe(t *testing.T, env map[string]string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s := &served{cancel: cancel, done: make(chan int, 1), stderr: &lockedBuffer{}}
	var stdout lockedBuffer
	go func() {
		s.done <- run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, s.stderr, func(k string) string { return env[k] })
	}()
	addr := regexp.MustCompile(`http://(\S+)/healthz`)
	telegramtest.WaitFor(t, "serve to start", func() bool { return addr.MatchString(stdout.String()) })
	s.base = "http://" + addr.FindStringSubmatch(stdout.String())[1]
	return s
}

// A client that sends its request a byte at a time, with or without the
// webhook secret, is cut off once the read timeout passes, instead of
// holding a connection for as long as it likes.
func TestTricklingClientCutOff(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the server's read timeout")
	}
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
	}))
	go srv.Serve(ln)
	defer srv.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "POST /hook HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: s\r\nContent-Length: 1000\r\n\r\n")
	start := time.Now()
	for i := 0; i < 1000; i++ {
		if _, err := conn.Write([]byte("{")); err != nil {
			break // the server hung up
		}
		conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		var b [1]byte
		if _, err := conn.Read(b[:]); err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		if time.Since(start) > 45*time.Second {
			t.Fatal("a trickling client held its connection for 45 s")
		}
	}
}
