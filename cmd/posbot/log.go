package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
)

// newLogger returns a JSON logger at level that replaces every occurrence
// of the given secrets with "***", whatever attribute or message holds them:
// a client library's error can carry a URL with the bot token in it.
func newLogger(w io.Writer, level string, secrets ...string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	var keep []string
	for _, s := range secrets {
		if s != "" {
			keep = append(keep, s, "***")
		}
	}
	opts := &slog.HandlerOptions{Level: lv}
	if len(keep) > 0 {
		r := strings.NewReplacer(keep...)
		opts.ReplaceAttr = func(_ []string, a slog.Attr) slog.Attr {
			switch a.Value.Kind() {
			case slog.KindString:
				a.Value = slog.StringValue(r.Replace(a.Value.String()))
			case slog.KindAny:
				if err, ok := a.Value.Any().(error); ok {
					a.Value = slog.StringValue(r.Replace(err.Error()))
				}
			}
			return a
		}
		return slog.New(&messageRedactor{Handler: slog.NewJSONHandler(w, opts), r: r})
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// messageRedactor also cleans the message itself, which ReplaceAttr does
// not see.
type messageRedactor struct {
	slog.Handler
	r *strings.Replacer
}

func (m *messageRedactor) Handle(ctx context.Context, rec slog.Record) error {
	clean := slog.NewRecord(rec.Time, rec.Level, m.r.Replace(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool { clean.AddAttrs(a); return true })
	return m.Handler.Handle(ctx, clean)
}

func (m *messageRedactor) WithAttrs(as []slog.Attr) slog.Handler {
	return &messageRedactor{Handler: m.Handler.WithAttrs(as), r: m.r}
}

func (m *messageRedactor) WithGroup(name string) slog.Handler {
	return &messageRedactor{Handler: m.Handler.WithGroup(name), r: m.r}
}
