package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// openAI is a loopback OpenAI-compatible server answering reply, or hanging.
func openAI(t *testing.T, reply string, hang bool) (*httptest.Server, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := r.Body.Read(buf)
			body.Write(buf[:n])
			if err != nil {
				break
			}
		}
		mu.Lock()
		bodies = append(bodies, body.String())
		mu.Unlock()
		if hang {
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "x", "object": "chat.completion", "model": "m",
			"choices": []map[string]any{{"index": 0, "message": map[string]any{"role": "assistant", "content": reply}}},
		})
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), bodies...) }
}

func askLLM(t *testing.T, env map[string]string, q string) askJSON {
	t.Helper()
	code, out, errs := runCmd(t, "", env, "ask", "--llm", "--json", q)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	return got
}

func TestAskWithModel(t *testing.T) {
	srv, bodies := openAI(t, "1. 检查打印纸是否装反。\n2. 换一卷新纸再试。", false)
	env := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_MODEL": "test"}
	got := askLLM(t, env, "打印机不出纸 卡号6222021234567890")
	if !got.Rephrased || !strings.Contains(got.Text, "打印纸") {
		t.Errorf("got %+v", got)
	}
	if b := bodies(); len(b) != 1 || strings.Contains(b[0], "6222021234567890") || !strings.Contains(b[0], "打印") {
		t.Errorf("request to the model: %v", b)
	}
	// Without --llm, or without settings, the model is not asked.
	if code, out, _ := runCmd(t, "", env, "ask", "--json", "打印机不出纸"); code != 0 || strings.Contains(out, `"rephrased"`) || len(bodies()) != 1 {
		t.Errorf("ask without --llm used the model: %s", out)
	}
}

func TestAskModelFallbacks(t *testing.T) {
	slow, _ := openAI(t, "", true)
	got := askLLM(t, map[string]string{"OPENAI_BASE_URL": slow.URL + "/v1", "LLM_TIMEOUT": "300ms"}, "打印机不出纸")
	if got.Rephrased || got.Action != "answer" || !strings.Contains(got.Text, "打印") {
		t.Errorf("hanging model: %+v", got)
	}
	liar, _ := openAI(t, "请拨打 13800138000 或访问 www.pos-help.example", false)
	got = askLLM(t, map[string]string{"OPENAI_BASE_URL": liar.URL + "/v1"}, "打印机不出纸")
	if got.Rephrased || strings.Contains(got.Text, "13800138000") {
		t.Errorf("invented contacts sent: %+v", got)
	}
	none, _ := openAI(t, "NO_ANSWER", false)
	got = askLLM(t, map[string]string{"OPENAI_BASE_URL": none.URL + "/v1"}, "打印机不出纸")
	if got.Action != "no_answer" || !strings.Contains(got.Text, "转人工") {
		t.Errorf("model without an answer: %+v", got)
	}
}

func TestBrokenPromptRefusesToStart(t *testing.T) {
	srv, _ := openAI(t, "x", false)
	code, _, errs := runCmd(t, "", map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "PROMPTS_DIR": "testdata/badprompts"}, "ask", "--llm", "费率")
	if code == 0 || !strings.Contains(errs, "testdata/badprompts/rephrase.tmpl") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	code, _, errs = runCmd(t, "", map[string]string{"LLM_TIMEOUT": "forever"}, "ask", "费率")
	if code == 0 || !strings.Contains(errs, "LLM_TIMEOUT") {
		t.Errorf("bad LLM_TIMEOUT: exit %d, %q", code, errs)
	}
}
