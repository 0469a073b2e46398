package telegramtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/posbot/posbot/internal/telegram/telegramtest"
)

const (
	token = "123456:TEST-secret"
	botID = 123456
)

// newBot returns a real go-telegram/bot client talking to srv.
func newBot(t *testing.T, srv *telegramtest.Server, opts ...bot.Option) *bot.Bot {
	t.Helper()
	opts = append([]bot.Option{bot.WithServerURL(srv.URL), bot.WithSkipGetMe()}, opts...)
	b, err := bot.New(token, opts...)
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

// startPolling runs b.Start until the test ends, waiting for it to stop so
// that no bot goroutine outlives the test.
func startPolling(t *testing.T, b *bot.Bot) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		b.Start(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-stopped
	})
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// apiResponse is the Bot API envelope as seen on the wire.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// post sends a raw request and returns the status and body. It does not use t
// so that it can run on other goroutines.
func post(ctx context.Context, u, contentType, body string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data), err
}

func mustPost(t *testing.T, u, contentType, body string) (int, apiResponse) {
	t.Helper()
	status, raw, err := post(testContext(t), u, contentType, body)
	if err != nil {
		t.Fatalf("POST %s: %v", u, err)
	}
	var resp apiResponse
	if err := json.Unmarshal([]byte(raw), &resp); err != nil {
		t.Fatalf("POST %s: body %q is not JSON: %v", u, raw, err)
	}
	return status, resp
}

func methodURL(srv *telegramtest.Server, method string) string {
	return srv.URL + "/bot" + token + "/" + method
}

func getUpdates(t *testing.T, srv *telegramtest.Server, params string) []map[string]any {
	t.Helper()
	status, resp := mustPost(t, methodURL(srv, "getUpdates"), "application/x-www-form-urlencoded", params)
	if status != http.StatusOK || !resp.OK {
		t.Fatalf("getUpdates(%s) = %d %+v", params, status, resp)
	}
	var updates []map[string]any
	if err := json.Unmarshal(resp.Result, &updates); err != nil {
		t.Fatalf("getUpdates result %s: %v", resp.Result, err)
	}
	return updates
}

func updateIDs(updates []map[string]any) []int64 {
	ids := []int64{}
	for _, u := range updates {
		n, _ := u["update_id"].(float64)
		ids = append(ids, int64(n))
	}
	return ids
}

func assertJSONEqual(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("got %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want %q is not JSON: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON mismatch\n got: %s\nwant: %s", got, want)
	}
}

func TestSendMessageWithInlineKeyboard(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)

	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
		{Text: "是", CallbackData: "confirm:yes"},
		{Text: "否", CallbackData: "confirm:no"},
	}}}
	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(42), Text: "确认退款吗？", ReplyMarkup: kb})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if msg.ID != 1 || msg.Chat.ID != 42 || msg.Chat.Type != models.ChatTypePrivate || msg.Text != "确认退款吗？" {
		t.Errorf("message = id %d chat %+v text %q", msg.ID, msg.Chat, msg.Text)
	}
	if msg.Date == 0 || msg.From == nil || msg.From.ID != botID || !msg.From.IsBot {
		t.Errorf("message date %d from %+v, want a date and the bot as sender", msg.Date, msg.From)
	}
	if !reflect.DeepEqual(msg.ReplyMarkup, kb) {
		t.Errorf("echoed reply_markup = %+v, want %+v", msg.ReplyMarkup, kb)
	}

	sent := srv.Sent()
	if len(sent) != 1 {
		t.Fatalf("Sent() has %d calls, want 1", len(sent))
	}
	c := sent[0]
	if c.Method != "sendMessage" || c.ChatID != 42 || c.Status != http.StatusOK || c.At.IsZero() {
		t.Errorf("recorded call = %+v", c)
	}
	if c.Params["text"] != "确认退款吗？" {
		t.Errorf("text param = %q", c.Params["text"])
	}
	// go-telegram/bot always sends copy_text, as the field is a struct that
	// omitempty cannot drop; the recording shows the wire format as is.
	assertJSONEqual(t, c.Params["reply_markup"], `{"inline_keyboard":[[
		{"text":"是","callback_data":"confirm:yes","copy_text":{"text":""}},
		{"text":"否","callback_data":"confirm:no","copy_text":{"text":""}}
	]]}`)

	// A group chat, in a forum topic: the id goes on incrementing.
	msg, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(-1001234567890), MessageThreadID: 7, Text: "新工单"})
	if err != nil {
		t.Fatalf("SendMessage to group: %v", err)
	}
	if msg.ID != 2 || msg.Chat.Type != models.ChatTypeSupergroup || msg.Chat.ID != -1001234567890 ||
		msg.MessageThreadID != 7 || msg.ReplyMarkup != nil {
		t.Errorf("group message = %+v", msg)
	}
	if sent := srv.Sent(); len(sent) != 2 || sent[1].ChatID != -1001234567890 || sent[1].Params["message_thread_id"] != "7" {
		t.Errorf("Sent() = %+v", sent)
	}
}

func TestSendMessageValidation(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)

	tests := []struct {
		name   string
		params *bot.SendMessageParams
		want   string
	}{
		{"empty text", &bot.SendMessageParams{ChatID: int64(42), Text: " "}, "message text is empty"},
		{"no chat", &bot.SendMessageParams{Text: "hi"}, "chat not found"},
		{"username chat", &bot.SendMessageParams{ChatID: "@someone", Text: "hi"}, "chat not found"},
		{"too long", &bot.SendMessageParams{ChatID: int64(42), Text: strings.Repeat("长", 4097)}, "message is too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.SendMessage(ctx, tt.params)
			if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want bad request %q", err, tt.want)
			}
		})
	}
	if sent := srv.Sent(); len(sent) != 0 {
		t.Errorf("failed calls show up in Sent(): %+v", sent)
	}
	if calls := srv.Calls("sendMessage"); len(calls) != len(tests) || calls[0].Status != http.StatusBadRequest {
		t.Errorf("Calls(sendMessage) = %+v", calls)
	}
	// The limit counts characters, not bytes: 4096 CJK characters fit.
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(42), Text: strings.Repeat("长", 4096)}); err != nil {
		t.Errorf("4096-character message: %v", err)
	}
}

func TestGetMe(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	// Without WithSkipGetMe, bot.New itself calls getMe.
	b, err := bot.New(token, bot.WithServerURL(srv.URL))
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	me, err := b.GetMe(testContext(t))
	if err != nil {
		t.Fatalf("GetMe: %v", err)
	}
	if me.ID != botID || me.Username != telegramtest.BotUsername || !me.IsBot {
		t.Errorf("GetMe = %+v", me)
	}
	calls := srv.Calls("getMe")
	if len(calls) != 2 || calls[0].Status != http.StatusOK || len(calls[0].Params) != 0 {
		t.Errorf("Calls(getMe) = %+v", calls)
	}
}

func TestTooManyRequests(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)
	srv.Fail("sendMessage", 42, 1, telegramtest.TooManyRequests(3))

	send := func(chatID int64) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chatID, Text: "hi"})
		return err
	}
	// The failure is aimed at chat 42 only.
	if err := send(43); err != nil {
		t.Fatalf("send to another chat: %v", err)
	}
	err := send(42)
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) {
		t.Fatalf("err = %v (%T), want *bot.TooManyRequestsError", err, err)
	}
	if tooMany.RetryAfter != 3 {
		t.Errorf("RetryAfter = %d, want 3", tooMany.RetryAfter)
	}
	// n was 1, so the retry goes through.
	if err := send(42); err != nil {
		t.Errorf("retry: %v", err)
	}

	calls := srv.Calls("sendMessage")
	var statuses []int
	for _, c := range calls {
		statuses = append(statuses, c.Status)
	}
	if want := []int{200, 429, 200}; !reflect.DeepEqual(statuses, want) {
		t.Errorf("statuses = %v, want %v", statuses, want)
	}
	if len(srv.Sent()) != 2 {
		t.Errorf("Sent() = %+v, want the two successful sends", srv.Sent())
	}
}

func TestForbidden(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)
	srv.Fail("sendMessage", 0, 2, telegramtest.Forbidden())

	for i := range 2 {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(100 + i), Text: "hi"})
		if !errors.Is(err, bot.ErrorForbidden) {
			t.Fatalf("send %d: err = %v, want bot.ErrorForbidden", i, err)
		}
		if !strings.Contains(err.Error(), "bot was blocked by the user") {
			t.Errorf("err = %v, want Telegram's description", err)
		}
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(102), Text: "hi"}); err != nil {
		t.Errorf("third send: %v", err)
	}
}

func TestFailureHelpers(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)

	srv.Fail("sendChatAction", 0, 1, telegramtest.ChatNotFound())
	_, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: int64(42), Action: models.ChatActionTyping})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "chat not found") {
		t.Errorf("ChatNotFound: err = %v", err)
	}

	srv.Fail("sendChatAction", 0, 1, telegramtest.ServerError())
	_, err = b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: int64(42), Action: models.ChatActionTyping})
	if err == nil || !strings.Contains(err.Error(), "502 Bad Gateway") {
		t.Errorf("ServerError: err = %v", err)
	}

	// The wire format, exactly as Telegram sends it.
	srv.Fail("sendMessage", 0, 1, telegramtest.TooManyRequests(5))
	srv.Fail("sendMessage", 0, 1, telegramtest.Forbidden())
	form := "chat_id=42&text=hi"
	status, raw, err := post(ctx, methodURL(srv, "sendMessage"), "application/x-www-form-urlencoded", form)
	if err != nil || status != http.StatusTooManyRequests {
		t.Fatalf("429: status %d err %v", status, err)
	}
	assertJSONEqual(t, raw, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}`)
	status, raw, err = post(ctx, methodURL(srv, "sendMessage"), "application/x-www-form-urlencoded", form)
	if err != nil || status != http.StatusForbidden {
		t.Fatalf("403: status %d err %v", status, err)
	}
	assertJSONEqual(t, raw, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`)
}

func TestUnauthorizedAndUnknownMethod(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	ctx := testContext(t)

	status, raw, err := post(ctx, srv.URL+"/bot999:wrong/getMe", "", "")
	if err != nil || status != http.StatusUnauthorized {
		t.Fatalf("wrong token: status %d err %v", status, err)
	}
	assertJSONEqual(t, raw, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)

	status, raw, err = post(ctx, methodURL(srv, "launchRocket"), "", "")
	if err != nil || status != http.StatusNotFound {
		t.Fatalf("unknown method: status %d err %v", status, err)
	}
	assertJSONEqual(t, raw, `{"ok":false,"error_code":404,"description":"Not Found: method not found"}`)

	// The real client maps these to its sentinel errors.
	_, err = bot.New("999:wrong", bot.WithServerURL(srv.URL))
	if !errors.Is(err, bot.ErrorUnauthorized) {
		t.Errorf("bot.New with a wrong token: err = %v, want bot.ErrorUnauthorized", err)
	}

	var got []string
	for _, c := range srv.Calls("") {
		got = append(got, fmt.Sprintf("%s %d", c.Method, c.Status))
	}
	if want := []string{"getMe 401", "launchRocket 404", "getMe 401"}; !reflect.DeepEqual(got, want) {
		t.Errorf("recorded calls = %v, want %v", got, want)
	}
}

func TestMethodNamesAreCaseInsensitive(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	status, resp := mustPost(t, methodURL(srv, "SENDMESSAGE"), "application/x-www-form-urlencoded", "chat_id=42&text=hi")
	if status != http.StatusOK || !resp.OK {
		t.Fatalf("SENDMESSAGE = %d %+v", status, resp)
	}
	if sent := srv.Sent(); len(sent) != 1 || sent[0].Method != "sendMessage" {
		t.Errorf("Sent() = %+v, want the call under its canonical name", sent)
	}
	if len(srv.Calls("sendmessage")) != 1 {
		t.Errorf("Calls is not case-insensitive")
	}
}

func TestJSONBody(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	body := `{
		"chat_id": -1001234567890123,
		"text": "<b>hi</b> & bye",
		"message_thread_id": 7,
		"disable_notification": true,
		"entities": null,
		"reply_markup": {"inline_keyboard": [[{"text": "a&b", "callback_data": "x"}]]}
	}`
	status, resp := mustPost(t, methodURL(srv, "sendMessage"), "application/json; charset=utf-8", body)
	if status != http.StatusOK || !resp.OK {
		t.Fatalf("sendMessage = %d %+v", status, resp)
	}
	var msg models.Message
	if err := json.Unmarshal(resp.Result, &msg); err != nil {
		t.Fatalf("result: %v", err)
	}
	if msg.Chat.ID != -1001234567890123 || msg.Chat.Type != models.ChatTypeSupergroup || msg.MessageThreadID != 7 {
		t.Errorf("message = %+v", msg)
	}
	if msg.ReplyMarkup == nil || msg.ReplyMarkup.InlineKeyboard[0][0].Text != "a&b" {
		t.Errorf("reply_markup not echoed: %+v", msg.ReplyMarkup)
	}

	c := srv.Sent()[0]
	want := map[string]string{
		"chat_id":              "-1001234567890123",
		"text":                 "<b>hi</b> & bye",
		"message_thread_id":    "7",
		"disable_notification": "true",
		// Re-marshalled: keys sorted, no HTML escaping.
		"reply_markup": `{"inline_keyboard":[[{"callback_data":"x","text":"a&b"}]]}`,
	}
	if !reflect.DeepEqual(c.Params, want) {
		t.Errorf("params = %#v\nwant %#v", c.Params, want)
	}
	if c.ChatID != -1001234567890123 {
		t.Errorf("ChatID = %d", c.ChatID)
	}

	status, resp = mustPost(t, methodURL(srv, "sendMessage"), "application/json", `[1, 2]`)
	if status != http.StatusBadRequest || resp.OK {
		t.Errorf("non-object JSON body = %d %+v, want 400", status, resp)
	}
}

func TestFormBody(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	form := url.Values{
		"chat_id":      {"42"},
		"text":         {"你好 & welcome"},
		"reply_markup": {`{"inline_keyboard":[[{"text":"帮助","callback_data":"help"}]]}`},
	}
	resp, err := http.PostForm(methodURL(srv, "sendMessage"), form)
	if err != nil {
		t.Fatalf("PostForm: %v", err)
	}
	defer resp.Body.Close()
	var r apiResponse
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || !r.OK {
		t.Fatalf("response %+v, err %v", r, err)
	}
	c := srv.Sent()[0]
	if c.ChatID != 42 || c.Params["text"] != "你好 & welcome" || c.Params["reply_markup"] != form.Get("reply_markup") {
		t.Errorf("recorded call = %+v", c)
	}

	// Query-string parameters count too, as with the real API.
	status, _ := mustPost(t, methodURL(srv, "sendChatAction")+"?chat_id=42&action=typing", "", "")
	if status != http.StatusOK {
		t.Errorf("sendChatAction with query parameters = %d", status)
	}
}

func TestLongPollingWithBotStart(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	updates := make(chan *models.Update, 10)
	commands := make(chan string, 10)
	b := newBot(t, srv, bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) {
		updates <- u
	}))
	b.RegisterHandler(bot.HandlerTypeMessageText, "start", bot.MatchTypeCommand, func(_ context.Context, _ *bot.Bot, u *models.Update) {
		commands <- u.Message.Text
	})
	startPolling(t, b)

	// Push only once the bot is parked in a long poll, to prove that a push
	// wakes a waiting getUpdates rather than being picked up by the next one.
	telegramtest.WaitFor(t, "the bot to long-poll", func() bool {
		calls := srv.Calls("getUpdates")
		return len(calls) == 1 && calls[0].Status == 0
	})
	if p := srv.Calls("getUpdates")[0].Params; p["timeout"] == "" || p["timeout"] == "0" {
		t.Fatalf("the client did not ask for long polling: %v", p)
	}
	id := srv.PushUpdate(telegramtest.Text(42, 7, "我的订单在哪里？"))

	select {
	case u := <-updates:
		if u.ID != id || u.Message == nil || u.Message.Text != "我的订单在哪里？" {
			t.Fatalf("update = %+v", u)
		}
		from := u.Message.From
		if from == nil || from.ID != 7 || from.Username != "m7" || from.FirstName != "Merchant" || from.LanguageCode != "zh-hans" {
			t.Errorf("from = %+v", from)
		}
		if u.Message.Chat.ID != 42 || u.Message.Chat.Type != models.ChatTypePrivate {
			t.Errorf("chat = %+v", u.Message.Chat)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the pushed update never reached the handler")
	}
	telegramtest.WaitFor(t, "the update to be confirmed", func() bool { return srv.Pending() == 0 })
	confirmed := false
	for _, c := range srv.Calls("getUpdates") {
		confirmed = confirmed || c.Params["offset"] == strconv.FormatInt(id+1, 10)
	}
	if !confirmed {
		t.Errorf("no getUpdates call confirmed update %d: %+v", id, srv.Calls("getUpdates"))
	}

	// Callback queries and commands survive the round trip through the client.
	srv.PushUpdate(telegramtest.Callback(42, 7, 3, "refund:yes"))
	select {
	case u := <-updates:
		cq := u.CallbackQuery
		if cq == nil || cq.Data != "refund:yes" || cq.ID == "" || cq.From.ID != 7 ||
			cq.Message.Message == nil || cq.Message.Message.ID != 3 || cq.Message.Message.Chat.ID != 42 {
			t.Errorf("callback update = %+v", u)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the callback never reached the handler")
	}
	srv.PushUpdate(telegramtest.TextLang(42, 7, "/start ref_1", "en"))
	select {
	case text := <-commands:
		if text != "/start ref_1" {
			t.Errorf("command text = %q", text)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the /start command handler never ran")
	}
}

func TestGetUpdatesOffsetAndLimit(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	for i := range 3 {
		if id := srv.PushUpdate(telegramtest.Text(42, 7, fmt.Sprint(i))); id != int64(i+1) {
			t.Fatalf("update %d got id %d", i, id)
		}
	}
	if ids := updateIDs(getUpdates(t, srv, "")); !reflect.DeepEqual(ids, []int64{1, 2, 3}) {
		t.Errorf("without offset: %v", ids)
	}
	// Fetching without a higher offset confirms nothing.
	if srv.Pending() != 3 {
		t.Errorf("Pending() = %d, want 3", srv.Pending())
	}
	if ids := updateIDs(getUpdates(t, srv, "offset=2&limit=1")); !reflect.DeepEqual(ids, []int64{2}) {
		t.Errorf("offset=2 limit=1: %v", ids)
	}
	if srv.Pending() != 2 {
		t.Errorf("Pending() = %d after offset=2, want 2", srv.Pending())
	}
	if ids := updateIDs(getUpdates(t, srv, "offset=-1")); !reflect.DeepEqual(ids, []int64{3}) {
		t.Errorf("offset=-1: %v", ids)
	}
	if ids := updateIDs(getUpdates(t, srv, "offset=4&timeout=0")); len(ids) != 0 {
		t.Errorf("offset=4: %v", ids)
	}
	// An explicit id is kept, and later ids continue after it.
	if id := srv.PushUpdate(models.Update{ID: 100, Message: telegramtest.Text(42, 7, "x").Message}); id != 100 {
		t.Errorf("explicit id = %d", id)
	}
	if id := srv.PushUpdate(telegramtest.Text(42, 7, "y")); id != 101 {
		t.Errorf("id after explicit one = %d, want 101", id)
	}
}

func TestGetUpdatesWaiting(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	ctx := testContext(t)

	// An empty queue with a timeout answers [] once it passes.
	start := time.Now()
	if ids := updateIDs(getUpdates(t, srv, "timeout=1")); len(ids) != 0 {
		t.Errorf("timeout=1: %v", ids)
	}
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond {
		t.Errorf("timeout=1 answered after %v", elapsed)
	}

	// A pending update is answered at once despite a long timeout.
	srv.PushUpdate(telegramtest.Text(42, 7, "now"))
	start = time.Now()
	if ids := updateIDs(getUpdates(t, srv, "timeout=30")); len(ids) != 1 {
		t.Errorf("pending update: %v", ids)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("a pending update took %v", elapsed)
	}

	// A waiting request is woken by a push.
	type result struct {
		body string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		_, body, err := post(ctx, methodURL(srv, "getUpdates"), "application/x-www-form-urlencoded", "offset=2&timeout=30")
		done <- result{body, err}
	}()
	telegramtest.WaitFor(t, "a waiting getUpdates", func() bool {
		calls := srv.Calls("getUpdates")
		return len(calls) == 3 && calls[2].Status == 0
	})
	id := srv.PushRawUpdate(`{"message":{"message_id":9,"date":1,"chat":{"id":42,"type":"private"},"text":"late"}}`)
	select {
	case r := <-done:
		if r.err != nil || !strings.Contains(r.body, `"text":"late"`) || !strings.Contains(r.body, fmt.Sprintf(`"update_id":%d`, id)) {
			t.Errorf("woken getUpdates = %q, %v", r.body, r.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the push did not wake the waiting getUpdates")
	}

	// A client giving up ends the wait.
	cctx, cancel := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() {
		_, _, err := post(cctx, methodURL(srv, "getUpdates"), "application/x-www-form-urlencoded", "offset=1000&timeout=30")
		errc <- err
	}()
	telegramtest.WaitFor(t, "a second waiting getUpdates", func() bool { return len(srv.Calls("getUpdates")) == 4 })
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled getUpdates: err = %v", err)
	}
}

func TestCloseReleasesWaitingGetUpdates(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	ctx := testContext(t)
	done := make(chan error, 1)
	go func() {
		_, _, err := post(ctx, methodURL(srv, "getUpdates"), "application/x-www-form-urlencoded", "timeout=60")
		done <- err
	}()
	telegramtest.WaitFor(t, "a waiting getUpdates", func() bool { return len(srv.Calls("getUpdates")) == 1 })

	start := time.Now()
	srv.Close()
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("Close took %v with a waiting getUpdates", elapsed)
	}
	select {
	case <-done: // answered or cut off, either is fine: it must not hang
	case <-time.After(5 * time.Second):
		t.Fatal("the waiting getUpdates was not released by Close")
	}
	// Close waits for handlers to return, so none may be left parked.
	buf := make([]byte, 1<<20)
	if stacks := string(buf[:runtime.Stack(buf, true)]); strings.Contains(stacks, "telegramtest.(*Server).getUpdates") {
		t.Errorf("a getUpdates handler outlived Close:\n%s", stacks)
	}
	srv.Close() // idempotent, as the cleanup will call it again
}

func TestPushRawUpdate(t *testing.T) {
	srv := telegramtest.NewServer(t, token)

	if id := srv.PushRawUpdate(`{"message": {"chat": {"id": -1001234567890123}}, "odd": [1, {"x": null}]}`); id != 1 {
		t.Errorf("assigned id = %d, want 1", id)
	}
	if id := srv.PushRawUpdate(`{"update_id": 77, "unknown_kind": {"a": 1}}`); id != 77 {
		t.Errorf("explicit id = %d, want 77", id)
	}
	// A non-numeric update_id is delivered as is.
	if id := srv.PushRawUpdate(`{"update_id": "seventy-eight"}`); id != 78 {
		t.Errorf("id for a malformed update_id = %d, want 78", id)
	}

	status, resp := mustPost(t, methodURL(srv, "getUpdates"), "", "")
	if status != http.StatusOK {
		t.Fatalf("getUpdates = %d", status)
	}
	raw := string(resp.Result)
	if !strings.Contains(raw, "-1001234567890123") {
		t.Errorf("large chat id lost precision: %s", raw)
	}
	assertJSONEqual(t, raw, `[
		{"update_id": 1, "message": {"chat": {"id": -1001234567890123}}, "odd": [1, {"x": null}]},
		{"update_id": 77, "unknown_kind": {"a": 1}},
		{"update_id": "seventy-eight"}
	]`)

	// Offsets work on the internal id of the malformed update too.
	if ids := getUpdates(t, srv, "offset=79"); len(ids) != 0 || srv.Pending() != 0 {
		t.Errorf("after offset=79: %v, pending %d", ids, srv.Pending())
	}
}

// recordingTB captures Errorf so that misuse reports can be asserted on.
type recordingTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestPushRawUpdateRejectsNonObjects(t *testing.T) {
	tb := &recordingTB{TB: t}
	srv := telegramtest.NewServer(tb, token)
	for _, raw := range []string{`not json`, `[1]`, `null`, `{"a":1} trailing`} {
		if id := srv.PushRawUpdate(raw); id != 0 {
			t.Errorf("PushRawUpdate(%q) = %d, want 0", raw, id)
		}
	}
	if len(tb.errors) != 4 || srv.Pending() != 0 {
		t.Errorf("errors = %q, pending %d", tb.errors, srv.Pending())
	}
}

func TestEditsAndCallbackAnswers(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)

	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "OK", CallbackData: "ok"}}}}
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(42), Text: "old", ReplyMarkup: kb})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}

	edited, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: int64(42), MessageID: sent.ID, Text: "new"})
	if err != nil {
		t.Fatalf("EditMessageText: %v", err)
	}
	if edited.ID != sent.ID || edited.Text != "new" || edited.EditDate == 0 || edited.ReplyMarkup != nil {
		t.Errorf("edited = %+v, want new text and the keyboard dropped", edited)
	}

	edited, err = b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: int64(42), MessageID: sent.ID, ReplyMarkup: kb})
	if err != nil {
		t.Fatalf("EditMessageReplyMarkup: %v", err)
	}
	if edited.Text != "new" || !reflect.DeepEqual(edited.ReplyMarkup, kb) {
		t.Errorf("markup edit = %+v, want the text kept and the keyboard back", edited)
	}

	// Messages the server never sent can still be edited.
	edited, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: int64(-100), MessageID: 999, Text: "x"})
	if err != nil || edited.ID != 999 || edited.Chat.Type != models.ChatTypeSupergroup {
		t.Errorf("edit of an unknown message = %+v, %v", edited, err)
	}
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: int64(42), MessageID: sent.ID}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("edit without text: err = %v", err)
	}

	ok, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: "abc", Text: "已确认"})
	if err != nil || !ok {
		t.Errorf("AnswerCallbackQuery = %v, %v", ok, err)
	}
	if c := srv.Calls("answerCallbackQuery"); len(c) != 1 || c[0].Params["text"] != "已确认" {
		t.Errorf("Calls(answerCallbackQuery) = %+v", c)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("AnswerCallbackQuery without id: err = %v", err)
	}

	ok, err = b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: int64(42), Action: models.ChatActionTyping})
	if err != nil || !ok {
		t.Errorf("SendChatAction = %v, %v", ok, err)
	}
	ok, err = b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "start", Description: "开始"}}})
	if err != nil || !ok {
		t.Errorf("SetMyCommands = %v, %v", ok, err)
	}
	assertJSONEqual(t, srv.Calls("setMyCommands")[0].Params["commands"], `[{"command":"start","description":"开始"}]`)
}

func TestForumTopics(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)
	const group = -1001234567890

	first, err := b.CreateForumTopic(ctx, &bot.CreateForumTopicParams{ChatID: int64(group), Name: "工单 #1"})
	if err != nil {
		t.Fatalf("CreateForumTopic: %v", err)
	}
	second, err := b.CreateForumTopic(ctx, &bot.CreateForumTopicParams{ChatID: int64(group), Name: "工单 #2"})
	if err != nil {
		t.Fatalf("CreateForumTopic: %v", err)
	}
	if first.Name != "工单 #1" || first.MessageThreadID <= 0 || second.MessageThreadID <= first.MessageThreadID || first.IconColor == 0 {
		t.Errorf("topics = %+v, %+v", first, second)
	}
	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(group), MessageThreadID: second.MessageThreadID, Text: "hi"})
	if err != nil || msg.ID <= second.MessageThreadID || msg.MessageThreadID != second.MessageThreadID {
		t.Errorf("message in topic = %+v, %v", msg, err)
	}

	ok, err := b.CloseForumTopic(ctx, &bot.CloseForumTopicParams{ChatID: int64(group), MessageThreadID: first.MessageThreadID})
	if err != nil || !ok {
		t.Errorf("CloseForumTopic = %v, %v", ok, err)
	}
	if c := srv.Calls("closeForumTopic"); len(c) != 1 || c[0].ChatID != group ||
		c[0].Params["message_thread_id"] != strconv.Itoa(first.MessageThreadID) {
		t.Errorf("Calls(closeForumTopic) = %+v", c)
	}
	if _, err := b.CreateForumTopic(ctx, &bot.CreateForumTopicParams{ChatID: int64(group)}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("topic without a name: err = %v", err)
	}
}

func TestGetChatMember(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)
	const group = -100500

	get := func(userID int64) *models.ChatMember {
		t.Helper()
		m, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: int64(group), UserID: userID})
		if err != nil {
			t.Fatalf("GetChatMember(%d): %v", userID, err)
		}
		return m
	}

	if m := get(7); m.Type != models.ChatMemberTypeMember || m.Member == nil || m.Member.User.ID != 7 {
		t.Errorf("default member = %+v", m)
	}
	srv.SetMemberStatus(group, 7, models.ChatMemberTypeLeft)
	srv.SetMemberStatus(group, 8, models.ChatMemberTypeAdministrator)
	srv.SetMemberStatus(-100600, 9, models.ChatMemberTypeAdministrator)
	if m := get(7); m.Type != models.ChatMemberTypeLeft || m.Left == nil || m.Left.User.ID != 7 {
		t.Errorf("left member = %+v", m)
	}
	if m := get(8); m.Type != models.ChatMemberTypeAdministrator || m.Administrator == nil || !m.Administrator.CanManageTopics {
		t.Errorf("administrator = %+v", m)
	}
	// Statuses are per chat: user 9 is an admin elsewhere only.
	if m := get(9); m.Type != models.ChatMemberTypeMember {
		t.Errorf("user 9 = %+v, want member", m)
	}
	if m := get(botID); m.Member == nil || !m.Member.User.IsBot {
		t.Errorf("the bot itself = %+v", m)
	}
}

func TestWebhookMethods(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)
	srv.PushUpdate(telegramtest.Text(42, 7, "queued"))

	info, err := b.GetWebhookInfo(ctx)
	if err != nil || info.URL != "" || info.PendingUpdateCount != 1 {
		t.Fatalf("initial GetWebhookInfo = %+v, %v", info, err)
	}
	ok, err := b.SetWebhook(ctx, &bot.SetWebhookParams{
		URL:            "https://posbot.example/hook",
		SecretToken:    "s3cret",
		AllowedUpdates: []string{"message", "callback_query"},
	})
	if err != nil || !ok {
		t.Fatalf("SetWebhook = %v, %v", ok, err)
	}
	info, err = b.GetWebhookInfo(ctx)
	if err != nil || info.URL != "https://posbot.example/hook" || info.PendingUpdateCount != 1 ||
		!reflect.DeepEqual(info.AllowedUpdates, []string{"message", "callback_query"}) {
		t.Errorf("GetWebhookInfo = %+v, %v", info, err)
	}
	if got := srv.Calls("setWebhook")[0].Params["secret_token"]; got != "s3cret" {
		t.Errorf("recorded secret_token = %q", got)
	}

	// Like Telegram, polling is refused while a webhook is set.
	status, resp := mustPost(t, methodURL(srv, "getUpdates"), "", "")
	if status != http.StatusConflict || resp.ErrorCode != http.StatusConflict {
		t.Errorf("getUpdates with a webhook = %d %+v", status, resp)
	}

	ok, err = b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{DropPendingUpdates: true})
	if err != nil || !ok {
		t.Fatalf("DeleteWebhook = %v, %v", ok, err)
	}
	info, err = b.GetWebhookInfo(ctx)
	if err != nil || info.URL != "" || info.PendingUpdateCount != 0 {
		t.Errorf("GetWebhookInfo after delete = %+v, %v", info, err)
	}
}

func TestPostWebhook(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	updates := make(chan *models.Update, 1)
	b := newBot(t, srv,
		bot.WithWebhookSecretToken("s3cret"),
		bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) { updates <- u }),
	)
	hook := httptest.NewServer(b.WebhookHandler())
	defer hook.Close()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		b.StartWebhook(ctx)
	}()
	defer func() {
		cancel()
		<-stopped
	}()

	resp, err := telegramtest.PostWebhook(hook.URL, "s3cret", telegramtest.Text(42, 7, "via webhook"))
	if err != nil {
		t.Fatalf("PostWebhook: %v", err)
	}
	resp.Body.Close()
	select {
	case u := <-updates:
		if u.Message == nil || u.Message.Text != "via webhook" {
			t.Errorf("update = %+v", u)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the webhook update never reached the handler")
	}

	// The header is sent only with a secret, and raw bodies go out verbatim.
	type request struct {
		header http.Header
		body   string
	}
	requests := make(chan request, 2)
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		requests <- request{r.Header.Clone(), string(body)}
	}))
	defer plain.Close()
	for _, secret := range []string{"", "abc"} {
		resp, err := telegramtest.PostWebhook(plain.URL, secret, `{"update_id":1,"odd":true}`)
		if err != nil {
			t.Fatalf("PostWebhook: %v", err)
		}
		resp.Body.Close()
		r := <-requests
		got, present := r.header["X-Telegram-Bot-Api-Secret-Token"]
		if secret == "" && present {
			t.Errorf("secret header sent without a secret: %q", got)
		}
		if secret != "" && r.header.Get("X-Telegram-Bot-Api-Secret-Token") != secret {
			t.Errorf("secret header = %q, want %q", got, secret)
		}
		if r.header.Get("Content-Type") != "application/json" || r.body != `{"update_id":1,"odd":true}` {
			t.Errorf("request = %+v", r)
		}
	}
}

func TestDelay(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	send := func(ctx context.Context) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(42), Text: "hi"})
		return err
	}

	srv.Delay("sendMessage", 150*time.Millisecond)
	start := time.Now()
	if err := send(testContext(t)); err != nil {
		t.Fatalf("delayed send: %v", err)
	}
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
		t.Errorf("delayed send took only %v", elapsed)
	}

	// The delay gives way to the client's deadline.
	srv.Delay("sendMessage", time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	if err := send(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("cancelled send took %v", elapsed)
	}
	if sent := srv.Sent(); len(sent) != 1 {
		t.Errorf("Sent() = %+v, want only the first send", sent)
	}

	// A failure is answered after the delay, like a slow error from Telegram.
	srv.Delay("sendMessage", 100*time.Millisecond)
	srv.Fail("sendMessage", 42, 1, telegramtest.ServerError())
	start = time.Now()
	if err := send(testContext(t)); err == nil || time.Since(start) < 100*time.Millisecond {
		t.Errorf("delayed failure: err %v after %v", err, time.Since(start))
	}

	srv.Delay("sendMessage", 0)
	start = time.Now()
	if err := send(testContext(t)); err != nil || time.Since(start) > 2*time.Second {
		t.Errorf("undelayed send: err %v after %v", err, time.Since(start))
	}
}

func TestReset(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)
	srv.PushUpdate(telegramtest.Text(42, 7, "pending"))
	srv.Fail("sendMessage", 0, 2, telegramtest.Forbidden())
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(42), Text: "a"}); err == nil {
		t.Fatal("first send should fail")
	}

	srv.Reset()
	if calls := srv.Calls(""); len(calls) != 0 {
		t.Errorf("Calls after Reset = %+v", calls)
	}
	// Only recordings are forgotten: the second injected failure still fires.
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(42), Text: "b"}); !errors.Is(err, bot.ErrorForbidden) {
		t.Errorf("err after Reset = %v, want the remaining injected failure", err)
	}
	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(42), Text: "c"})
	if err != nil || msg.ID != 1 {
		t.Errorf("send after failures = %+v, %v", msg, err)
	}
	if srv.Pending() != 1 || len(srv.Calls("")) != 2 {
		t.Errorf("pending %d, calls %+v", srv.Pending(), srv.Calls(""))
	}
}

func TestHandle(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)

	srv.Handle("deleteMessage", func(_ context.Context, p map[string]string) (any, error) {
		if p["message_id"] == "13" {
			return nil, telegramtest.Failure{Status: http.StatusBadRequest, Description: "Bad Request: message to delete not found"}
		}
		return true, nil
	})
	ok, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: int64(42), MessageID: 12})
	if err != nil || !ok {
		t.Errorf("DeleteMessage = %v, %v", ok, err)
	}
	if _, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: int64(42), MessageID: 13}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("DeleteMessage failure: err = %v", err)
	}

	// Built-in methods can be replaced, and plain errors become a 500.
	srv.Handle("getMe", func(context.Context, map[string]string) (any, error) {
		return nil, errors.New("boom")
	})
	if _, err := b.GetMe(ctx); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("GetMe with a failing handler: err = %v", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	b := newBot(t, srv)
	ctx := testContext(t)

	const workers, perWorker = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				srv.PushUpdate(telegramtest.Text(int64(w+1), 7, "x"))
				if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(w + 1), Text: fmt.Sprint(i)}); err != nil {
					errs <- err
				}
				_ = srv.Calls("sendMessage")
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent send: %v", err)
	}

	seen := make(map[string]bool)
	sent := srv.Sent()
	if len(sent) != workers*perWorker {
		t.Fatalf("Sent() has %d calls, want %d", len(sent), workers*perWorker)
	}
	for _, c := range sent {
		seen[fmt.Sprint(c.ChatID, "/", c.Params["text"])] = true
	}
	if len(seen) != workers*perWorker {
		t.Errorf("recorded %d distinct sends, want %d", len(seen), workers*perWorker)
	}
	if srv.Pending() != workers*perWorker {
		t.Errorf("Pending() = %d", srv.Pending())
	}
}

func TestCallsAreCopies(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	mustPost(t, methodURL(srv, "sendMessage"), "application/x-www-form-urlencoded", "chat_id=42&text=hi")
	srv.Calls("")[0].Params["text"] = "tampered"
	if got := srv.Sent()[0].Params["text"]; got != "hi" {
		t.Errorf("a caller's edit leaked into the recording: %q", got)
	}
}
