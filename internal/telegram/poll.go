package telegram

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/posbot/posbot/internal/backoff"
)

// The kinds of update posbot handles; Telegram sends no others.
var allowedUpdates = []string{"message", "edited_message", "callback_query"}

const maxUpdateBytes = 1 << 20

// apiReply is the envelope of every Bot API answer.
type apiReply struct {
	OK          bool              `json:"ok"`
	Result      []json.RawMessage `json:"result"`
	ErrorCode   int               `json:"error_code"`
	Description string            `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// errUnauthorized ends polling: the token was revoked or is wrong.
var errUnauthorized = errors.New("telegram: the Bot API rejected the token (401)")

// pollRetry spaces getUpdates after failures: quickly at first, as a
// dropped connection is common, and never more than 5 s apart.
var pollRetry = backoff.Policy{First: 100 * time.Millisecond, Max: 5 * time.Second}

// poll is posbot's own getUpdates loop. go-telegram/bot's decodes a whole
// batch at once, so one update it cannot decode would be fetched again and
// again; here each update is decoded alone, a bad one is logged and
// skipped, and retry_after is honoured.
func (b *Bot) poll(ctx, workCtx context.Context) error {
	var backoff time.Duration
	fails := 0 // getUpdates failures in a row
	for {
		if backoff > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(backoff):
			}
		}
		offset := b.watermark()
		b.mu.Lock()
		b.asked = offset
		b.mu.Unlock()
		raws, retryAfter, err := b.getUpdates(ctx, offset, b.opt.PollTimeout)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, errUnauthorized):
			return err
		case retryAfter > 0:
			b.log.Warn("telegram rate limit on getUpdates", "retry_after_s", retryAfter)
			backoff = time.Duration(retryAfter) * time.Second
			continue
		case err != nil:
			fails++
			backoff = pollRetry.After(fails)
			b.log.Warn("getUpdates failed", "err", err, "retry_in", backoff.String())
			continue
		}
		backoff, fails = 0, 0
		fresh := false
		for _, raw := range raws {
			var id struct {
				ID int64 `json:"update_id"`
			}
			if err := json.Unmarshal(raw, &id); err != nil {
				b.log.Error("update without update_id skipped", "err", err)
				continue
			}
			var u models.Update
			if err := json.Unmarshal(raw, &u); err != nil {
				b.log.Error("malformed update skipped", "update_id", id.ID, "err", err)
			} else if taken, _ := b.dispatch(ctx, &u); !taken {
				// Not taken: left unconfirmed, Telegram sends it again.
				return ctx.Err()
			}
			b.mu.Lock()
			if id.ID > b.maxID {
				b.maxID, fresh = id.ID, true
			}
			b.mu.Unlock()
		}
		if len(raws) > 0 && !fresh {
			// Only updates still in hand came back: wait for one to be
			// done rather than asking again at once.
			select {
			case <-ctx.Done():
			case <-b.finished:
			case <-time.After(time.Second):
			}
		}
	}
}

// getUpdates asks for updates from offset on, waiting up to timeout.
func (b *Bot) getUpdates(ctx context.Context, offset int64, timeout time.Duration) ([]json.RawMessage, int, error) {
	body, _ := json.Marshal(map[string]any{
		"offset":          offset,
		"timeout":         int(timeout / time.Second),
		"allowed_updates": allowedUpdates,
	})
	rctx, cancel := context.WithTimeout(ctx, timeout+15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, b.opt.APIURL+"/bot"+b.opt.Token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, 0, fmt.Errorf("getUpdates: %w", hideURL(err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("getUpdates: %w", hideURL(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, 0, fmt.Errorf("getUpdates: reading reply: %w", err)
	}
	var r apiReply
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, 0, fmt.Errorf("getUpdates: HTTP %d, reply is not JSON", resp.StatusCode)
	}
	if !r.OK {
		switch r.ErrorCode {
		case http.StatusUnauthorized:
			return nil, 0, errUnauthorized
		case http.StatusTooManyRequests:
			return nil, max(r.Parameters.RetryAfter, 1), nil
		}
		return nil, 0, fmt.Errorf("getUpdates: %d %s", r.ErrorCode, r.Description)
	}
	return r.Result, 0, nil
}

// hideURL drops the request URL, which holds the token, from an error.
func hideURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// confirmOffset tells Telegram the updates handled so far need not come
// again; without it the last batch would be delivered anew at the next start.
func (b *Bot) confirmOffset(ctx context.Context) {
	w := b.watermark()
	if w == 0 {
		return
	}
	if _, _, err := b.getUpdates(ctx, w, 0); err != nil && ctx.Err() == nil {
		b.log.Warn("confirming handled updates failed", "err", err)
	}
}

func (b *Bot) setWebhook(ctx context.Context) error {
	_, err := b.api.SetWebhook(ctx, &bot.SetWebhookParams{
		URL:            b.opt.WebhookURL,
		SecretToken:    b.opt.WebhookSecret,
		AllowedUpdates: allowedUpdates,
	})
	if err != nil {
		return fmt.Errorf("telegram: setWebhook: %w", err)
	}
	b.log.Info("webhook set", "url", b.opt.WebhookURL)
	return nil
}

func (b *Bot) deleteWebhook(ctx context.Context) error {
	_, err := b.api.DeleteWebhook(ctx, &bot.DeleteWebhookParams{})
	return err
}

// WebhookHandler receives updates Telegram posts. Only requests carrying the
// secret token are taken (401 otherwise); an update that cannot be decoded
// is logged and acknowledged, so Telegram does not send it again forever.
func (b *Bot) WebhookHandler() http.Handler {
	secret := []byte(b.opt.WebhookSecret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if len(secret) == 0 || subtle.ConstantTimeCompare(got, secret) != 1 {
			b.log.Warn("webhook request with a wrong secret token", "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		data, err := io.ReadAll(io.LimitReader(r.Body, maxUpdateBytes+1))
		if err != nil {
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}
		var u models.Update
		if len(data) > maxUpdateBytes {
			b.log.Error("oversized update skipped", "bytes", len(data))
		} else if err := json.Unmarshal(data, &u); err != nil {
			b.log.Error("malformed update skipped", "err", err)
		} else if taken, done := b.dispatch(r.Context(), &u); taken {
			// Answered once done, so that Telegram delivers again an update
			// whose handling a crash cut short.
			select {
			case <-done:
			case <-r.Context().Done():
			case <-time.After(50 * time.Second):
			}
		}
		w.WriteHeader(http.StatusOK)
	})
}
