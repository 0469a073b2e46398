package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

const (
	waitTimeout  = 20 * time.Second
	waitInterval = 10 * time.Millisecond
)

// WaitFor polls cond every 10 ms for up to 20 s and fails the test, naming
// what was awaited, if it never holds. The bot under test works on its own
// goroutines, so assertions on its effects must wait rather than check once.
func WaitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("telegramtest: timed out after %v waiting for %s", waitTimeout, what)
		}
		time.Sleep(waitInterval)
	}
}

// webhookClient bounds PostWebhook so that a hung webhook handler fails the
// test instead of stalling it.
var webhookClient = &http.Client{Timeout: 30 * time.Second}

// PostWebhook delivers update to a bot's webhook URL the way Telegram does:
// a JSON POST carrying the secret in X-Telegram-Bot-Api-Secret-Token (left out
// when secret is empty). update may be a models.Update (or pointer), any other
// value to marshal, or a string, []byte or json.RawMessage sent verbatim. The
// caller must close the response body.
func PostWebhook(url, secret string, update any) (*http.Response, error) {
	var (
		body []byte
		err  error
	)
	switch u := update.(type) {
	case string:
		body = []byte(u)
	case []byte:
		body = u
	case json.RawMessage:
		body = u
	case models.Update:
		// Marshal through a pointer so that fields with pointer-receiver
		// MarshalJSON methods encode correctly.
		body, err = json.Marshal(&u)
	default:
		body, err = json.Marshal(update)
	}
	if err != nil {
		return nil, fmt.Errorf("telegramtest: marshal webhook update: %w", err)
	}

	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("telegramtest: build webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	return webhookClient.Do(req)
}
