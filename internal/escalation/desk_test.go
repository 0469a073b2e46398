package escalation_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/store/storetest"
)

var (
	cst = time.FixedZone("CST", 8*3600)
	now = time.Date(2026, 11, 22, 14, 0, 0, 0, cst)
	me  = escalation.Merchant{Channel: "telegram", ID: "42", Person: "42", Name: "张三", Username: "zhang", Lang: "zh"}
)

func desk(t *testing.T, kind string) (*escalation.Desk, *store.DB) {
	t.Helper()
	db := storetest.Open(t, kind)
	return escalation.NewDesk(db, func() time.Time { return now }), db
}

func each(t *testing.T, fn func(t *testing.T, kind string)) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) { fn(t, kind) })
	}
}

var askCard = regexp.MustCompile(`(提供|发|输入|告诉|填).{0,6}(卡号|密码|CVV|验证码)`)

func texts(rs []escalation.Reply) string {
	var b []string
	for _, r := range rs {
		b = append(b, r.Text)
	}
	return strings.Join(b, "\n")
}

// confirmation takes the merchant's submission confirmation, stored with
// the ticket and sent before its card, from the deliveries.
func confirmation(t *testing.T, db *store.DB) []escalation.Reply {
	t.Helper()
	ds, err := db.Claim(context.Background(), "confirm", time.Minute, 10)
	if err != nil || len(ds) == 0 || ds[0].Kind != escalation.KindToMerchant {
		t.Fatalf("no confirmation queued first: %+v %v", ds, err)
	}
	if err := db.Delivered(context.Background(), ds[0], 0, 0); err != nil {
		t.Fatal(err)
	}
	db.Release(context.Background(), "confirm")
	return []escalation.Reply{{Text: ds[0].Text, Buttons: ds[0].Buttons}}
}

func has(rs []escalation.Reply, data string) bool {
	for _, r := range rs {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.Data == data {
					return true
				}
			}
		}
	}
	return false
}

// All at once: the merchant says everything in one message; posbot asks
// only for what is missing, then shows the summary, and 提交 files it.
func TestCollectFromOneMessage(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		d, db := desk(t, kind)
		ctx := context.Background()
		if err := d.Noted(ctx, me, "扫码收款没到账", "扫码收款没到账怎么查\n…", "missing-credit", "missing-credit-qr-not-credited"); err != nil {
			t.Fatal(err)
		}
		rs, err := d.Begin(ctx, me, "转人工 商户号898440153990123 终端号12345678 今天下午3点扫码收款520元没到账", "")
		if err != nil {
			t.Fatal(err)
		}
		// Date, time, amount, merchant and terminal are known; the wallet is not.
		if got := texts(rs); !strings.Contains(got, "怎么付款") {
			t.Fatalf("first question: %q", got)
		}
		if !has(rs, "esc:pay:wechat") {
			t.Error("no payment buttons")
		}
		rs, _, _ = d.Press(ctx, me, "esc:pay:wechat")
		if got := texts(rs); !strings.Contains(got, "应答码") || !has(rs, "esc:skip") {
			t.Fatalf("code question: %q", got)
		}
		rs, _, _ = d.Handle(ctx, me, "跳过")
		if got := texts(rs); !strings.Contains(got, "参考号") {
			t.Fatalf("reference question: %q", got)
		}
		rs, _, _ = d.Press(ctx, me, "esc:skip")
		if got := texts(rs); !strings.Contains(got, "照片") || !has(rs, "esc:skip") {
			t.Fatalf("the optional photo step: %q", got)
		}
		rs, _, _ = d.Press(ctx, me, "esc:skip")
		got := texts(rs)
		for _, want := range []string{"898440153990123", "12345678", "2026-11-22", "15:00", "520.00", "微信", "扫码收款没到账"} {
			if !strings.Contains(got, want) {
				t.Errorf("summary lacks %s:\n%s", want, got)
			}
		}
		if !has(rs, "esc:submit") {
			t.Fatal("no submit button")
		}
		rs, handled, err := d.Handle(ctx, me, "提交")
		if err != nil || !handled || len(rs) != 0 {
			t.Fatalf("submit: %q %v %v; want the confirmation stored, not returned", texts(rs), handled, err)
		}
		if rs := confirmation(t, db); !strings.Contains(texts(rs), "#1") {
			t.Fatalf("confirmation %q", texts(rs))
		}
		tk, err := db.Ticket(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if tk.Fields.PayMethod != "wechat" || tk.Topic != "missing-credit" || len(tk.Articles) != 1 || len(tk.Transcript) == 0 {
			t.Errorf("ticket %+v", tk)
		}
		// While open, the merchant's messages go to the agents.
		rs, handled, _ = d.Handle(ctx, me, "还要多久")
		if !handled || len(rs) != 0 {
			t.Errorf("open ticket: %v %q", handled, texts(rs))
		}
		// The card was rendered as it was written, with the ticket's number.
		ds, err := db.Claim(ctx, "test", time.Minute, 10)
		if err != nil || len(ds) == 0 || ds[0].Kind != escalation.KindCard {
			t.Fatalf("claim: %+v %v", ds, err)
		}
		card := ds[0].Text
		for _, want := range []string{"#1", "张三 @zhang", "898440153990123", "missing-credit-qr-not-credited"} {
			if !strings.Contains(card, want) {
				t.Errorf("card lacks %q:\n%s", want, card)
			}
		}
		// A second submit (an update delivered twice) makes no second ticket.
		if ts, _ := db.Tickets(ctx, "", 10); len(ts) != 1 {
			t.Errorf("%d tickets", len(ts))
		}
	})
}

// One question at a time, with bad answers asked again and 不知道 moving on.
func TestCollectStepByStep(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		d, db := desk(t, kind)
		ctx := context.Background()
		rs, _ := d.Begin(ctx, me, "/human", "")
		if !strings.Contains(texts(rs), "商户号") {
			t.Fatalf("first question %q", texts(rs))
		}
		rs, _, _ = d.Handle(ctx, me, "12")
		if !strings.Contains(texts(rs), "没看懂") {
			t.Errorf("bad merchant number accepted: %q", texts(rs))
		}
		rs, _, _ = d.Handle(ctx, me, "898 4401 5399 0123")
		if !strings.Contains(texts(rs), "终端号") {
			t.Fatalf("after merchant no: %q", texts(rs))
		}
		rs, _, _ = d.Handle(ctx, me, "不知道")
		if !strings.Contains(texts(rs), "描述") {
			t.Fatalf("after skipping terminal: %q", texts(rs))
		}
		rs, _, _ = d.Handle(ctx, me, "机器一直黑屏 开不了机")
		if !has(rs, "esc:submit") {
			t.Fatalf("no summary: %q", texts(rs))
		}
		// A correction while confirming updates the summary.
		rs, _, _ = d.Handle(ctx, me, "终端号 87654321")
		if !strings.Contains(texts(rs), "87654321") || !has(rs, "esc:submit") {
			t.Errorf("correction: %q", texts(rs))
		}
		rs, _, _ = d.Handle(ctx, me, "屏幕一直显示暂停业务")
		if !strings.Contains(texts(rs), "暂停业务") || !has(rs, "esc:submit") {
			t.Errorf("addition to the description: %q", texts(rs))
		}
		d.Press(ctx, me, "esc:submit")
		if rs := confirmation(t, db); !strings.Contains(texts(rs), "#1") {
			t.Fatalf("submit: %q", texts(rs))
		}
		tk, _ := db.Ticket(ctx, 1)
		if tk.Fields.MerchantNo != "898440153990123" || tk.Fields.TerminalNo != "87654321" || !strings.Contains(tk.Description, "黑屏") {
			t.Errorf("ticket %+v", tk)
		}
	})
}

func TestCancel(t *testing.T) {
	d, db := desk(t, "sqlite")
	ctx := context.Background()
	d.Begin(ctx, me, "转人工", "")
	rs, handled, _ := d.Handle(ctx, me, "算了")
	if !handled || !strings.Contains(texts(rs), "已取消") {
		t.Errorf("cancel: %q", texts(rs))
	}
	if busy, _ := d.Busy(ctx, me.Key()); busy {
		t.Error("still busy after cancel")
	}
	if ts, _ := db.Tickets(ctx, "", 10); len(ts) != 0 {
		t.Error("a cancelled handoff made a ticket")
	}
}

// Card numbers are masked before anything is stored, and the merchant is
// warned; no question ever asks for one.
func TestCardNumberMasked(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		d, db := desk(t, kind)
		ctx := context.Background()
		rs, _ := d.Begin(ctx, me, "转人工 我的卡号是6222 0212 3456 7890 商户号898440153990123 昨天刷卡100元失败", "")
		if !strings.Contains(texts(rs), "不要发送完整卡号") {
			t.Errorf("no warning: %q", texts(rs))
		}
		for i := 0; i < 10; i++ {
			c, _ := db.Conversation(ctx, me.Key())
			if c.Mode == escalation.ModeConfirming {
				break
			}
			rs, _, _ = d.Handle(ctx, me, "跳过")
			if askCard.MatchString(texts(rs)) {
				t.Errorf("asked for a card number: %q", texts(rs))
			}
			d.Handle(ctx, me, "卡 4111111111111111 被拒")
		}
		d.Handle(ctx, me, "提交")
		ts, _ := db.Tickets(ctx, "", 10)
		if len(ts) != 1 {
			t.Fatalf("%d tickets", len(ts))
		}
		all := escalation.Card(ts[0], 20) + ts[0].Description
		for _, full := range []string{"6222021234567890", "6222 0212 3456 7890", "4111111111111111"} {
			if strings.Contains(all, full) {
				t.Errorf("card number %s stored:\n%s", full, all)
			}
		}
	})
}

func TestAgentReplyCloseAndRate(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		d, db := desk(t, kind)
		ctx := context.Background()
		d.Begin(ctx, me, "转人工 商户号898440153990123 机器被冻结了 暂停业务", "")
		for i := 0; i < 5; i++ {
			if c, _ := db.Conversation(ctx, me.Key()); c.Mode == escalation.ModeConfirming {
				break
			}
			d.Handle(ctx, me, "跳过")
		}
		d.Handle(ctx, me, "提交")
		tk, err := db.Ticket(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.FromAgent(ctx, tk, "@agent", "已为你提交解冻申请"); err != nil {
			t.Fatal(err)
		}
		ok, err := d.Close(ctx, tk, "@agent")
		if err != nil || !ok {
			t.Fatalf("close: %v %v", ok, err)
		}
		if ok, _ := d.Close(ctx, tk, "@agent"); ok {
			t.Error("closed twice")
		}
		if busy, _ := d.Busy(ctx, me.Key()); busy {
			t.Error("merchant still routed to agents after close")
		}
		rs, handled, _ := d.Press(ctx, me, "rate:1:4")
		if !handled || !strings.Contains(texts(rs), "感谢") {
			t.Errorf("rate: %q", texts(rs))
		}
		other := me
		other.ID = "7"
		if rs, _, _ := d.Press(ctx, other, "rate:1:1"); !strings.Contains(texts(rs), "失效") {
			t.Error("another merchant rated the ticket")
		}
		tk, _ = db.Ticket(ctx, 1)
		if tk.Rating != 4 || tk.Status != escalation.StatusClosed {
			t.Errorf("ticket %+v", tk)
		}
		// Deliveries: confirmation, card, agent reply to merchant, close notice, support note.
		confirmation(t, db)
		ds, _ := db.Claim(ctx, "t", time.Minute, 10)
		if len(ds) != 1 || ds[0].Kind != escalation.KindCard {
			t.Fatalf("first claim %+v", ds)
		}
		db.Delivered(ctx, ds[0], -100, 5)
		var kinds []string
		for {
			ds, _ := db.Claim(ctx, "t", time.Minute, 10)
			if len(ds) == 0 {
				break
			}
			kinds = append(kinds, string(ds[0].Kind)+":"+ds[0].Text[:min(len(ds[0].Text), 30)])
			db.Delivered(ctx, ds[0], 0, 0)
		}
		if len(kinds) != 3 {
			t.Errorf("deliveries after the card: %v", kinds)
		}
	})
}

// The article of each answer is kept with the bot's turn, on SQLite and
// PostgreSQL alike, so that a follow-up ("还是不行") can be read with it.
func TestRecentKeepsArticle(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		d, _ := desk(t, kind)
		ctx := context.Background()
		if err := d.Noted(ctx, me, "打印机不出纸", "打印机不出纸怎么办\n…", "device", "device-printer"); err != nil {
			t.Fatal(err)
		}
		turns, err := d.Recent(ctx, me.Key())
		if err != nil {
			t.Fatal(err)
		}
		if len(turns) != 2 || turns[0].Role != escalation.RoleMerchant || turns[1].Role != escalation.RoleBot || turns[1].Article != "device-printer" || turns[1].At.IsZero() {
			t.Errorf("turns %+v", turns)
		}
	})
}

// A payment problem's handover offers one optional photo; a photo sent
// during the collection (its caption read like text, and masked) goes to
// the agents after the card.
func TestPhotoDuringCollection(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		d, db := desk(t, kind)
		ctx := context.Background()
		d.Begin(ctx, me, "转人工 商户号898440153990123 终端号12345678 今天下午3点刷卡520元失败", "")
		for i := 0; i < 3; i++ {
			rs, _, _ := d.Press(ctx, me, "esc:skip")
			if strings.Contains(texts(rs), "照片") {
				break
			}
		}
		photo := []escalation.Attachment{{Kind: escalation.AttachPhoto, Ref: "AgACx", Chat: 42, Message: 900}}
		rs, handled, err := d.Attach(ctx, me, "屏幕上写着交易失败 验证码 845721", photo)
		if err != nil || !handled {
			t.Fatalf("attach: %v %v", handled, err)
		}
		if got := texts(rs); !strings.Contains(got, "提交") && !strings.Contains(got, "确认") {
			t.Errorf("after the photo: %q", got)
		}
		d.Handle(ctx, me, "提交")
		// One delivery of a ticket at a time, in order.
		var ds []escalation.Delivery
		for {
			got, err := db.Claim(ctx, "test", time.Minute, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				break
			}
			for _, dl := range got {
				db.Delivered(ctx, dl, 0, 0)
			}
			ds = append(ds, got...)
		}
		var kinds []escalation.Kind
		var files *escalation.Delivery
		for i := range ds {
			kinds = append(kinds, ds[i].Kind)
			if len(ds[i].Attachments) > 0 {
				files = &ds[i]
			}
		}
		if files == nil || files.Attachments[0].Message != 900 || !strings.Contains(files.Text, "#1") {
			t.Fatalf("no delivery with the photo: %v", kinds)
		}
		c, _ := db.Conversation(ctx, me.Key())
		for _, turn := range c.Turns {
			if strings.Contains(turn.Text, "845721") {
				t.Errorf("an SMS code kept: %q", turn.Text)
			}
		}
	})
}

// A merchant's card lists their earlier tickets, newest first.
func TestCardShowsEarlierTickets(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		db := storetest.Open(t, kind)
		at := now
		d := escalation.NewDesk(db, func() time.Time { at = at.Add(time.Minute); return at })
		ctx := context.Background()
		file := func() *escalation.Ticket {
			t.Helper()
			d.Begin(ctx, me, "转人工 商户号898440153990123 机器被冻结了", "")
			for i := 0; i < 3; i++ {
				d.Handle(ctx, me, "跳过")
			}
			d.Handle(ctx, me, "提交")
			tk, err := d.OpenTicket(ctx, me.Key())
			if err != nil || tk == nil {
				t.Fatalf("no open ticket: %v", err)
			}
			if _, err := d.Close(ctx, tk, "@li"); err != nil {
				t.Fatal(err)
			}
			return tk
		}
		file()
		file()
		third := file()
		var card string
		for {
			ds, _ := db.Claim(ctx, "test", time.Minute, 10)
			if len(ds) == 0 {
				break
			}
			for _, dl := range ds {
				if dl.Kind == escalation.KindCard && dl.TicketID == third.ID {
					card = dl.Text
				}
				db.Delivered(ctx, dl, 0, 0)
			}
		}
		if !strings.Contains(card, "此前工单：#2 —（11-22 已关闭），#1 —（11-22 已关闭）") {
			t.Errorf("third card:\n%s", card)
		}
	})
}

// A merchant's numbers from their last ticket are offered for confirmation
// on the next handover (masked), used on 是, dropped on 换一个; /me shows
// them and /forget deletes them; with no memory nothing is kept.
func TestRemembersTheMerchant(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		db := storetest.Open(t, kind)
		at := now
		d := escalation.NewDesk(db, func() time.Time { at = at.Add(time.Minute); return at })
		ctx := context.Background()
		d.Begin(ctx, me, "转人工 商户号898440153990123 终端号12345678 机器被冻结了", "")
		for i := 0; i < 3; i++ {
			d.Handle(ctx, me, "跳过")
		}
		d.Handle(ctx, me, "提交")
		tk, _ := d.OpenTicket(ctx, me.Key())
		d.Close(ctx, tk, "@li")

		rs, err := d.Begin(ctx, me, "转人工 机器又被冻结了", "")
		if err != nil {
			t.Fatal(err)
		}
		got := texts(rs)
		if !strings.Contains(got, "还是商户号 8984401……0123、终端 12345678 吗") || strings.Contains(got, "898440153990123") || !has(rs, "esc:mem:yes") {
			t.Fatalf("memory question %q", got)
		}
		rs, _, _ = d.Press(ctx, me, "esc:mem:yes")
		if got := texts(rs); strings.Contains(got, "商户号（15位") {
			t.Errorf("asked again after 是: %q", got)
		}
		c, _ := db.Conversation(ctx, me.Key())
		if c.Fields.MerchantNo != "898440153990123" || c.Fields.TerminalNo != "12345678" {
			t.Errorf("fields %+v", c.Fields)
		}
		d.Handle(ctx, me, "取消")
		// 换一个 asks for the number.
		d.Begin(ctx, me, "转人工", "")
		rs, _, _ = d.Press(ctx, me, "esc:mem:no")
		if got := texts(rs); !strings.Contains(got, "商户号") || strings.Contains(got, "还是") {
			t.Errorf("after 换一个: %q", got)
		}
		d.Handle(ctx, me, "取消")
		if rs, _ := d.Me(ctx, me, false); !strings.Contains(texts(rs), "8984401……0123") {
			t.Errorf("/me %q", texts(rs))
		}
		if rs, _ := d.Me(ctx, me, true); !strings.Contains(texts(rs), "已删除") {
			t.Errorf("/forget %q", texts(rs))
		}
		rs, _ = d.Begin(ctx, me, "转人工", "")
		if got := texts(rs); strings.Contains(got, "还是商户号") {
			t.Errorf("offered after /forget: %q", got)
		}
		d.Handle(ctx, me, "取消")
		// Memory off: nothing is kept.
		off := escalation.NewDesk(storetest.Open(t, kind), func() time.Time { at = at.Add(time.Minute); return at })
		off.Memory(0)
		off.Begin(ctx, me, "转人工 商户号898440153990123 机器被冻结了", "")
		for i := 0; i < 3; i++ {
			off.Handle(ctx, me, "跳过")
		}
		off.Handle(ctx, me, "提交")
		if rs, _ := off.Me(ctx, me, false); !strings.Contains(texts(rs), "没有") {
			t.Errorf("/me with memory off %q", texts(rs))
		}
	})
}
