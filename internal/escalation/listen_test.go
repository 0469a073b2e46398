package escalation_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/store/storetest"
)

// clockDesk is a desk whose clock the test moves.
func clockDesk(t *testing.T, kind string) (*escalation.Desk, *store.DB, *time.Time) {
	t.Helper()
	db := storetest.Open(t, kind)
	at := now
	return escalation.NewDesk(db, func() time.Time { return at }), db, &at
}

// toSummary skips every question until the summary is shown.
func toSummary(t *testing.T, d *escalation.Desk, db *store.DB) []escalation.Reply {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < 12; i++ {
		c, err := db.Conversation(ctx, me.Key())
		if err != nil {
			t.Fatal(err)
		}
		if c.Mode == escalation.ModeConfirming {
			rs, _, _ := d.Handle(ctx, me, "顺便说一下 顾客很着急")
			return rs
		}
		if c.Asking == "description" {
			d.Handle(ctx, me, "收款后一直没到账")
			continue
		}
		d.Handle(ctx, me, "跳过")
	}
	t.Fatal("never reached the summary")
	return nil
}

// What the merchant wrote just before 转人工 is read first: nothing is
// asked again, the description keeps the question, the card's transcript
// starts with it and lists only the article of this episode.
func TestHandoffReadsWhatCameBefore(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		d, db, at := clockDesk(t, kind)
		ctx := context.Background()
		// An older visit, hours ago, about something else.
		*at = now.Add(-5 * time.Hour)
		d.Noted(ctx, me, "打印机不出纸", "打印机不出纸怎么办\n…", "device", "device-printer")
		d.Noted(ctx, me, "网络连不上", "网络连不上怎么办\n…", "device", "device-network")
		*at = now
		q := "商户号898440153990123 终端号12345678 今天下午3点扫码收款520元没到账"
		d.Noted(ctx, me, q, "扫码收款没到账怎么查\n…", "missing-credit", "missing-credit-qr-not-credited")
		*at = now.Add(time.Minute)
		rs, err := d.Begin(ctx, me, "转人工", "")
		if err != nil {
			t.Fatal(err)
		}
		if got := texts(rs); strings.Contains(got, "商户号") || !strings.Contains(got, "怎么付款") {
			t.Fatalf("asked again for what was said: %q", got)
		}
		d.Press(ctx, me, "esc:pay:wechat")
		d.Handle(ctx, me, "跳过")
		d.Handle(ctx, me, "跳过")
		rs, _, _ = d.Handle(ctx, me, "跳过")
		if got := texts(rs); !strings.Contains(got, "扫码收款") || !strings.Contains(got, "520.00") {
			t.Fatalf("summary: %q", got)
		}
		d.Handle(ctx, me, "提交")
		tk, err := db.Ticket(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(tk.Transcript) == 0 || tk.Transcript[0].Role != escalation.RoleMerchant || !strings.Contains(tk.Transcript[0].Text, "扫码收款520元没到账") {
			t.Errorf("transcript starts with %+v", tk.Transcript[:min(1, len(tk.Transcript))])
		}
		if len(tk.Articles) != 1 || tk.Articles[0] != "missing-credit-qr-not-credited" {
			t.Errorf("articles shown %v, want this episode's only", tk.Articles)
		}
		card := escalation.Card(tk, 6)
		if !strings.Contains(card, "扫码收款520元没到账") || strings.Contains(card, "device-printer") {
			t.Errorf("card:\n%s", card)
		}
	})
}

// At the summary a new value replaces the old one, named or by its shape,
// and the summary is shown again; the description is never replaced.
func TestCorrectionAtSummary(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		d, db, _ := clockDesk(t, kind)
		ctx := context.Background()
		d.Begin(ctx, me, "转人工 商户号898440153990123 终端号12345678 今天下午3点刷卡500元失败了 屏幕提示交易失败", "")
		toSummary(t, d, db)
		for _, tt := range []struct{ say, want, gone string }{
			{"金额写错了 应该是350", "350.00", "500.00"},
			{"终端号是87654321", "87654321", "12345678"},
			{"11112222", "11112222", "87654321"},
			{"不是今天是昨天", "2026-11-21", "2026-11-22"},
			{"500元", "500.00", "350.00"},
		} {
			rs, handled, err := d.Handle(ctx, me, tt.say)
			got := texts(rs)
			if err != nil || !handled || !has(rs, "esc:submit") {
				t.Fatalf("%q: summary not shown again: %q %v", tt.say, got, err)
			}
			if fields, _, _ := strings.Cut(got, "问题描述"); !strings.Contains(fields, tt.want) || strings.Contains(fields, tt.gone) {
				t.Errorf("%q: want %s instead of %s:\n%s", tt.say, tt.want, tt.gone, got)
			}
			if !strings.Contains(got, "刷卡") || !strings.Contains(got, "交易失败") {
				t.Errorf("%q: the description lost the question:\n%s", tt.say, got)
			}
		}
		rs, _, _ := d.Handle(ctx, me, "嗯")
		if !strings.Contains(texts(rs), "没看出要改哪一项") {
			t.Errorf("a message that changes nothing: %q", texts(rs))
		}
	})
}

// A message the collector can't place is kept when it says something, and
// after the second miss the merchant is offered skip and cancel.
func TestCollectorNeverStuck(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		d, db, _ := clockDesk(t, kind)
		ctx := context.Background()
		rs, _ := d.Begin(ctx, me, "有人吗", "")
		if !strings.Contains(texts(rs), "商户号") {
			t.Fatalf("first question %q", texts(rs))
		}
		rs, _, _ = d.Handle(ctx, me, "打印机打出来是白纸")
		if got := texts(rs); strings.Contains(got, "没看懂") || !strings.Contains(got, "已记下") || !strings.Contains(got, "商户号") {
			t.Errorf("a description while asked for the merchant number: %q", got)
		}
		rs, _, _ = d.Handle(ctx, me, "怎么办")
		if got := texts(rs); !strings.Contains(got, "没看懂") || has(rs, "esc:cancel") {
			t.Errorf("first miss: %q", got)
		}
		rs, _, _ = d.Handle(ctx, me, "?")
		if !has(rs, "esc:skip") || !has(rs, "esc:cancel") {
			t.Errorf("second miss offers no way out: %q", texts(rs))
		}
		rs, _, _ = d.Press(ctx, me, "esc:skip")
		if got := texts(rs); strings.Contains(got, "没看懂") || !strings.Contains(got, "终端号") {
			t.Errorf("after skip: %q", got)
		}
		c, _ := db.Conversation(ctx, me.Key())
		if !strings.Contains(c.Description, "白纸") {
			t.Errorf("description %q", c.Description)
		}
	})
}

// English in, English out, whatever the client's language setting.
func TestHandoffInMerchantsLanguage(t *testing.T) {
	d, _, _ := clockDesk(t, "sqlite")
	ctx := context.Background()
	rs, _ := d.Begin(ctx, me, "talk to a human", "")
	if got := texts(rs); !strings.Contains(got, "merchant number") || strings.Contains(got, "商户号") {
		t.Fatalf("begin: %q", got)
	}
	rs, _, _ = d.Handle(ctx, me, "898440153990123")
	if got := texts(rs); !strings.Contains(got, "terminal number") {
		t.Errorf("a bare number keeps the language: %q", got)
	}
	rs, _, _ = d.Handle(ctx, me, "我不知道终端号")
	if got := texts(rs); !strings.Contains(got, "描述") {
		t.Errorf("switching to Chinese: %q", got)
	}
}

// Empty messages are never stored, and the merchant can close their own
// ticket with /done or the button under the submission message.
func TestEmptyAndMerchantCloses(t *testing.T) {
	each(t, func(t *testing.T, kind string) {
		d, db, _ := clockDesk(t, kind)
		ctx := context.Background()
		d.Begin(ctx, me, "转人工 商户号898440153990123 机器一直黑屏开不了机", "")
		before, _ := db.Conversation(ctx, me.Key())
		d.Handle(ctx, me, "   ")
		after, _ := db.Conversation(ctx, me.Key())
		if len(after.Turns) != len(before.Turns) {
			t.Errorf("an empty message was stored: %d turns, then %d", len(before.Turns), len(after.Turns))
		}
		toSummary(t, d, db)
		d.Handle(ctx, me, "提交")
		if rs := confirmation(t, db); !has(rs, "esc:done:1") {
			t.Fatalf("no 问题已解决 button: %+v", rs)
		}
		d.Handle(ctx, me, "")
		if turns, _ := db.Turns(ctx, 1); len(turns) != 0 {
			t.Errorf("an empty message went to the ticket: %+v", turns)
		}
		_, handled, err := d.Handle(ctx, me, "/done")
		if err != nil || !handled {
			t.Fatalf("/done: %v %v", handled, err)
		}
		tk, _ := db.Ticket(ctx, 1)
		if tk.Status != escalation.StatusClosed {
			t.Errorf("ticket still %s", tk.Status)
		}
		if busy, _ := d.Busy(ctx, me.Key()); busy {
			t.Error("merchant still routed to agents")
		}
		if rs, _, _ := d.Press(ctx, me, "esc:done:1"); !strings.Contains(texts(rs), "失效") {
			t.Errorf("done pressed on a closed ticket: %q", texts(rs))
		}
		var notes []string
		for {
			ds, _ := db.Claim(ctx, "t", time.Minute, 10)
			if len(ds) == 0 {
				break
			}
			for _, dl := range ds {
				notes = append(notes, string(dl.Kind)+":"+dl.Text)
				db.Delivered(ctx, dl, -100, 1)
			}
		}
		all := strings.Join(notes, "\n")
		if !strings.Contains(all, "商户确认问题解决") || !strings.Contains(all, "打个分") {
			t.Errorf("deliveries:\n%s", all)
		}
	})
}
