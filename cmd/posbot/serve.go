package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/posbot/posbot/internal/config"
	"github.com/posbot/posbot/internal/escalation"
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
	en, err := e.engine(true)
	if err != nil {
		return err
	}
	defer en.Close()
	log.Info("knowledge loaded", "articles", len(en.kb.Articles), "response_codes", len(en.kb.Codes))

	db, err := store.Open(e.ctx, cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("%s: %w", config.EnvDatabaseURL, err)
	}
	defer db.Close()
	desk := escalation.NewDesk(db, time.Now)

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
	}, en.assistant, db)
	if err != nil {
		ln.Close()
		return err
	}

	mux := http.NewServeMux()
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
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
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

	runErr := tg.Run(e.ctx)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(e.ctx), time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	log.Info("posbot stopped")
	return runErr
}
