package live_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/live"
	"github.com/posbot/posbot/internal/search"
)

const article = "---\nid: a\ntitle: 打印机不出纸\ntopic: device\nkeywords: [打印]\nquestions: [打印机不出纸]\n---\n%s\n"

// builder builds from dir, counting builds.
func builder(t *testing.T, dir string, builds *atomic.Int32) live.Builder {
	return func() (*live.Core, error) {
		builds.Add(1)
		k, err := kb.Load(os.DirFS(dir))
		if err != nil {
			return nil, err
		}
		ix, err := search.Build(k)
		if err != nil {
			return nil, err
		}
		return &live.Core{Assistant: assistant.New(k, ix), Close: ix.Close, Articles: len(k.Articles)}, nil
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func answer(t *testing.T, e *live.Engine) string {
	t.Helper()
	r, err := e.AnswerContext(context.Background(), assistant.Question{Text: "打印机不出纸"})
	if err != nil {
		t.Fatal(err)
	}
	return r.Text
}

func TestReloadSwapsOrKeeps(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "device", "a.md"), fmtArticle("检查纸卷"))
	var builds atomic.Int32
	e, err := live.New(builder(t, dir, &builds), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var outcomes []error
	e.OnBuild(func(err error) { outcomes = append(outcomes, err) })

	write(t, filepath.Join(dir, "device", "a.md"), fmtArticle("换一卷新纸"))
	if err := e.Reload(); err != nil || !contains(answer(t, e), "换一卷新纸") {
		t.Fatalf("reload: %v, answer %q", err, answer(t, e))
	}
	write(t, filepath.Join(dir, "device", "b.md"), "---\nid: a\n---\n") // broken: duplicate id, missing fields
	err = e.Reload()
	var ps kb.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("broken reload: %v", err)
	}
	if !contains(answer(t, e), "换一卷新纸") {
		t.Error("the last good knowledge was not kept")
	}
	if len(outcomes) != 2 || outcomes[0] != nil || outcomes[1] == nil {
		t.Errorf("outcomes %v", outcomes)
	}
}

// Watch rebuilds once for a burst of edits, within the debounce.
func TestWatchDebounces(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "device", "a.md"), fmtArticle("检查纸卷"))
	var builds atomic.Int32
	e, err := live.New(builder(t, dir, &builds), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.Watch(ctx, []string{dir}, 200*time.Millisecond)
	time.Sleep(100 * time.Millisecond) // let the watcher start
	for i := 0; i < 5; i++ {
		write(t, filepath.Join(dir, "device", "a.md"), fmtArticle(fmt.Sprintf("第%d版", i+1)))
	}
	write(t, filepath.Join(dir, "new", "c.md"), "---\nid: c\ntitle: 费率\ntopic: fees\nkeywords: [费率]\nquestions: [费率多少]\n---\n0.6%\n")
	deadline := time.Now().Add(10 * time.Second)
	for !contains(answer(t, e), "第5版") {
		if time.Now().After(deadline) {
			t.Fatalf("no reload; answer %q", answer(t, e))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := builds.Load(); n > 3 {
		t.Errorf("%d builds for one burst of edits", n)
	}
	if e.Current().Articles != 2 {
		t.Errorf("%d articles, want 2 (new folder picked up)", e.Current().Articles)
	}
}

func fmtArticle(body string) string { return fmt.Sprintf(article, body) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// A builder that finds nothing changed keeps the Core in use and reports
// nothing.
func TestReloadUnchanged(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "device", "a.md"), fmtArticle("检查纸卷"))
	var builds atomic.Int32
	build := builder(t, dir, &builds)
	e, err := live.New(func() (*live.Core, error) {
		if builds.Load() > 0 {
			builds.Add(1)
			return nil, live.ErrUnchanged
		}
		return build()
	}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	reported := 0
	e.OnBuild(func(error) { reported++ })
	c := e.Current()
	if err := e.Reload(); err != nil {
		t.Fatal(err)
	}
	if e.Current() != c || reported != 0 || builds.Load() != 2 {
		t.Errorf("unchanged reload: swapped %v, reported %d, builds %d", e.Current() != c, reported, builds.Load())
	}
}
