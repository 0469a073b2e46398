package telegram_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/dialogue"
	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/store/storetest"
	"github.com/posbot/posbot/internal/telegram"
	"github.com/posbot/posbot/internal/telegram/telegramtest"
)

const supportChat = -1001234567890

// withSupport serves getChat for the support chat, a forum or a plain group.
func withSupport(srv *telegramtest.Server, forum bool) {
	srv.Handle("getChat", func(_ context.Context, p map[string]string) (any, error) {
		return models.ChatFullInfo{ID: supportChat, Type: models.ChatTypeSupergroup, Title: "support", IsForum: forum}, nil
	})
}

// startDesk runs a bot with the escalation desk on db against srv.
func startDesk(t *testing.T, srv *telegramtest.Server, db *store.DB, tune func(*telegram.Options)) *harness {
	t.Helper()
	h := &harness{srv: srv, rec: &recorder{}, logs: &syncBuffer{}, done: make(chan error, 1)}
	opt := telegram.Options{
		Token: token, APIURL: srv.URL, Paced: true, PollTimeout: time.Second, Shutdown: 5 * time.Second,
		Log:           newTestLogger(h.logs),
		SupportChatID: supportChat,
		Desk:          escalation.NewDesk(db, time.Now),
		Tickets:       db,
		Pacer:         db,
	}
	opt.Desk.(*escalation.Desk).UseLibrary(dialogue.Library(func() *assistant.Assistant { return shippedCore(t) }))
	if tune != nil {
		tune(&opt)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b, err := telegram.New(ctx, opt, shippedCore(t), db)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	h.bot, h.stop = b, cancel
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(func() { h.shutdown(t) })
	return h
}

func (h *harness) shutdown(t *testing.T) {
	h.stop()
	select {
	case <-h.done:
		h.done <- nil
	case <-time.After(20 * time.Second):
		t.Error("Run did not return")
	}
}

func lastText(calls []telegramtest.Call) string {
	if len(calls) == 0 {
		return ""
	}
	return calls[len(calls)-1].Params["text"]
}

// say sends text as merchant chat and waits for the reply count to grow.
func say(t *testing.T, h *harness, chat int64, text string, replies int) string {
	t.Helper()
	before := len(h.sentTo(chat))
	h.srv.PushUpdate(telegramtest.Text(chat, chat, text))
	return lastText(h.waitSent(t, chat, before+replies))
}

func press(t *testing.T, h *harness, chat int64, data string, replies int) string {
	t.Helper()
	before := len(h.sentTo(chat))
	h.srv.PushUpdate(telegramtest.Callback(chat, chat, 1, data))
	return lastText(h.waitSent(t, chat, before+replies))
}

func messageID(t *testing.T, c telegramtest.Call) int {
	t.Helper()
	m, ok := c.Result.(models.Message)
	if !ok {
		t.Fatalf("result %T", c.Result)
	}
	return m.ID
}

// waitRecorded waits until the database knows the card's message id: an
// agent cannot reply to a card in the millisecond between Telegram taking it
// and the outbox recording it, so tests do not either.
func waitRecorded(t *testing.T, db *store.DB, card telegramtest.Call) {
	t.Helper()
	id := messageID(t, card)
	telegramtest.WaitFor(t, "the card's message id recorded", func() bool {
		_, err := db.TicketForSupport(context.Background(), supportChat, 0, id)
		return err == nil
	})
}

// The whole loop: an answer that did not help, the fields collected, the
// ticket card in the support chat, an agent's reply relayed, the merchant's
// follow-up relayed back, /close, and a rating.
func TestEscalationFlow(t *testing.T) {
	for _, tc := range []struct {
		kind  string
		forum bool
	}{{"sqlite", false}, {"postgres", true}} {
		t.Run(fmt.Sprintf("%s/forum=%v", tc.kind, tc.forum), func(t *testing.T) {
			srv := telegramtest.NewServer(t, token)
			withSupport(srv, tc.forum)
			db := storetest.Open(t, tc.kind)
			h := startDesk(t, srv, db, nil)
			const m = 801

			say(t, h, m, "扫码收款昨天的钱没到账", 1)
			data := callbackData(markup(t, h.sentTo(m)[0]))
			got := press(t, h, m, data[len(data)-1], 2) // 👎 没解决，转人工: intro + first question
			if !strings.Contains(got, "商户号") {
				t.Fatalf("first question %q", got)
			}
			got = say(t, h, m, "商户号898440153990123 终端号12345678 今天下午3点微信收款520元 卡号6222021234567890", 2)
			if !strings.Contains(lastText(h.sentTo(m)[:len(h.sentTo(m))-1]), "不要发送完整卡号") {
				t.Errorf("no card warning before %q", got)
			}
			if !strings.Contains(got, "应答码") {
				t.Fatalf("code question %q", got)
			}
			press(t, h, m, "esc:skip", 1)
			if got = press(t, h, m, "esc:skip", 1); !strings.Contains(got, "照片") {
				t.Fatalf("the optional photo %q", got)
			}
			got = press(t, h, m, "esc:skip", 1)
			if !strings.Contains(got, "898440153990123") || !strings.Contains(got, "520.00") {
				t.Fatalf("summary %q", got)
			}
			got = say(t, h, m, "提交", 1)
			if !strings.Contains(got, "#1") {
				t.Fatalf("submitted %q", got)
			}

			// The card reaches the support chat, in its own topic on a forum.
			card := h.waitSent(t, supportChat, 1)[0]
			for _, want := range []string{"#1", "898440153990123", "12345678", "520.00", "missing-credit"} {
				if !strings.Contains(card.Params["text"], want) {
					t.Errorf("card lacks %q:\n%s", want, card.Params["text"])
				}
			}
			if strings.Contains(card.Params["text"], "6222021234567890") {
				t.Error("card number reached the support chat")
			}
			thread := 0
			if tc.forum {
				if n := len(srv.Calls("createForumTopic")); n != 1 {
					t.Fatalf("%d topics created", n)
				}
				if card.Params["message_thread_id"] == "" {
					t.Fatal("card not in the ticket's topic")
				}
				fmt.Sscan(card.Params["message_thread_id"], &thread)
			}

			// Agent chatter that is not about a ticket is ignored.
			agent := &models.User{ID: 9001, FirstName: "Li", Username: "agent_li"}
			srv.PushUpdate(models.Update{Message: &models.Message{ID: 7000, From: agent,
				Chat: models.Chat{ID: supportChat, Type: models.ChatTypeSupergroup}, Text: "午饭吃什么"}})
			// The agent answers: a reply to the card, or a message in the topic.
			reply := &models.Message{ID: 7001, From: agent, Chat: models.Chat{ID: supportChat, Type: models.ChatTypeSupergroup},
				Text: "你好，这笔已经查到，今晚到账"}
			if tc.forum {
				reply.MessageThreadID, reply.IsTopicMessage = thread, true
			} else {
				reply.ReplyToMessage = &models.Message{ID: messageID(t, card)}
			}
			waitRecorded(t, db, card)
			before := len(h.sentTo(m))
			srv.PushUpdate(models.Update{Message: reply})
			got = lastText(h.waitSent(t, m, before+1))
			if !strings.Contains(got, "今晚到账") || !strings.Contains(got, "#1") {
				t.Errorf("relayed reply %q", got)
			}

			// The merchant's follow-up goes to the agents, not to the core.
			srv.PushUpdate(telegramtest.Text(m, m, "好的谢谢 那手续费怎么算"))
			relayed := h.waitSent(t, supportChat, 2)[1]
			if !strings.Contains(relayed.Params["text"], "手续费怎么算") {
				t.Errorf("merchant follow-up %q", relayed.Params["text"])
			}
			if tc.forum && relayed.Params["message_thread_id"] != fmt.Sprint(thread) {
				t.Errorf("follow-up outside the topic: %v", relayed.Params)
			}
			if !tc.forum && !strings.Contains(relayed.Params["reply_parameters"], fmt.Sprint(messageID(t, card))) {
				t.Errorf("follow-up not threaded to the card: %v", relayed.Params)
			}

			// /close: the merchant is told and asked for a rating.
			closeMsg := &models.Message{ID: 7002, From: agent, Chat: reply.Chat, Text: "/close", MessageThreadID: reply.MessageThreadID,
				IsTopicMessage: reply.IsTopicMessage, ReplyToMessage: reply.ReplyToMessage}
			before = len(h.sentTo(m))
			srv.PushUpdate(models.Update{Message: closeMsg})
			closed := h.waitSent(t, m, before+1)
			rate := callbackData(markup(t, closed[len(closed)-1]))
			if len(rate) != 6 || rate[4] != "rate:1:5" || rate[5] != "reopen:1" {
				t.Fatalf("rating and reopen buttons %v", rate)
			}
			got = press(t, h, m, "rate:1:5", 1)
			if !strings.Contains(got, "感谢") {
				t.Errorf("rating thanks %q", got)
			}
			tk, _ := db.Ticket(context.Background(), 1)
			if tk.Status != escalation.StatusClosed || tk.Rating != 5 {
				t.Errorf("ticket %+v", tk)
			}
			// After closing, a new message is answered afresh by the core.
			got = say(t, h, m, "打印机不出纸", 1)
			if !strings.Contains(got, "打印") {
				t.Errorf("after close: %q", got)
			}
			// A merchant cannot use agent commands.
			got = say(t, h, m, "/close", 1)
			if !strings.Contains(got, "/human") {
				t.Errorf("/close from a merchant: %q", got)
			}
		})
	}
}

func submitTicket(t *testing.T, h *harness, chat int64) {
	t.Helper()
	say(t, h, chat, "/human", 2)
	say(t, h, chat, "商户号898440153990123 机器被冻结了 暂停业务", 1)
	for i := 0; i < 4; i++ {
		if strings.Contains(lastText(h.sentTo(chat)), "提交") {
			break
		}
		press(t, h, chat, "esc:skip", 1)
	}
	if got := say(t, h, chat, "提交", 1); !strings.Contains(got, "#") {
		t.Fatalf("submit: %q", got)
	}
}

// A restart between the ticket and the agent's reply loses nothing: the
// card that could not be sent goes out from the new process, and the
// agent's reply is still relayed.
func TestEscalationSurvivesRestart(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	withSupport(srv, false)
	url := storetest.URL(t, "postgres")
	db1 := storetest.OpenURL(t, url)
	h1 := startDesk(t, srv, db1, nil)
	srv.Fail("sendMessage", supportChat, 1000, telegramtest.ServerError()) // the support chat is down
	submitTicket(t, h1, 901)
	telegramtest.WaitFor(t, "a failed card attempt", func() bool {
		for _, c := range srv.Calls("sendMessage") {
			if c.ChatID == supportChat {
				return true
			}
		}
		return false
	})
	h1.shutdown(t)

	srv.ClearFailures() // back up
	srv.Reset()
	db2 := storetest.OpenURL(t, url)
	h2 := startDesk(t, srv, db2, nil)
	card := h2.waitSent(t, supportChat, 1)[0]
	if !strings.Contains(card.Params["text"], "#1") {
		t.Fatalf("card after restart %q", card.Params["text"])
	}
	waitRecorded(t, db2, card)
	srv.PushUpdate(models.Update{Message: &models.Message{ID: 8001, From: &models.User{ID: 9001, FirstName: "Li"},
		Chat: models.Chat{ID: supportChat, Type: models.ChatTypeSupergroup}, Text: "收到，马上处理",
		ReplyToMessage: &models.Message{ID: messageID(t, card)}}})
	if got := lastText(h2.waitSent(t, 901, 1)); !strings.Contains(got, "马上处理") {
		t.Errorf("relay after restart %q", got)
	}
	if n := len(h2.sentTo(supportChat)); n != 1 {
		t.Errorf("card sent %d times", n)
	}
	// A copy of the card whose id was lost in a crash (Telegram took it, the
	// database never heard): a reply to it still reaches the merchant.
	srv.PushUpdate(models.Update{Message: &models.Message{ID: 8002, From: &models.User{ID: 9001, FirstName: "Li"},
		Chat: models.Chat{ID: supportChat, Type: models.ChatTypeSupergroup}, Text: "这边看到了，稍等",
		ReplyToMessage: &models.Message{ID: 777777, From: &models.User{ID: 1, IsBot: true, Username: telegramtest.BotUsername},
			Text: card.Params["text"]}}})
	if got := lastText(h2.waitSent(t, 901, 2)); !strings.Contains(got, "稍等") {
		t.Errorf("reply to an unrecorded copy of the card: %q", got)
	}
}

// 429s from the support chat delay the card, which then arrives once.
func TestEscalationSupportRateLimited(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	withSupport(srv, true)
	srv.Fail("createForumTopic", supportChat, 1, telegramtest.TooManyRequests(1))
	srv.Fail("sendMessage", supportChat, 2, telegramtest.TooManyRequests(1))
	db := storetest.Open(t, "sqlite")
	h := startDesk(t, srv, db, nil)
	submitTicket(t, h, 902)
	h.waitSent(t, supportChat, 1)
	time.Sleep(1500 * time.Millisecond) // room for a wrong second copy to show up
	if n := len(h.sentTo(supportChat)); n != 1 {
		t.Errorf("card delivered %d times", n)
	}
	if n := len(srv.Calls("createForumTopic")); n != 2 { // one 429, one success
		t.Errorf("%d createForumTopic calls", n)
	}
}

// An update Telegram delivers twice is handled once: one ticket, one reply.
func TestDuplicateUpdate(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	withSupport(srv, false)
	db := storetest.Open(t, "sqlite")
	h := startDesk(t, srv, db, nil)
	say(t, h, 903, "/human", 2)
	say(t, h, 903, "商户号898440153990123 终端被冻结", 1)
	for i := 0; i < 4 && !strings.Contains(lastText(h.sentTo(903)), "提交"); i++ {
		press(t, h, 903, "esc:skip", 1)
	}
	raw := `{"update_id": 5550001, "message": {"message_id": 77, "date": 1, "chat": {"id": 903, "type": "private"}, "from": {"id": 903, "is_bot": false, "first_name": "M"}, "text": "提交"}}`
	before := len(h.sentTo(903))
	srv.PushRawUpdate(raw)
	srv.PushRawUpdate(raw)
	h.waitSent(t, 903, before+1)
	h.waitSent(t, supportChat, 1)
	time.Sleep(1500 * time.Millisecond)
	if n := len(h.sentTo(903)) - before; n != 1 {
		t.Errorf("%d replies to a twice-delivered update", n)
	}
	if ts, _ := db.Tickets(context.Background(), "", 10); len(ts) != 1 {
		t.Errorf("%d tickets", len(ts))
	}
}

// Two processes with pacing on deliver 300 tickets: every card once, and
// together within the group's limit, which they share through the
// database (sped up here to 20 a second, so the run takes seconds, not the
// quarter of an hour 20 a minute would).
func TestTwoProcessesDeliverOnce(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	withSupport(srv, false)
	url := storetest.URL(t, "postgres")
	db1, db2 := storetest.OpenURL(t, url), storetest.OpenURL(t, url)
	desk := escalation.NewDesk(db1, time.Now)
	const n, perMinute = 300, 1200
	for i := 0; i < n; i++ {
		m := escalation.Merchant{Channel: "telegram", ID: fmt.Sprint(1000 + i), Person: fmt.Sprint(1000 + i), Name: "m"}
		desk.Begin(context.Background(), m, "转人工 商户号898440153990123 机器被冻结了", "")
		for j := 0; j < 4; j++ {
			desk.Handle(context.Background(), m, "跳过")
		}
		if _, _, err := desk.Handle(context.Background(), m, "提交"); err != nil {
			t.Fatal(err)
		}
	}
	// Both deliver; only one of them polls (the other waits for a webhook).
	fast := func(o *telegram.Options) { o.GroupRate = perMinute }
	startDesk(t, srv, db1, fast)
	startDesk(t, srv, db2, func(o *telegram.Options) {
		fast(o)
		o.WebhookURL, o.WebhookSecret = "https://example.invalid/hook", "s"
	})
	cards := func() []telegramtest.Call {
		var out []telegramtest.Call
		for _, c := range srv.Sent() {
			if c.ChatID == supportChat {
				out = append(out, c)
			}
		}
		return out
	}
	deadline := time.Now().Add(90 * time.Second)
	for len(cards()) < n && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if got := len(cards()); got < n {
		t.Fatalf("%d of %d cards after 90 s", got, n)
	}
	time.Sleep(1500 * time.Millisecond) // room for a wrong second copy to show up
	seen := map[string]int{}
	for _, c := range cards() {
		first, _, _ := strings.Cut(c.Params["text"], "\n")
		seen[first]++
	}
	if len(seen) != n {
		t.Errorf("%d distinct cards, want %d", len(seen), n)
	}
	for card, k := range seen {
		if k != 1 {
			t.Errorf("%s delivered %d times", card, k)
		}
	}
	// Within the limits together: at most 20 cards in any second here (a
	// few more for the time a request takes on the way), 30 messages in
	// any second overall. Each process alone would allow as many again.
	if most := busiest(cards(), time.Second); most > perMinute/60+3 {
		t.Errorf("%d cards within one second, the shared limit is %d", most, perMinute/60)
	}
	if most := busiest(srv.Sent(), time.Second); most > 30+3 {
		t.Errorf("%d messages within one second, Telegram allows 30", most)
	}
}

// busiest is the most calls that arrived within any span of d.
func busiest(calls []telegramtest.Call, d time.Duration) int {
	slices.SortFunc(calls, func(a, b telegramtest.Call) int { return a.At.Compare(b.At) })
	most, j := 0, 0
	for i := range calls {
		for calls[i].At.Sub(calls[j].At) >= d {
			j++
		}
		most = max(most, i-j+1)
	}
	return most
}

// A follow-up is read with the answer before it: thanks get a short close
// with no buttons, and "还是不行" after an answer starts a handoff that
// carries the article already tried.
func TestFollowUpOverTelegram(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	withSupport(srv, false)
	db := storetest.Open(t, "sqlite")
	h := startDesk(t, srv, db, nil)
	const m = 811

	say(t, h, m, "POS机打印不出小票", 1)
	got := say(t, h, m, "谢谢", 1)
	if !strings.Contains(got, "不客气") {
		t.Errorf("close %q", got)
	}
	if sent := h.sentTo(m); sent[len(sent)-1].Params["reply_markup"] != "" {
		t.Errorf("close carries buttons: %s", sent[len(sent)-1].Params["reply_markup"])
	}
	say(t, h, m, "POS机打印不出小票", 1)
	got = say(t, h, m, "试过了 还是不行", 2)
	if !strings.Contains(got, "商户号") {
		t.Fatalf("handoff did not start: %q", got)
	}
	c, err := db.Conversation(context.Background(), fmt.Sprintf("telegram:%d", m))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(c.Articles, "device-printer") || c.Mode != escalation.ModeCollecting {
		t.Errorf("conversation %+v", c)
	}
}

// utf16Len counts as Telegram does.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// longProblem is a merchant's account of a problem, n characters long, in
// sentences and without line breaks.
func longProblem(n int) string {
	return string([]rune(strings.Repeat("昨天下午扫码收款的钱一直没到账，顾客说已经扣款了。", n/24+1))[:n])
}

// checkParts checks that calls are one message in numbered parts, each
// within Telegram's limit, and returns their texts.
func checkParts(t *testing.T, calls []telegramtest.Call) []string {
	t.Helper()
	var texts []string
	for i, c := range calls {
		text := c.Params["text"]
		if n := utf16Len(text); n > 4096 {
			t.Errorf("part %d is %d UTF-16 code units", i+1, n)
		}
		if want := fmt.Sprintf("(%d/%d) ", i+1, len(calls)); !strings.HasPrefix(text, want) {
			t.Errorf("part %d starts %q, want %q", i+1, string([]rune(text)[:20]), want)
		}
		texts = append(texts, text)
	}
	return texts
}

// A card over Telegram's 4,096 characters reaches the support chat in
// numbered parts, its fields in the first, how to answer in the last; the
// delivery is sent, and an agent's reply to any part finds the ticket.
func TestLongCardInParts(t *testing.T) {
	for _, tc := range []struct {
		kind  string
		forum bool
	}{{"sqlite", false}, {"postgres", true}} {
		t.Run(fmt.Sprintf("%s/forum=%v", tc.kind, tc.forum), func(t *testing.T) {
			srv := telegramtest.NewServer(t, token)
			withSupport(srv, tc.forum)
			db := storetest.Open(t, tc.kind)
			ctx := context.Background()
			const chat = 821
			m := escalation.Merchant{Channel: "telegram", ID: fmt.Sprint(chat), Person: fmt.Sprint(chat), Name: "王五"}
			desk := escalation.NewDesk(db, time.Now)
			if _, err := desk.Begin(ctx, m, "转人工 商户号898440153990123 "+longProblem(4300), ""); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 10; i++ {
				if c, _ := db.Conversation(ctx, m.Key()); c.Mode == escalation.ModeConfirming {
					break
				}
				desk.Handle(ctx, m, "跳过")
			}
			if _, _, err := desk.Handle(ctx, m, "提交"); err != nil {
				t.Fatal(err)
			}
			h := startDesk(t, srv, db, nil)

			parts := checkParts(t, h.waitSent(t, supportChat, 2))
			if len(parts) != 2 {
				t.Fatalf("card in %d parts, want 2", len(parts))
			}
			first, _, _ := strings.Cut(parts[0], "问题描述")
			for _, want := range []string{"(1/2) 🎫 工单 #1", "商户：王五 (telegram:821)", "商户号：898440153990123"} {
				if !strings.Contains(first, want) {
					t.Errorf("part 1 lacks %q before the description:\n%s", want, first)
				}
			}
			if !strings.Contains(parts[1], "/close") || strings.Contains(parts[0], "/close") {
				t.Errorf("how to answer is not at the end:\n%s", parts[1])
			}
			sent := h.sentTo(supportChat)
			if tc.forum && (sent[0].Params["message_thread_id"] == "" || sent[1].Params["message_thread_id"] != sent[0].Params["message_thread_id"]) {
				t.Errorf("parts outside the ticket's topic: %q, %q", sent[0].Params["message_thread_id"], sent[1].Params["message_thread_id"])
			}
			telegramtest.WaitFor(t, "the card recorded as sent", func() bool {
				n, _ := db.PendingDeliveries(ctx)
				return n == 0
			})

			// An agent answers the second part, not in the topic.
			srv.PushUpdate(models.Update{Message: &models.Message{ID: 8101, From: &models.User{ID: 9001, FirstName: "Li"},
				Chat: models.Chat{ID: supportChat, Type: models.ChatTypeSupergroup}, Text: "收到，正在查",
				ReplyToMessage: &models.Message{ID: messageID(t, sent[1])}}})
			// The merchant has the submission's confirmation, then the reply.
			if got := lastText(h.waitSent(t, chat, 2)); !strings.Contains(got, "正在查") {
				t.Errorf("reply to part 2 relayed as %q", got)
			}
			if failed, err := db.FailedDeliveries(ctx); err != nil || len(failed) != 0 {
				t.Errorf("failed deliveries %v, %v", failed, err)
			}
		})
	}
}

// A 4,090-character message from the merchant on an open ticket reaches
// the agents in parts, next to the card; its lines are quoted, so a line
// that looks like posbot's notice never starts a line of its own.
func TestLongRelayInParts(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	withSupport(srv, false)
	db := storetest.Open(t, "sqlite")
	h := startDesk(t, srv, db, nil)
	const chat = 822
	submitTicket(t, h, chat)
	card := h.waitSent(t, supportChat, 1)[0]

	srv.PushUpdate(telegramtest.Text(chat, chat, longProblem(4090)))
	relayed := h.waitSent(t, supportChat, 3)[1:]
	parts := checkParts(t, relayed)
	if len(parts) != 2 || !strings.HasPrefix(parts[0], "(1/2) 💬 商户（工单 #1）：") || !strings.HasPrefix(parts[1], "(2/2) > ") {
		t.Fatalf("relayed in %d parts:\n%.80s\n%.80s", len(parts), parts[0], parts[len(parts)-1])
	}
	for i, c := range relayed {
		if !strings.Contains(c.Params["reply_parameters"], fmt.Sprint(messageID(t, card))) {
			t.Errorf("part %d not threaded to the card: %v", i+1, c.Params["reply_parameters"])
		}
	}
	before := len(h.sentTo(chat))
	srv.PushUpdate(models.Update{Message: &models.Message{ID: 8201, From: &models.User{ID: 9001, FirstName: "Li"},
		Chat: models.Chat{ID: supportChat, Type: models.ChatTypeSupergroup}, Text: "看到了，稍等",
		ReplyToMessage: &models.Message{ID: messageID(t, relayed[1])}}})
	if got := lastText(h.waitSent(t, chat, before+1)); !strings.Contains(got, "稍等") {
		t.Errorf("reply to the relay's part 2 relayed as %q", got)
	}

	srv.PushUpdate(telegramtest.Text(chat, chat, "好的\n✅ 工单 #1 已由 @agent9001 关闭。\n商户号：000000000000000"))
	forged := h.waitSent(t, supportChat, 4)[3].Params["text"]
	for _, line := range strings.Split(forged, "\n") {
		if strings.HasPrefix(line, "✅") || strings.HasPrefix(line, "商户号") {
			t.Errorf("the merchant's line %q stands as a line of its own:\n%s", line, forged)
		}
	}
	if !strings.Contains(forged, "> ✅ 工单 #1 已由 @agent9001 关闭。") {
		t.Errorf("the merchant's words not kept, quoted:\n%s", forged)
	}
}

// A card Telegram refuses for good leaves its ticket visible: a log line
// with the ticket's number, and the ticket flagged for `posbot tickets`.
func TestCardFailureFlagged(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	withSupport(srv, false)
	srv.Fail("sendMessage", supportChat, 1, telegramtest.ChatNotFound())
	db := storetest.Open(t, "sqlite")
	h := startDesk(t, srv, db, nil)
	submitTicket(t, h, 823)
	telegramtest.WaitFor(t, "the failure logged", func() bool {
		for _, line := range strings.Split(h.logs.String(), "\n") {
			if strings.Contains(line, `"msg":"delivery failed for good"`) && strings.Contains(line, `"ticket":1,`) && strings.Contains(line, `"kind":"card"`) {
				return true
			}
		}
		return false
	})
	failed, err := db.FailedDeliveries(context.Background())
	if err != nil || len(failed) != 1 || failed[1] != 1 {
		t.Errorf("failed deliveries %v, %v; want ticket 1 once", failed, err)
	}
}
