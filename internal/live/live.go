// Package live keeps posbot's answering core current while it serves: it
// rebuilds the knowledge base and prompts when their files change and swaps
// the new core in atomically, so no merchant ever meets a half-built index.
// An edit that does not pass validation leaves the last good core in place.
package live

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/posbot/posbot/internal/assistant"
)

// Core is one built generation of the answering core.
type Core struct {
	Assistant *assistant.Assistant
	// Close releases it (the search index); called once no merchant can
	// still be using it.
	Close func() error
	// Articles is how many articles it holds, for logs.
	Articles int
}

// Builder builds a Core from the files as they are now. It returns
// ErrUnchanged when they are as they were at the last build.
type Builder func() (*Core, error)

// ErrUnchanged tells Reload the files are as they were: a touch, or an
// editor saving without a change. The Core in use stays, and nothing is
// reported.
var ErrUnchanged = errors.New("live: knowledge and prompts unchanged")

// Engine answers with the current Core.
type Engine struct {
	build   Builder
	cur     atomic.Pointer[Core]
	log     *slog.Logger
	mu      sync.Mutex // one rebuild at a time
	onBuild func(err error)
	grace   time.Duration
}

// New builds the first Core; it fails when that build fails, so posbot
// never starts on a broken knowledge base.
func New(build Builder, log *slog.Logger) (*Engine, error) {
	c, err := build()
	if err != nil {
		return nil, err
	}
	e := &Engine{build: build, log: log, grace: time.Minute}
	e.cur.Store(c)
	return e, nil
}

// OnBuild sets a function told the outcome of every rebuild (nil error on
// success), e.g. to warn the support chat about a broken article.
func (e *Engine) OnBuild(fn func(err error)) { e.onBuild = fn }

// AnswerContext answers with the current Core.
func (e *Engine) AnswerContext(ctx context.Context, q assistant.Question) (assistant.Reply, error) {
	return e.cur.Load().Assistant.AnswerContext(ctx, q)
}

// Article is the short and full answer of article id in the current Core.
func (e *Engine) Article(id, lang string) (short, full string, ok bool) {
	return e.cur.Load().Assistant.Article(id, lang)
}

// Current returns the Core in use.
func (e *Engine) Current() *Core { return e.cur.Load() }

// Reload rebuilds and swaps the new Core in; on error the old one stays.
func (e *Engine) Reload() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	start := time.Now()
	c, err := e.build()
	if errors.Is(err, ErrUnchanged) {
		e.log.Debug("knowledge unchanged, nothing reloaded")
		return nil
	}
	if err == nil {
		old := e.cur.Swap(c)
		// Questions already being answered finish on the old index.
		time.AfterFunc(e.grace, func() {
			if old.Close != nil {
				old.Close()
			}
		})
		e.log.Info("knowledge reloaded", "articles", c.Articles, "took", time.Since(start).Round(time.Millisecond))
	} else {
		e.log.Error("knowledge reload failed, keeping the last good version", "err", err)
	}
	if e.onBuild != nil {
		e.onBuild(err)
	}
	return err
}

// Close releases the current Core.
func (e *Engine) Close() error {
	if c := e.cur.Load(); c != nil && c.Close != nil {
		return c.Close()
	}
	return nil
}

// Watch rebuilds whenever files under dirs change, waiting until they have
// been quiet for debounce (an editor saves in several steps), until ctx ends.
func (e *Engine) Watch(ctx context.Context, dirs []string, debounce time.Duration) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	for _, d := range dirs {
		if err := addTree(w, d); err != nil {
			return err
		}
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return errors.New("live: watcher closed")
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					addTree(w, ev.Name)
				}
			}
			timer.Reset(debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return errors.New("live: watcher closed")
			}
			e.log.Warn("watching knowledge files", "err", err)
		case <-timer.C:
			e.Reload()
		}
	}
}

// addTree watches dir and every folder below it (fsnotify is not recursive).
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return w.Add(p)
		}
		return nil
	})
}
