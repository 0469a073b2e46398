package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/config"
	"github.com/posbot/posbot/internal/dialogue"
	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/metrics"
	"github.com/posbot/posbot/internal/settle"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/telegram"
)

func (e *env) serve(args []string) error {
	fl := e.flags("serve")
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	if err := cfg.Serve(); err != nil {
		return err
	}
	log := newLogger(e.stderr, cfg.LogLevel, cfg.BotToken, cfg.WebhookSecret)
	en, err := e.engine(true, log)
	if err != nil {
		return err
	}
	defer en.Close()
	// Building the index takes memory serving never needs again: give it
	// back now rather than whenever the scavenger gets to it (a served
	// process on the shipped knowledge base: 64 MB resident after the
	// first answer without this).
	debug.FreeOSMemory()
	log.Info("knowledge loaded", "articles", len(en.kb.Articles), "response_codes", len(en.kb.Codes), "llm", en.llm != nil)

	db, err := store.Open(e.ctx, cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("%s: %w", config.EnvDatabaseURL, err)
	}
	defer db.Close()
	for _, y := range []int{time.Now().In(cfg.Zone).Year(), time.Now().In(cfg.Zone).Year() + 1} {
		if !settle.KnowsYear(y) {
			log.Warn("the calendar library does not know this year's public holidays: due days and business hours skip weekends only", "year", y)
		}
	}
	desk := escalation.NewDesk(db, time.Now)
	desk.InZone(cfg.Zone)
	desk.UseHours(cfg.Hours)
	desk.Timers(cfg.Reminder, cfg.AutoClose)
	desk.ReopenWindow(cfg.ReopenWindow)
	desk.Memory(cfg.Memory)
	desk.ShowAgentNames(cfg.AgentNames)
	desk.UseLibrary(dialogue.Library(func() *assistant.Assistant { return en.live.Current().Assistant }))
	mx := metrics.New()
	desk.Observe(mx)
	pruneGaps(e.ctx, db, cfg.GapRetention, log)

	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("%s=%s: %w", config.EnvHTTPAddr, cfg.HTTPAddr, err)
	}
	tg, err := telegram.New(e.ctx, telegram.Options{
		Token:         cfg.BotToken,
		APIURL:        cfg.APIURL,
		WebhookURL:    cfg.WebhookURL,
		WebhookSecret: cfg.WebhookSecret,
		Paced:         cfg.RateLimit,
		Shutdown:      cfg.ShutdownTimeout,
		Log:           log,
		SupportChatID: cfg.SupportChatID,
		Desk:          desk,
		Tickets:       db,
		Pacer:         db,
		Hours:         desk.HoursText,
		Gaps:          db,
		Metrics:       mx,
	}, en.live, db)
	if err != nil {
		ln.Close()
		return err
	}

	mx.Gauge("posbot_send_queue_depth", "Requests waiting in the paced outbox.", func() float64 { return float64(tg.Outbox().Len()) })
	mx.Counter("posbot_telegram_429_total", "Too Many Requests answers from Telegram.", func() float64 { return float64(tg.Outbox().Throttles()) })
	mx.Gauge("posbot_deliveries_pending", "Ticket messages not yet delivered.", func() float64 {
		n, _ := db.PendingDeliveries(context.Background())
		return float64(n)
	})
	mx.Gauge("posbot_deliveries_failed", "Ticket messages Telegram refused for good (see posbot tickets).", func() float64 {
		failed, _ := db.FailedDeliveries(context.Background())
		n := 0
		for _, k := range failed {
			n += k
		}
		return float64(n)
	})
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", mx.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	if cfg.WebhookURL != "" {
		u, _ := url.Parse(cfg.WebhookURL)
		path := u.Path
		if path == "" {
			path = "/"
		}
		mux.Handle(path, tg.WebhookHandler())
	}
	srv := newHTTPServer(mux)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server failed", "err", err)
		}
	}()
	mode := "polling"
	if cfg.WebhookURL != "" {
		mode = "webhook"
	}
	log.Info("posbot serving", "mode", mode, "http_addr", ln.Addr().String(), "rate_limit", cfg.RateLimit)
	fmt.Fprintf(e.stdout, "posbot serving (%s), health on http://%s/healthz\n", mode, ln.Addr())

	// Reminders for unanswered tickets and closing quiet ones; every
	// process may sweep, each step happens once.
	go func() {
		tick := time.NewTicker(escalation.SweepEvery)
		defer tick.Stop()
		for {
			select {
			case <-e.ctx.Done():
				return
			case <-tick.C:
				if err := desk.Sweep(e.ctx); err != nil && e.ctx.Err() == nil {
					log.Error("sweeping open tickets failed", "err", err)
				}
				tg.Kick()
			}
		}
	}()
	en.live.OnBuild(func(err error) {
		debug.FreeOSMemory() // the old index and the build's garbage
		mx.Reload(err)
		if err != nil {
			tg.NotifySupport("⚠️ 知识库或提示词更新失败，仍在使用上一版：\n" + err.Error())
		}
	})
	if dirs := en.watched(); len(dirs) > 0 {
		go func() {
			if err := en.live.Watch(e.ctx, dirs, cfg.ReloadDebounce); err != nil {
				log.Error("watching knowledge files failed: edits need a restart", "err", err)
			}
		}()
		log.Info("watching for edits", "dirs", dirs)
	}
	runErr := tg.Run(e.ctx)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(e.ctx), time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	log.Info("posbot stopped")
	return runErr
}

// pruneGaps deletes gap events past their retention, and update ids too old
// to be delivered again, now and every day.
func pruneGaps(ctx context.Context, db *store.DB, keep time.Duration, log *slog.Logger) {
	prune := func() {
		if n, err := db.PruneGaps(ctx, time.Now().Add(-keep)); err != nil {
			log.Error("pruning the gap report failed", "err", err)
		} else if n > 0 {
			log.Info("gap report pruned", "events", n)
		}
		if err := db.PruneSeen(ctx, time.Now().Add(-7*24*time.Hour)); err != nil {
			log.Error("pruning seen updates failed", "err", err)
		}
	}
	prune()
	go func() {
		t := time.NewTicker(24 * time.Hour)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				prune()
			}
		}
	}()
}

// newHTTPServer serves the health, metrics and webhook endpoints. A client
// trickling its request is cut off: Telegram sends an update in well under
// a second.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 60 * time.Second}
}
