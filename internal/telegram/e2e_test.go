package telegram_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/search"
	"github.com/posbot/posbot/internal/telegram"
	"github.com/posbot/posbot/internal/telegram/telegramtest"
	"github.com/posbot/posbot/knowledge"
)

const token = "123456:ABCdefGhIJKlmnoPQRstuVWXyz012345678"

var (
	coreOnce sync.Once
	core     *assistant.Assistant
)

// shippedCore is the real answering core on the shipped knowledge base,
// built once and shared by all tests (none of them closes it).
func shippedCore(tb testing.TB) *assistant.Assistant {
	tb.Helper()
	coreOnce.Do(func() {
		k, err := kb.Load(knowledge.FS)
		if err != nil {
			tb.Fatal(err)
		}
		ix, err := search.Build(k)
		if err != nil {
			tb.Fatal(err)
		}
		core = assistant.New(k, ix)
	})
	return core
}

func newTestLogger(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// syncBuffer is a log sink safe for the bot's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type recorder struct {
	mu sync.Mutex
	fb []escalation.Feedback
}

func (r *recorder) RecordFeedback(_ context.Context, f escalation.Feedback) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fb = append(r.fb, f)
	return nil
}

func (r *recorder) all() []escalation.Feedback {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]escalation.Feedback(nil), r.fb...)
}

type harness struct {
	srv  *telegramtest.Server
	bot  *telegram.Bot
	rec  *recorder
	logs *syncBuffer
	stop context.CancelFunc
	done chan error
}

// start runs a real Bot against a fake Bot API on loopback.
func start(t testing.TB, answerer telegram.Answerer, tune func(*telegram.Options)) *harness {
	t.Helper()
	h := &harness{srv: telegramtest.NewServer(t, token), rec: &recorder{}, logs: &syncBuffer{}, done: make(chan error, 1)}
	opt := telegram.Options{
		Token:       token,
		APIURL:      h.srv.URL,
		Paced:       true,
		PollTimeout: time.Second,
		Shutdown:    5 * time.Second,
		Log:         newTestLogger(h.logs),
	}
	if tune != nil {
		tune(&opt)
	}
	if answerer == nil {
		answerer = shippedCore(t)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b, err := telegram.New(ctx, opt, answerer, h.rec)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	h.bot, h.stop = b, cancel
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.done:
		case <-time.After(20 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
	return h
}

// sentTo returns the messages sent into chatID, in order.
func (h *harness) sentTo(chatID int64) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range h.srv.Sent() {
		if c.ChatID == chatID {
			out = append(out, c)
		}
	}
	return out
}

func (h *harness) waitSent(t *testing.T, chatID int64, n int) []telegramtest.Call {
	t.Helper()
	telegramtest.WaitFor(t, fmt.Sprintf("%d messages to chat %d", n, chatID), func() bool { return len(h.sentTo(chatID)) >= n })
	return h.sentTo(chatID)
}

func markup(t *testing.T, c telegramtest.Call) models.InlineKeyboardMarkup {
	t.Helper()
	var m models.InlineKeyboardMarkup
	if raw := c.Params["reply_markup"]; raw != "" {
		if err := json.Unmarshal([]byte(raw), &m); err != nil {
			t.Fatalf("reply_markup %q: %v", raw, err)
		}
	}
	return m
}

func callbackData(m models.InlineKeyboardMarkup) []string {
	var out []string
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			out = append(out, b.CallbackData)
		}
	}
	return out
}

func TestStartHelpAndAnswers(t *testing.T) {
	h := start(t, nil, nil)
	h.srv.PushUpdate(telegramtest.Text(101, 101, "/start"))
	got := h.waitSent(t, 101, 1)
	if !strings.Contains(got[0].Params["text"], "posbot") || !strings.Contains(got[0].Params["text"], "转人工") {
		t.Errorf("welcome: %q", got[0].Params["text"])
	}
	h.srv.PushUpdate(telegramtest.TextLang(102, 102, "/start", "en"))
	if got := h.waitSent(t, 102, 1); !strings.Contains(got[0].Params["text"], "Hello") {
		t.Errorf("English welcome: %q", got[0].Params["text"])
	}
	h.srv.PushUpdate(telegramtest.Text(101, 101, "/help"))
	h.srv.PushUpdate(telegramtest.Text(101, 101, "扫码收款昨天的钱没到账"))
	got = h.waitSent(t, 101, 3)
	if !strings.Contains(got[1].Params["text"], "/human") {
		t.Errorf("help: %q", got[1].Params["text"])
	}
	data := callbackData(markup(t, got[2]))
	if len(data) != 3 || !strings.HasPrefix(data[0], "more:missing-credit") || !strings.HasPrefix(data[1], "fb:y:missing-credit") || !strings.HasPrefix(data[2], "fb:n:missing-credit") {
		t.Fatalf("answer buttons %v for %q", data, got[2].Params["text"])
	}
	// 详细步骤 edits the short answer into the full steps, in place.
	short := got[2].Params["text"]
	h.srv.PushUpdate(telegramtest.Callback(101, 101, messageIDOf(t, got[2]), data[0]))
	telegramtest.WaitFor(t, "the answer edited to its full steps", func() bool {
		for _, c := range h.srv.Calls("editMessageText") {
			if c.Params["message_id"] == fmt.Sprint(messageIDOf(t, got[2])) && len(c.Params["text"]) > len(short) && strings.Contains(c.Params["reply_markup"], "fb:y:") {
				return true
			}
		}
		return false
	})
	if len(h.srv.Calls("sendChatAction")) == 0 {
		t.Error("no typing action shown")
	}

	// Nothing fits: an honest no_answer with a button to reach a person.
	h.srv.PushUpdate(telegramtest.Text(103, 103, "推荐几只明天能涨的股票"))
	got = h.waitSent(t, 103, 1)
	if data := callbackData(markup(t, got[0])); len(data) != 1 || data[0] != "person" {
		t.Errorf("no_answer buttons %v, text %q", data, got[0].Params["text"])
	}
}

func TestCallbacks(t *testing.T) {
	h := start(t, nil, nil)
	h.srv.PushUpdate(telegramtest.Callback(201, 201, 55, "fb:y:device-printer"))
	telegramtest.WaitFor(t, "feedback recorded", func() bool { return len(h.rec.all()) == 1 })
	if f := h.rec.all()[0]; !f.Helpful || f.ArticleID != "device-printer" || f.Merchant != "telegram:201" {
		t.Errorf("feedback %+v", f)
	}
	telegramtest.WaitFor(t, "buttons removed", func() bool { return len(h.srv.Calls("editMessageReplyMarkup")) == 1 })

	h.srv.PushUpdate(telegramtest.Callback(201, 201, 56, "fb:n:device-printer"))
	got := h.waitSent(t, 201, 1)
	if !strings.Contains(got[0].Params["text"], "人工") {
		t.Errorf("handoff text %q", got[0].Params["text"])
	}
	if f := h.rec.all()[1]; !f.WantsPerson || f.ArticleID != "device-printer" {
		t.Errorf("feedback %+v", f)
	}

	// Unknown and malformed data: the press is answered, nothing else.
	for _, d := range []string{"zzz", "", "fb:", "fb:maybe:x", strings.Repeat("x", 64)} {
		h.srv.PushUpdate(telegramtest.Callback(202, 202, 57, d))
	}
	telegramtest.WaitFor(t, "every press answered", func() bool { return len(h.srv.Calls("answerCallbackQuery")) == 7 })
	if n := len(h.sentTo(202)); n != 0 {
		t.Errorf("%d messages for unknown buttons", n)
	}
}

func TestOddUpdates(t *testing.T) {
	h := start(t, nil, nil)
	bot := &models.User{ID: 999, IsBot: true, FirstName: "other"}
	updates := []models.Update{
		{ChannelPost: &models.Message{ID: 1, Chat: models.Chat{ID: -100300, Type: models.ChatTypeChannel}, Text: "扫码没到账"}},
		{Message: &models.Message{ID: 2, From: bot, Chat: models.Chat{ID: 301, Type: models.ChatTypePrivate}, Text: "扫码没到账"}},
		{Message: &models.Message{ID: 3, From: &models.User{ID: 302}, Chat: models.Chat{ID: -100302, Type: models.ChatTypeSupergroup}, Text: "扫码没到账"}},
		telegramtest.Text(303, 303, "/start@other_bot"),
		{Message: &models.Message{ID: 4, From: &models.User{ID: 304}, Chat: models.Chat{ID: 304, Type: models.ChatTypePrivate}, Sticker: &models.Sticker{FileID: "s"}}},
		{Message: &models.Message{ID: 5, From: &models.User{ID: 305}, Chat: models.Chat{ID: 305, Type: models.ChatTypePrivate}, Photo: []models.PhotoSize{{FileID: "p"}}, Caption: "打印机不出纸"}},
		telegramtest.Text(306, 306, strings.Repeat("扫码收款没到账怎么办", 2000)),
		telegramtest.Text(307, 307, "\u200b\u200d扫码\x00收款\u202e没到账\x07"),
		{EditedMessage: &models.Message{ID: 6, From: &models.User{ID: 308}, Chat: models.Chat{ID: 308, Type: models.ChatTypePrivate}, Text: "刷卡提示51"}},
		telegramtest.Text(309, 309, "/START@POSBOT_TEST_BOT"),
		telegramtest.Text(310, 310, "/frobnicate"),
	}
	for _, u := range updates {
		h.srv.PushUpdate(u)
	}
	h.srv.PushRawUpdate(`{"message": "not an object"}`)
	h.srv.PushRawUpdate(`{"poll": {"id": "1"}}`)
	h.srv.PushUpdate(telegramtest.Text(311, 311, "打印机不出纸"))

	h.waitSent(t, 311, 1) // updates after the malformed ones still arrive
	for _, chat := range []int64{304, 305, 306, 307, 308, 309, 310} {
		h.waitSent(t, chat, 1)
	}
	for _, chat := range []int64{301, 302, -100302, 303, -100300} {
		if n := len(h.sentTo(chat)); n != 0 {
			t.Errorf("chat %d got %d messages, want silence", chat, n)
		}
	}
	if txt := h.sentTo(304)[0].Params["text"]; !strings.Contains(txt, "文字") {
		t.Errorf("sticker reply %q", txt)
	}
	if d := callbackData(markup(t, h.sentTo(305)[0])); len(d) == 0 || !strings.Contains(d[0], "device-printer") {
		t.Errorf("photo caption answer buttons %v", d)
	}
	if txt := h.sentTo(308)[0].Params["text"]; !strings.Contains(txt, "51") {
		t.Errorf("edited message answer %q", txt)
	}
	if !strings.Contains(h.logs.String(), "malformed update skipped") {
		t.Error("malformed update not logged")
	}
}

func TestRetryAfterAndFailures(t *testing.T) {
	h := start(t, nil, nil)
	h.srv.Fail("sendMessage", 401, 1, telegramtest.TooManyRequests(2))
	h.srv.Fail("sendMessage", 402, 2, telegramtest.ServerError())
	h.srv.Fail("sendMessage", 403, 1, telegramtest.Forbidden())
	for _, chat := range []int64{401, 402, 403, 404} {
		h.srv.PushUpdate(telegramtest.Text(chat, chat, "打印机不出纸"))
	}
	h.waitSent(t, 401, 1)
	h.waitSent(t, 402, 1)
	h.waitSent(t, 404, 1)

	var tries []telegramtest.Call
	for _, c := range h.srv.Calls("sendMessage") {
		if c.ChatID == 401 {
			tries = append(tries, c)
		}
	}
	if len(tries) != 2 || tries[0].Status != http.StatusTooManyRequests || tries[1].Status != http.StatusOK {
		t.Fatalf("chat 401 calls: %+v", tries)
	}
	if gap := tries[1].At.Sub(tries[0].At); gap < 2*time.Second {
		t.Errorf("retried %v after a 429 with retry_after 2", gap)
	}
	telegramtest.WaitFor(t, "403 given up", func() bool { return strings.Contains(h.logs.String(), "telegram send failed for good") })
	if n := len(h.sentTo(403)); n != 0 {
		t.Errorf("chat that blocked the bot: %d messages", n)
	}
	if strings.Contains(h.logs.String(), token) {
		t.Error("the token appears in the logs")
	}
}

// gate is an answerer that holds questions containing "慢" until released.
type gate struct {
	core    telegram.Answerer
	release chan struct{}
	entered chan struct{}
}

func (g *gate) AnswerContext(ctx context.Context, q assistant.Question) (assistant.Reply, error) {
	if strings.Contains(q.Text, "慢") {
		g.entered <- struct{}{}
		<-g.release
	}
	return g.core.AnswerContext(ctx, q)
}

func TestSlowChatDoesNotHoldOthers(t *testing.T) {
	g := &gate{core: shippedCore(t), release: make(chan struct{}), entered: make(chan struct{}, 1)}
	h := start(t, g, nil)
	h.srv.PushUpdate(telegramtest.Text(501, 501, "慢 打印机不出纸"))
	<-g.entered
	h.srv.PushUpdate(telegramtest.Text(501, 501, "扫码没到账")) // same chat: waits its turn
	h.srv.PushUpdate(telegramtest.Text(502, 502, "扫码没到账"))
	h.waitSent(t, 502, 1)
	if n := len(h.sentTo(501)); n != 0 {
		t.Fatalf("chat 501 answered out of order: %d", n)
	}
	close(g.release)
	got := h.waitSent(t, 501, 2)
	if !strings.Contains(got[0].Params["text"], "打印") {
		t.Errorf("chat 501 order: %q then %q", got[0].Params["text"], got[1].Params["text"])
	}
}

func TestShutdownFinishesInFlight(t *testing.T) {
	g := &gate{core: shippedCore(t), release: make(chan struct{}), entered: make(chan struct{}, 1)}
	h := start(t, g, nil)
	h.srv.PushUpdate(telegramtest.Text(601, 601, "慢 打印机不出纸"))
	<-g.entered
	h.stop() // SIGTERM: stop taking updates while one is in hand
	time.AfterFunc(200*time.Millisecond, func() { close(g.release) })
	select {
	case err := <-h.done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
		h.done <- nil // for the cleanup
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not return")
	}
	if n := len(h.sentTo(601)); n != 1 {
		t.Errorf("in-flight update: %d replies, want 1", n)
	}
	// The handled update was confirmed, so a restart does not answer it again.
	calls := h.srv.Calls("getUpdates")
	if last := calls[len(calls)-1]; last.Params["offset"] == "" || last.Params["offset"] == "0" {
		t.Errorf("last getUpdates offset %q", last.Params["offset"])
	}
}

func TestWebhook(t *testing.T) {
	const secret = "s3cret-token_for-tests"
	var hookURL string
	hook := httptest.NewUnstartedServer(nil)
	hook.Start()
	defer hook.Close()
	hookURL = hook.URL + "/telegram/hook"
	h := start(t, nil, func(o *telegram.Options) {
		o.WebhookURL = hookURL
		o.WebhookSecret = secret
	})
	hook.Config.Handler = h.bot.WebhookHandler()
	telegramtest.WaitFor(t, "setWebhook", func() bool { return len(h.srv.Calls("setWebhook")) == 1 })
	if c := h.srv.Calls("setWebhook")[0]; c.Params["secret_token"] != secret || c.Params["url"] != hookURL {
		t.Errorf("setWebhook params %v", c.Params)
	}
	for _, s := range []string{"", "wrong"} {
		resp, err := telegramtest.PostWebhook(hookURL, s, telegramtest.Text(701, 701, "打印机不出纸"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("secret %q: status %d, want 401", s, resp.StatusCode)
		}
	}
	resp, err := telegramtest.PostWebhook(hookURL, secret, telegramtest.Text(702, 702, "打印机不出纸"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status %d", resp.StatusCode)
	}
	h.waitSent(t, 702, 1)
	resp, err = telegramtest.PostWebhook(hookURL, secret, json.RawMessage(`{"update_id": "garbage"`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("malformed update: status %d, want 200 so Telegram moves on", resp.StatusCode)
	}
	if n := len(h.sentTo(701)); n != 0 {
		t.Errorf("unauthenticated update answered")
	}
}

// Under a burst of 300 merchants writing at once every one is answered, and
// no second carries more than 30 messages.
func TestBurst300(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 10 s of pacing")
	}
	h := start(t, nil, nil)
	const n = 300
	for i := int64(0); i < n; i++ {
		h.srv.PushUpdate(telegramtest.Text(10000+i, 10000+i, "打印机不出纸"))
	}
	telegramtest.WaitFor(t, "300 answers", func() bool { return len(h.srv.Sent()) >= n })
	sent := h.srv.Sent()
	per := map[int64]int{}
	var times []time.Time
	for _, c := range sent {
		per[c.ChatID]++
		times = append(times, c.At)
	}
	if len(per) != n {
		t.Errorf("%d chats answered, want %d", len(per), n)
	}
	for chat, k := range per {
		if k != 1 {
			t.Errorf("chat %d got %d answers", chat, k)
		}
	}
	if m := maxInWindow(times, time.Second); m > 30 {
		t.Errorf("%d messages within one second, want at most 30", m)
	}
}

// maxInWindow counts the most events within any span shorter than d.
func maxInWindow(ts []time.Time, d time.Duration) int {
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	best, lo := 0, 0
	for hi := range ts {
		for ts[hi].Sub(ts[lo]) >= d {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

// longAnswerer answers everything with one long article.
type longAnswerer struct{ text string }

func (a longAnswerer) AnswerContext(context.Context, assistant.Question) (assistant.Reply, error) {
	return assistant.Reply{Action: assistant.ActionAnswer, Topic: "device", ArticleID: "device-printer", Lang: "zh", Confidence: 1, Text: a.text}, nil
}

// An answer over Telegram's limit, counted in UTF-16 code units, goes in
// numbered parts cut after sentences, the buttons under the last. Here the
// answer is 4,200 characters but 4,800 code units: each emoji counts two.
func TestLongAnswerSplit(t *testing.T) {
	text := strings.Repeat("请重启终端😀。", 600)
	h := start(t, longAnswerer{text}, nil)
	h.srv.PushUpdate(telegramtest.Text(501, 501, "打印机不出纸"))
	got := h.waitSent(t, 501, 2)
	time.Sleep(300 * time.Millisecond) // room for a wrong third part
	got = h.sentTo(501)
	if len(got) != 2 {
		t.Fatalf("%d messages, want 2", len(got))
	}
	var joined string
	for i, c := range got {
		p := c.Params["text"]
		if n := len(utf16.Encode([]rune(p))); n > 4096 {
			t.Errorf("part %d is %d UTF-16 code units", i+1, n)
		}
		want := fmt.Sprintf("(%d/2) ", i+1)
		if !strings.HasPrefix(p, want) || !strings.HasSuffix(p, "。") {
			t.Errorf("part %d is %q … %q, want it numbered %q and cut after a sentence", i+1, p[:20], p[len(p)-20:], want)
		}
		joined += strings.TrimPrefix(p, want)
	}
	if joined != text {
		t.Errorf("the parts do not add up to the answer")
	}
	if d := callbackData(markup(t, got[0])); len(d) != 0 {
		t.Errorf("buttons under part 1: %v", d)
	}
	if d := callbackData(markup(t, got[1])); len(d) != 2 || !strings.HasPrefix(d[0], "fb:y:") {
		t.Errorf("buttons under the last part: %v", d)
	}
}

func messageIDOf(t *testing.T, c telegramtest.Call) int {
	t.Helper()
	m, ok := c.Result.(models.Message)
	if !ok {
		t.Fatalf("result %T", c.Result)
	}
	return m.ID
}

// Telegram edits only recent messages: pressing 详细步骤 under an answer
// days old still delivers the full steps, as a new message.
func TestFullStepsUnderAnOldAnswer(t *testing.T) {
	h := start(t, nil, nil)
	h.srv.PushUpdate(telegramtest.Text(111, 111, "扫码收款昨天的钱没到账"))
	got := h.waitSent(t, 111, 1)
	data := callbackData(markup(t, got[0]))
	if len(data) == 0 || !strings.HasPrefix(data[0], "more:") {
		t.Fatalf("answer buttons %v", data)
	}
	short := got[0].Params["text"]
	h.srv.Fail("editMessageText", 111, 1, telegramtest.Failure{Status: 400, Description: "Bad Request: message can't be edited"})
	h.srv.PushUpdate(telegramtest.Callback(111, 111, messageIDOf(t, got[0]), data[0]))
	got = h.waitSent(t, 111, 2)
	if full := got[1].Params["text"]; len(full) <= len(short) || !strings.Contains(got[1].Params["reply_markup"], "fb:y:") {
		t.Errorf("full steps sent anew: %q with markup %s", full, got[1].Params["reply_markup"])
	}
}
