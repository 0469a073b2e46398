package telegram_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/hours"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/store/storetest"
	"github.com/posbot/posbot/internal/telegram"
	"github.com/posbot/posbot/internal/telegram/telegramtest"
)

// shift is a desk with one submitted ticket, its card in a forum topic.
type shift struct {
	*harness
	db     *store.DB
	thread int
	card   telegramtest.Call
	msgID  int
}

var (
	agentLi   = &models.User{ID: 9001, FirstName: "Li", Username: "agent_li"}
	agentWang = &models.User{ID: 9002, FirstName: "Wang", Username: "agent_wang"}
)

func startShift(t *testing.T, merchant int64) *shift {
	t.Helper()
	return startShiftWith(t, merchant, nil)
}

// startShiftWith is startShift with a desk of its own, if desk is set.
func startShiftWith(t *testing.T, merchant int64, desk func(*store.DB) *escalation.Desk) *shift {
	t.Helper()
	srv := telegramtest.NewServer(t, token)
	withSupport(srv, true)
	db := storetest.Open(t, "sqlite")
	// Support messages at 10 a second here: the group's 20 a minute would
	// make each step wait 3 s.
	h := startDesk(t, srv, db, func(o *telegram.Options) {
		o.GroupRate = 600
		if desk != nil {
			d := desk(db)
			o.Desk, o.Hours = d, d.HoursText
		}
	})
	submitTicket(t, h, merchant)
	card := h.waitSent(t, supportChat, 1)[0]
	s := &shift{harness: h, db: db, card: card}
	fmt.Sscan(card.Params["message_thread_id"], &s.thread)
	waitRecorded(t, db, card)
	return s
}

// agent writes text in the ticket's topic as u and waits for n more
// messages into the support chat.
func (s *shift) agent(t *testing.T, u *models.User, text string, n int) string {
	t.Helper()
	s.msgID++
	before := len(s.sentTo(supportChat))
	s.srv.PushUpdate(models.Update{Message: &models.Message{ID: 7100 + s.msgID, From: u,
		Chat: models.Chat{ID: supportChat, Type: models.ChatTypeSupergroup}, Text: text,
		MessageThreadID: s.thread, IsTopicMessage: true}})
	if n == 0 {
		return ""
	}
	return lastText(s.waitSent(t, supportChat, before+n))
}

// quiet checks that nothing more reaches chat for a while.
func (s *shift) quiet(t *testing.T, chat int64, had int, what string) {
	t.Helper()
	time.Sleep(1200 * time.Millisecond)
	if got := s.sentTo(chat); len(got) != had {
		t.Errorf("%s: %d more messages to %d, last %q", what, len(got)-had, chat, lastText(got))
	}
}

// A note ("//" or /note) stays in the support chat and on the ticket; an
// unknown command gets the list of commands; neither reaches the merchant.
func TestAgentNotesStayInternal(t *testing.T) {
	const m = 1201
	s := startShift(t, m)
	had := len(s.sentTo(m))
	if got := s.agent(t, agentLi, "// 这个商户上周也报过一次，先查结算卡", 1); !strings.Contains(got, "内部备注") {
		t.Errorf("note confirmation %q", got)
	}
	if got := s.agent(t, agentLi, "/note 已联系风控", 1); !strings.Contains(got, "内部备注") {
		t.Errorf("/note confirmation %q", got)
	}
	if got := s.agent(t, agentLi, "/refund 100", 1); !strings.Contains(got, "未知命令") || !strings.Contains(got, "/claim") {
		t.Errorf("unknown command answered %q", got)
	}
	s.quiet(t, m, had, "notes and an unknown command")
	turns, err := s.db.Turns(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	notes := 0
	for _, turn := range turns {
		if turn.Role == escalation.RoleNote {
			notes++
			if !strings.Contains(turn.Text, "@agent_li") {
				t.Errorf("note without its author: %q", turn.Text)
			}
		}
	}
	if notes != 2 {
		t.Errorf("%d notes stored, want 2: %+v", notes, turns)
	}
	// A plain message still reaches the merchant.
	s.agent(t, agentLi, "您好，正在查", 0)
	if got := lastText(s.waitSent(t, m, had+1)); !strings.Contains(got, "正在查") {
		t.Errorf("reply %q", got)
	}
}

// Two agents claim one ticket: the second is told who has it, force takes
// it over, and the card and the merchant say who is on it.
func TestTwoAgentsClaim(t *testing.T) {
	const m = 1202
	s := startShift(t, m)
	had := len(s.sentTo(m))
	if got := s.agent(t, agentLi, "/claim", 1); !strings.Contains(got, "@agent_li") || !strings.Contains(got, "认领") {
		t.Errorf("claim %q", got)
	}
	if got := lastText(s.waitSent(t, m, had+1)); !strings.Contains(got, "正在处理") {
		t.Errorf("merchant told %q", got)
	}
	telegramtest.WaitFor(t, "the card edited", func() bool {
		for _, c := range s.srv.Calls("editMessageText") {
			if strings.Contains(c.Params["text"], "处理人：@agent_li") && c.Params["message_id"] == fmt.Sprint(messageID(t, s.card)) {
				return true
			}
		}
		return false
	})
	if got := s.agent(t, agentWang, "/claim", 1); !strings.Contains(got, "已由 @agent_li 认领") || !strings.Contains(got, "force") {
		t.Errorf("second claim %q", got)
	}
	if got := s.agent(t, agentWang, "/claim force", 1); !strings.Contains(got, "@agent_wang 接手") || !strings.Contains(got, "@agent_li") {
		t.Errorf("forced claim %q", got)
	}
	tk, _ := s.db.Ticket(context.Background(), 1)
	if tk.Assignee != "@agent_wang" {
		t.Errorf("assignee %q", tk.Assignee)
	}
	if got := s.agent(t, agentWang, "/unclaim", 1); !strings.Contains(got, "释放") {
		t.Errorf("unclaim %q", got)
	}
	// Outside a ticket's topic a ticket's command says it needs one.
	before := len(s.sentTo(supportChat))
	s.srv.PushUpdate(models.Update{Message: &models.Message{ID: 7300, From: agentLi,
		Chat: models.Chat{ID: supportChat, Type: models.ChatTypeSupergroup}, Text: "/claim"}})
	if got := lastText(s.waitSent(t, supportChat, before+1)); !strings.Contains(got, "工单的话题") {
		t.Errorf("claim outside a ticket %q", got)
	}
	// /tickets lists the open ones with who has them.
	s.srv.PushUpdate(models.Update{Message: &models.Message{ID: 7301, From: agentLi,
		Chat: models.Chat{ID: supportChat, Type: models.ChatTypeSupergroup}, Text: "/tickets"}})
	if got := lastText(s.waitSent(t, supportChat, before+2)); !strings.Contains(got, "#1") || !strings.Contains(got, "未认领") || !strings.Contains(got, "https://t.me/c/") {
		t.Errorf("/tickets %q", got)
	}
}

// /kb sends an article to the merchant: a search is confirmed first, an
// article id goes at once.
func TestAgentSendsArticle(t *testing.T) {
	const m = 1203
	s := startShift(t, m)
	had := len(s.sentTo(m))
	got := s.agent(t, agentLi, "/kb 打印机不出纸", 1)
	if !strings.Contains(got, "/kb device-printer") {
		t.Fatalf("/kb search %q", got)
	}
	s.quiet(t, m, had, "an unconfirmed /kb")
	if got := s.agent(t, agentLi, "/kb device-printer", 1); !strings.Contains(got, "已把") {
		t.Errorf("/kb confirmation %q", got)
	}
	if got := lastText(s.waitSent(t, m, had+1)); !strings.Contains(got, "知识库") || !strings.Contains(got, "打印") {
		t.Errorf("article sent %q", got)
	}
}

// A closed ticket reopens from the merchant's 还没解决 button and from the
// agents' /reopen, in the same topic.
func TestReopen(t *testing.T) {
	const m = 1204
	s := startShift(t, m)
	had := len(s.sentTo(m))
	s.agent(t, agentLi, "/close", 1)
	closed := s.waitSent(t, m, had+1)
	data := callbackData(markup(t, closed[len(closed)-1]))
	if data[len(data)-1] != "reopen:1" {
		t.Fatalf("close notice buttons %v", data)
	}
	before := len(s.sentTo(supportChat))
	if got := press(t, s.harness, m, "reopen:1", 1); !strings.Contains(got, "重新打开") {
		t.Errorf("reopen by button %q", got)
	}
	if got := lastText(s.waitSent(t, supportChat, before+1)); !strings.Contains(got, "重新打开") {
		t.Errorf("agents told %q", got)
	}
	// The merchant's next message goes to the same topic.
	s.srv.PushUpdate(telegramtest.Text(m, m, "还是没到账"))
	relayed := s.waitSent(t, supportChat, before+2)
	if last := relayed[len(relayed)-1]; !strings.Contains(last.Params["text"], "还是没到账") || last.Params["message_thread_id"] != fmt.Sprint(s.thread) {
		t.Errorf("after reopening: %v", last.Params)
	}
	// Closed again, the agents reopen it themselves.
	had = len(s.sentTo(m))
	s.agent(t, agentLi, "/close", 1)
	s.waitSent(t, m, had+1)
	if got := s.agent(t, agentLi, "/reopen", 1); !strings.Contains(got, "重新打开") {
		t.Errorf("/reopen %q", got)
	}
	if got := lastText(s.waitSent(t, m, had+2)); !strings.Contains(got, "重新打开") {
		t.Errorf("merchant told of /reopen %q", got)
	}
	if tk, _ := s.db.Ticket(context.Background(), 1); tk.Status != escalation.StatusOpen {
		t.Errorf("ticket %s", tk.Status)
	}
}

// /block closes the ticket, tells the merchant once, and posbot stays
// silent until /unblock.
func TestBlockAndUnblock(t *testing.T) {
	const m = 1205
	s := startShift(t, m)
	had := len(s.sentTo(m))
	if got := s.agent(t, agentLi, "/block", 2); !strings.Contains(strings.Join(texts(s.sentTo(supportChat)), "\n"), "屏蔽") {
		t.Errorf("block %q", got)
	}
	if got := lastText(s.waitSent(t, m, had+1)); !strings.Contains(got, "暂停") {
		t.Errorf("merchant notice %q", got)
	}
	had = len(s.sentTo(m))
	s.srv.PushUpdate(telegramtest.Text(m, m, "打印机不出纸"))
	s.srv.PushUpdate(telegramtest.Text(m, m, "在吗？？"))
	s.quiet(t, m, had, "a blocked merchant")
	if ok, _ := s.db.Blocked(context.Background(), fmt.Sprintf("telegram:%d", m)); !ok {
		t.Error("not blocked in the store")
	}
	if got := s.agent(t, agentLi, "/unblock", 1); !strings.Contains(got, "解除屏蔽") {
		t.Errorf("unblock %q", got)
	}
	if got := say(t, s.harness, m, "打印机不出纸", 1); !strings.Contains(got, "打印") {
		t.Errorf("after unblock %q", got)
	}
}

func texts(calls []telegramtest.Call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.Params["text"])
	}
	return out
}

// clock is a time tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func shanghai(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func deskAt(t *testing.T, c *clock) func(*store.DB) *escalation.Desk {
	sched, err := hours.Parse("Mon-Fri 09:00-18:00, Sat 10:00-16:00", shanghai(t))
	if err != nil {
		t.Fatal(err)
	}
	return func(db *store.DB) *escalation.Desk {
		d := escalation.NewDesk(db, c.now)
		d.UseHours(sched)
		return d
	}
}

// A ticket filed on the evening before the National Day holiday is filed,
// and the merchant hears when a person is next there: 10月8日 09:00.
func TestOffHoursTicket(t *testing.T) {
	c := &clock{t: time.Date(2026, 9, 30, 19, 0, 0, 0, shanghai(t))}
	s := startShiftWith(t, 1206, deskAt(t, c))
	var confirmation string
	for _, m := range texts(s.sentTo(1206)) {
		if strings.Contains(m, "工单号 #1") {
			confirmation = m
		}
	}
	if !strings.Contains(confirmation, "非工作时间") || !strings.Contains(confirmation, "下个工作日 10月8日 09:00") {
		t.Errorf("confirmation %q", confirmation)
	}
	if got := say(t, s.harness, 1207, "/help", 1); !strings.Contains(got, "周一至周五 09:00-18:00") {
		t.Errorf("/help does not state the hours: %q", got)
	}
}

// An unanswered ticket is recalled in its thread after 10 minutes of
// business time, then in the general topic with a link after 20; a ticket
// quiet for 72 hours is closed with a notice to both sides.
func TestRemindersAndAutoClose(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 2, 10, 0, 0, 0, shanghai(t))} // a Wednesday
	var desk *escalation.Desk
	mk := deskAt(t, c)
	s := startShiftWith(t, 1208, func(db *store.DB) *escalation.Desk { desk = mk(db); return desk })
	sweep := func() {
		t.Helper()
		if err := desk.Sweep(context.Background()); err != nil {
			t.Fatal(err)
		}
		s.bot.Kick()
	}
	before := len(s.sentTo(supportChat))
	c.add(9 * time.Minute)
	sweep()
	s.quiet(t, supportChat, before, "a reminder before its time")
	c.add(2 * time.Minute)
	sweep()
	first := s.waitSent(t, supportChat, before+1)[before]
	if !strings.Contains(first.Params["text"], "⏰ 工单 #1") || first.Params["message_thread_id"] != fmt.Sprint(s.thread) {
		t.Errorf("first reminder %v", first.Params)
	}
	sweep() // once only
	c.add(10 * time.Minute)
	sweep()
	second := s.waitSent(t, supportChat, before+2)[before+1]
	if !strings.Contains(second.Params["text"], "⏰⏰") || second.Params["message_thread_id"] != "" || !strings.Contains(second.Params["text"], "https://t.me/c/") {
		t.Errorf("second reminder %v", second.Params)
	}
	s.quiet(t, supportChat, before+2, "a third reminder")
	had := len(s.sentTo(1208))
	c.add(72 * time.Hour)
	sweep()
	if got := lastText(s.waitSent(t, 1208, had+1)); !strings.Contains(got, "自动关闭") {
		t.Errorf("merchant told %q", got)
	}
	if got := lastText(s.waitSent(t, supportChat, before+3)); !strings.Contains(got, "自动关闭") {
		t.Errorf("agents told %q", got)
	}
	if tk, _ := s.db.Ticket(context.Background(), 1); tk.Status != escalation.StatusClosed {
		t.Errorf("ticket %s", tk.Status)
	}
}

// copies are the copyMessages calls into chat.
func copies(srv *telegramtest.Server, chat int64) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range srv.Calls("copyMessages") {
		if c.ChatID == chat && c.Status == 200 {
			out = append(out, c)
		}
	}
	return out
}

// A photo and a PDF reach the agents' topic, the PDF across a restart (the
// support chat was down when it came); an agent's photo reaches the
// merchant. Nothing is downloaded, however large the file.
func TestFilesBothWays(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	withSupport(srv, true)
	url := storetest.URL(t, "sqlite")
	fast := func(o *telegram.Options) { o.GroupRate = 600 }
	db1 := storetest.OpenURL(t, url)
	h1 := startDesk(t, srv, db1, fast)
	const m = 1301
	submitTicket(t, h1, m)
	card := h1.waitSent(t, supportChat, 1)[0]
	waitRecorded(t, db1, card)
	var thread int
	fmt.Sscan(card.Params["message_thread_id"], &thread)

	had := len(h1.sentTo(m))
	photo := telegramtest.Photo(m, m, "AgACphoto1", "这是签购单", "")
	srv.PushUpdate(photo)
	if got := lastText(h1.waitSent(t, m, had+1)); !strings.Contains(got, "转给客服") {
		t.Errorf("merchant told %q", got)
	}
	telegramtest.WaitFor(t, "the photo copied into the topic", func() bool { return len(copies(srv, supportChat)) == 1 })
	c := copies(srv, supportChat)[0]
	if c.Params["from_chat_id"] != fmt.Sprint(m) || c.Params["message_ids"] != fmt.Sprintf("[%d]", photo.Message.ID) || c.Params["message_thread_id"] != fmt.Sprint(thread) {
		t.Errorf("copy %v", c.Params)
	}
	if label := lastText(h1.sentTo(supportChat)); !strings.Contains(label, "[图片]") || !strings.Contains(label, "这是签购单") {
		t.Errorf("label %q", label)
	}

	// The support chat is down when the PDF comes; posbot restarts.
	srv.Fail("sendMessage", supportChat, 1000, telegramtest.ServerError())
	pdf := telegramtest.Document(m, m, "BQACpdf1", "调单通知.pdf", 60<<20, "")
	srv.PushUpdate(pdf)
	h1.waitSent(t, m, had+2)
	h1.shutdown(t)
	srv.ClearFailures()
	db2 := storetest.OpenURL(t, url)
	h2 := startDesk(t, srv, db2, fast)
	telegramtest.WaitFor(t, "the PDF copied after the restart", func() bool { return len(copies(srv, supportChat)) == 2 })
	if c := copies(srv, supportChat)[1]; c.Params["message_ids"] != fmt.Sprintf("[%d]", pdf.Message.ID) {
		t.Errorf("PDF copy %v", c.Params)
	}
	if n := len(srv.Calls("getFile")); n != 0 {
		t.Errorf("%d files downloaded", n)
	}

	// An agent's photo in the topic reaches the merchant.
	before := len(copies(srv, m))
	srv.PushUpdate(models.Update{Message: &models.Message{ID: 7400, From: agentLi,
		Chat: models.Chat{ID: supportChat, Type: models.ChatTypeSupergroup}, Caption: "按这张图操作",
		Photo:           []models.PhotoSize{{FileID: "AgACagent", Width: 800, Height: 600}},
		MessageThreadID: thread, IsTopicMessage: true}})
	telegramtest.WaitFor(t, "the agent's photo copied to the merchant", func() bool { return len(copies(srv, m)) == before+1 })
	if c := copies(srv, m)[before]; c.Params["from_chat_id"] != fmt.Sprint(supportChat) || c.Params["message_ids"] != "[7400]" {
		t.Errorf("agent's copy %v", c.Params)
	}
	if got := lastText(h2.sentTo(m)); !strings.Contains(got, "按这张图操作") {
		t.Errorf("agent's caption %q", got)
	}
}

// An album of three photos is one message to the agents and one copy.
func TestAlbumRelayedOnce(t *testing.T) {
	const m = 1302
	s := startShift(t, m)
	had, labels := len(s.sentTo(m)), len(s.sentTo(supportChat))
	var ids []string
	for i := 0; i < 3; i++ {
		u := telegramtest.Photo(m, m, fmt.Sprintf("AgACalbum%d", i), "", "album-77")
		ids = append(ids, fmt.Sprint(u.Message.ID))
		s.srv.PushUpdate(u)
	}
	telegramtest.WaitFor(t, "the album copied", func() bool { return len(copies(s.srv, supportChat)) >= 1 })
	time.Sleep(2 * time.Second) // room for a wrong second copy
	cs := copies(s.srv, supportChat)
	if len(cs) != 1 || cs[0].Params["message_ids"] != "["+strings.Join(ids, ",")+"]" {
		t.Fatalf("album copies %d: %v", len(cs), cs)
	}
	if got := s.sentTo(supportChat)[labels:]; len(got) != 1 || !strings.Contains(got[0].Params["text"], "[图片] [图片] [图片]") {
		t.Errorf("album labels %q", texts(got))
	}
	if got := s.sentTo(m)[had:]; len(got) != 1 {
		t.Errorf("merchant got %d acknowledgements: %q", len(got), texts(got))
	}
}

// With no handover under way, a photo without a caption gets a short
// answer: posbot cannot read pictures, words or a person can help.
func TestPhotoWithoutTicket(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	withSupport(srv, false)
	h := startDesk(t, srv, storetest.Open(t, "sqlite"), nil)
	h.srv.PushUpdate(telegramtest.Photo(1303, 1303, "AgACx", "", ""))
	if got := lastText(h.waitSent(t, 1303, 1)); !strings.Contains(got, "看不懂图片") || !strings.Contains(got, "/human") {
		t.Errorf("reply %q", got)
	}
}

// An incident declared in the support chat: merchants asking about its
// topic see the notice first, one with an open ticket on it is told once,
// and all of them hear when it ends. A merchant cannot declare one.
func TestIncident(t *testing.T) {
	srv := telegramtest.NewServer(t, token)
	withSupport(srv, true)
	db := storetest.Open(t, "sqlite")
	h := startDesk(t, srv, db, func(o *telegram.Options) { o.GroupRate = 600 })
	const a, b = 1401, 1402
	// a files a ticket about money not arrived.
	say(t, h, a, "扫码收款的钱一直没到账", 1)
	say(t, h, a, "转人工 商户号898440153990123 终端号12345678 今天上午10点微信收款520元", 2)
	for i := 0; i < 6 && !strings.Contains(lastText(h.sentTo(a)), "提交"); i++ {
		press(t, h, a, "esc:skip", 1)
	}
	if got := say(t, h, a, "提交", 1); !strings.Contains(got, "#1") {
		t.Fatalf("not submitted: %q", texts(h.sentTo(a)))
	}
	h.waitSent(t, supportChat, 1)

	agentSays := func(text string) string {
		t.Helper()
		before := len(h.sentTo(supportChat))
		srv.PushUpdate(models.Update{Message: &models.Message{ID: int(time.Now().UnixNano() % 1e6), From: agentLi,
			Chat: models.Chat{ID: supportChat, Type: models.ChatTypeSupergroup}, Text: text}})
		return lastText(h.waitSent(t, supportChat, before+1))
	}
	hadA := len(h.sentTo(a))
	if got := agentSays("/incident missing-credit 2h 扫码收款延迟到账，预计18:00前恢复"); !strings.Contains(got, "事件 #1") || !strings.Contains(got, "已告知 1 位") {
		t.Fatalf("declared: %q", got)
	}
	if got := lastText(h.waitSent(t, a, hadA+1)); !strings.Contains(got, "已知问题") {
		t.Errorf("merchant with a ticket told %q", got)
	}
	if got := say(t, h, b, "扫码收款的钱没到账怎么回事", 1); !strings.HasPrefix(got, "📢 已知问题：扫码收款延迟到账") {
		t.Errorf("merchant asking: %q", got)
	}
	if got := say(t, h, b, "打印机不出纸", 1); strings.Contains(got, "已知问题") {
		t.Errorf("another topic got the notice: %q", got)
	}
	if got := agentSays("/incident"); !strings.Contains(got, "#1 missing-credit") || !strings.Contains(got, "已告知 2 位") {
		t.Errorf("list: %q", got)
	}
	hadA, hadB := len(h.sentTo(a)), len(h.sentTo(b))
	if got := agentSays("/incident off 1"); !strings.Contains(got, "告知 2 位") {
		t.Errorf("ended: %q", got)
	}
	for _, m := range []struct {
		chat int64
		had  int
	}{{a, hadA}, {b, hadB}} {
		if got := lastText(h.waitSent(t, m.chat, m.had+1)); !strings.Contains(got, "已经恢复") {
			t.Errorf("chat %d told of the end: %q", m.chat, got)
		}
	}
	if got := say(t, h, b, "扫码收款的钱没到账怎么回事", 1); strings.Contains(got, "已知问题") {
		t.Errorf("after the end: %q", got)
	}
	if got := say(t, h, 1403, "/incident 我说系统坏了", 1); strings.Contains(got, "事件") {
		t.Errorf("a merchant declared an incident: %q", got)
	}
	list, _ := db.Incidents(context.Background(), 10)
	if len(list) != 1 || list[0].Told != 2 || list[0].Ended.IsZero() {
		t.Errorf("stored %+v", list)
	}
}
