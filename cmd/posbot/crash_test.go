package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/posbot/posbot/internal/telegram/telegramtest"
)

// buildPosbot compiles the real binary once per test run.
func buildPosbot(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "posbot")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func runPosbot(t testing.TB, bin string, env map[string]string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Dir = t.TempDir() // no ./knowledge: the built-in copy answers
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd
}

// kill -9 while a question is being answered (the model hangs): the
// update was never confirmed, Telegram delivers it again, and the next
// process answers it.
func TestCrashWhileAnswering(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildPosbot(t)
	srv := telegramtest.NewServer(t, testToken)
	model, asked := openAI(t, "x", true)
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": testToken,
		"TELEGRAM_API_URL":   srv.URL,
		"HTTP_ADDR":          "127.0.0.1:0",
		"DATABASE_URL":       "sqlite://" + filepath.Join(t.TempDir(), "posbot.db"),
		"OPENAI_BASE_URL":    model.URL + "/v1",
		"OPENAI_API_KEY":     "test",
		"LLM_TIMEOUT":        "60s",
	}
	first := runPosbot(t, bin, env)
	srv.PushUpdate(telegramtest.Text(42, 42, "打印机不出纸"))
	telegramtest.WaitFor(t, "the model asked", func() bool { return len(asked()) > 0 })
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	if n := len(srv.Sent()); n != 0 {
		t.Fatalf("%d messages before the crash", n)
	}

	env["LLM_TIMEOUT"] = "500ms" // the model still hangs: the knowledge-base text goes out
	runPosbot(t, bin, env)
	telegramtest.WaitFor(t, "the question answered after the restart", func() bool {
		for _, c := range srv.Sent() {
			if c.ChatID == 42 && strings.Contains(c.Params["text"], "打印") {
				return true
			}
		}
		return false
	})
	time.Sleep(500 * time.Millisecond)
	n := 0
	for _, c := range srv.Sent() {
		if c.ChatID == 42 {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d answers, want 1", n)
	}
}

// kill -9 while 转人工 is in hand (its reply stalls on the way to
// Telegram): after the restart the redelivered update gets the replies
// stored when it was handled, the intro and the first question, and the next message is collected for the
// ticket instead of being answered by the knowledge base.
func TestCrashWhileEscalating(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildPosbot(t)
	srv := telegramtest.NewServer(t, testToken)
	srv.Handle("getChat", func(_ context.Context, p map[string]string) (any, error) {
		return models.ChatFullInfo{ID: -1001, Type: models.ChatTypeSupergroup, Title: "support"}, nil
	})
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": testToken,
		"TELEGRAM_API_URL":   srv.URL,
		"HTTP_ADDR":          "127.0.0.1:0",
		"DATABASE_URL":       "sqlite://" + filepath.Join(t.TempDir(), "posbot.db"),
		"SUPPORT_CHAT_ID":    "-1001",
	}
	srv.Delay("sendMessage", time.Minute)
	first := runPosbot(t, bin, env)
	srv.PushUpdate(telegramtest.Text(43, 43, "转人工"))
	telegramtest.WaitFor(t, "a reply on its way", func() bool { return len(srv.Calls("sendMessage")) > 0 })
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	if n := len(srv.Sent()); n != 0 {
		t.Fatalf("%d messages before the crash", n)
	}

	srv.Delay("sendMessage", 0)
	runPosbot(t, bin, env)
	toMerchant := func() []string {
		var out []string
		for _, c := range srv.Sent() {
			if c.ChatID == 43 {
				out = append(out, c.Params["text"])
			}
		}
		return out
	}
	telegramtest.WaitFor(t, "the first question after the restart", func() bool {
		return strings.Contains(strings.Join(toMerchant(), "\n"), "商户号")
	})
	// The replies the first process stored, sent again: not the
	// redelivered 转人工 read as an answer to the first question.
	if first := toMerchant()[0]; !strings.Contains(first, "转人工") || strings.Contains(first, "没看懂") {
		t.Errorf("first reply after the restart %q", first)
	}
	before := len(toMerchant())
	srv.PushUpdate(telegramtest.Text(43, 43, "898440153990123 打印机不出纸"))
	telegramtest.WaitFor(t, "the next question", func() bool { return len(toMerchant()) > before })
	got := toMerchant()[before]
	if strings.Contains(got, "纸卷") || !strings.Contains(got, "898440153990123") && !strings.Contains(got, "终端") {
		t.Errorf("the merchant number was not collected; reply %q", got)
	}
}
