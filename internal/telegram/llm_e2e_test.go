package telegram_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/llm"
	"github.com/posbot/posbot/internal/search/searchtest"
	"github.com/posbot/posbot/internal/telegram/telegramtest"
)

// A model slower than LLM_TIMEOUT never holds the merchant up: "typing…"
// shows meanwhile, and the knowledge-base answer goes out.
func TestSlowModelFallsBack(t *testing.T) {
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}))
	defer hang.Close()
	p, err := llm.LoadPrompts(os.DirFS("../../prompts"), "prompts")
	if err != nil {
		t.Fatal(err)
	}
	k, ix := searchtest.Shipped(t)
	core := assistant.New(k, ix, assistant.WithRephraser(llm.New(llm.Config{BaseURL: hang.URL + "/v1", Timeout: 500 * time.Millisecond}, p)))
	h := start(t, core, nil)
	h.srv.PushUpdate(telegramtest.Text(1201, 1201, "打印机不出纸"))
	got := h.waitSent(t, 1201, 1)
	if !strings.Contains(got[0].Params["text"], "打印") {
		t.Errorf("reply %q", got[0].Params["text"])
	}
	if len(h.srv.Calls("sendChatAction")) == 0 {
		t.Error("no typing while the model was asked")
	}
	if !strings.Contains(h.logs.String(), "model not used") {
		t.Error("fallback not logged")
	}
}
