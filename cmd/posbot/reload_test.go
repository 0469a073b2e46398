package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/posbot/posbot/internal/gaps"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/telegram/telegramtest"
)

// copyDir copies the shipped knowledge base for a test to edit.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

const depositArticle = `---
id: fees-deposit-refund
title: %s
topic: fees
keywords: [押金, 退押金, 押金退还, deposit]
questions:
  - 押金怎么退
  - 机器押金什么时候退给我
en: Deposits are refunded after the terminal is returned.
---
退还终端后，押金按原路退回，一般 7 个工作日内到账。
`

// Editing knowledge/ while serving: a new, a changed, a removed and a broken
// article take effect (or, broken, are refused) without a restart; the
// metrics endpoint counts it all.
func TestServeReloadsKnowledge(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "knowledge")
	copyDir(t, "../../knowledge", dir)
	srv := telegramtest.NewServer(t, testToken)
	srv.Handle("getChat", func(_ context.Context, _ map[string]string) (any, error) {
		return models.ChatFullInfo{ID: -100777, Type: models.ChatTypeSupergroup}, nil
	})
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": srv.URL, "HTTP_ADDR": "127.0.0.1:0",
		"DATABASE_URL": "sqlite://" + filepath.Join(t.TempDir(), "p.db"), "KNOWLEDGE_DIR": dir,
		"RELOAD_DEBOUNCE": "100ms", "SUPPORT_CHAT_ID": "-100777",
	}
	s := startServe(t, env)
	base, cancel, done, stderr := s.base, s.cancel, s.done, s.stderr

	chat := int64(5000)
	ask := func(q string) string {
		t.Helper()
		chat++
		srv.PushUpdate(telegramtest.Text(chat, chat, q))
		var got string
		telegramtest.WaitFor(t, "answer to "+q, func() bool {
			for _, c := range srv.Sent() {
				if c.ChatID == chat {
					got = c.Params["text"]
					return true
				}
			}
			return false
		})
		return got
	}
	waitFor := func(what, q, want string) {
		t.Helper()
		telegramtest.WaitFor(t, what, func() bool { return strings.Contains(ask(q), want) })
	}
	path := filepath.Join(dir, "fees", "fees-deposit-refund.md")
	write := func(body string) {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	write(strings.Replace(depositArticle, "%s", "押金怎么退（新）", 1)) // new
	waitFor("the new article", "押金怎么退", "押金怎么退（新）")
	write(strings.Replace(depositArticle, "%s", "退还押金的办法", 1)) // changed
	waitFor("the changed article", "押金怎么退", "退还押金的办法")
	os.Remove(path) // removed
	waitFor("the removed article gone", "押金怎么退", "")
	telegramtest.WaitFor(t, "removal took effect", func() bool { return !strings.Contains(ask("押金怎么退"), "退还押金的办法") })

	// Broken: the last good knowledge stays live, the log and the support
	// chat name the file and line.
	write(strings.Replace(strings.Replace(depositArticle, "%s", "坏的", 1), "topic: fees", "topic: money", 1))
	telegramtest.WaitFor(t, "the failure reported", func() bool {
		for _, c := range srv.Sent() {
			if c.ChatID == -100777 && strings.Contains(c.Params["text"], "fees-deposit-refund.md:4") {
				return true
			}
		}
		return false
	})
	if !strings.Contains(stderr.String(), "fees-deposit-refund.md:4") {
		t.Error("log does not name the broken file and line")
	}
	if got := ask("打印机不出纸"); !strings.Contains(got, "打印") {
		t.Errorf("after a broken edit: %q", got)
	}

	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		"posbot_messages_total", `posbot_answers_total{action="answer",topic="fees"}`, `posbot_knowledge_reloads_total{result="failed"} 1`,
		`posbot_knowledge_reloads_total{result="ok"}`, "posbot_send_queue_depth", "posbot_telegram_429_total",
		"posbot_tickets_opened_total", "posbot_ticket_first_reply_seconds", "posbot_llm_seconds", "posbot_feedback_total",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestGapsReport(t *testing.T) {
	url := "sqlite://" + filepath.Join(t.TempDir(), "p.db")
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []gaps.Event{
		{Kind: gaps.KindNoAnswer, Question: "押金能退吗", Article: "fees-unexpected-charges"},
		{Kind: gaps.KindNoAnswer, Question: "POS机押金怎么退"},
		{Kind: gaps.KindHandoff, Question: "押金什么时候能退回来"},
		{Kind: gaps.KindNotHelpful, Question: "花呗收款要开通吗 卡号6222021234567890", Article: "application-apply"},
		{At: time.Now().Add(-40 * 24 * time.Hour), Kind: gaps.KindNoAnswer, Question: "很久以前"},
	} {
		if err := db.RecordGap(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	code, out, errs := runCmd(t, "", map[string]string{"DATABASE_URL": url}, "gaps", "--since", "30d")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"4 events in 2 groups", "1. 3×", "handoff 1, no_answer 2", "article shown: fees-unexpected-charges", "· 押金能退吗", "622202******7890"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "很久以前") || strings.Contains(out, "6222021234567890") {
		t.Errorf("report:\n%s", out)
	}
	if code, _, errs := runCmd(t, "", map[string]string{"DATABASE_URL": url}, "gaps", "--kind", "weird"); code != 2 {
		t.Errorf("bad kind: %d %s", code, errs)
	}
}

// A reload after a touch changes nothing; after an edit, the edited
// article answers, and the rest of the index is reused, not rebuilt.
func TestReloadTouchAndEdit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "knowledge")
	copyDir(t, "../../knowledge", dir)
	vars := map[string]string{"KNOWLEDGE_DIR": dir, "DATABASE_URL": "sqlite://" + filepath.Join(t.TempDir(), "p.db")}
	e := &env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(k string) string { return vars[k] }}
	en, err := e.engine(false)
	if err != nil {
		t.Fatal(err)
	}
	defer en.Close()
	core, index := en.live.Current(), en.index
	path := filepath.Join(dir, "device", "device-printer.md")
	now := time.Now().Add(time.Minute)
	if err := os.Chtimes(path, now, now); err != nil {
		t.Fatal(err)
	}
	if err := en.live.Reload(); err != nil {
		t.Fatal(err)
	}
	if en.live.Current() != core || en.index != index {
		t.Fatal("a touch rebuilt the core")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "questions:\n", "questions:\n  - 小票机吐纸吐一半就卡住了\n", 1)
	if edited == string(b) {
		t.Fatal("no questions list to edit")
	}
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := en.live.Reload(); err != nil {
		t.Fatal(err)
	}
	if en.live.Current() == core {
		t.Fatal("an edit did not reload")
	}
	hits, err := en.index.Search("小票机吐纸吐一半就卡住了", 1)
	if err != nil || len(hits) == 0 || hits[0].Article.ID != "device-printer" {
		t.Errorf("edited question: %v %v", hits, err)
	}
}
