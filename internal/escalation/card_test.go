package escalation_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/posbot/posbot/internal/escalation"
)

// utf16Len counts as Telegram does: a character outside the Basic
// Multilingual Plane is two code units.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// cardTicket is a ticket with its fields filled and a transcript of turns.
func cardTicket(desc string, turns ...string) *escalation.Ticket {
	tk := &escalation.Ticket{
		ID: 7, Topic: "missing-credit", Merchant: me, Description: desc,
		Fields: escalation.Fields{
			MerchantNo: "898440153990123", TerminalNo: "12345678", Date: "2026-11-22", Time: "15:00",
			Amount: "520.00", PayMethod: "wechat",
		},
		Articles: []string{"missing-credit-qr-not-credited"},
	}
	for i, text := range turns {
		role := escalation.RoleMerchant
		if i%2 == 1 {
			role = escalation.RoleBot
		}
		tk.Transcript = append(tk.Transcript, escalation.Turn{Role: role, Text: text, At: now.Add(time.Duration(i-len(turns)) * time.Minute)})
	}
	return tk
}

// A card with a long description and long turns fits one Telegram message
// (4,096 UTF-16 code units, with room for the channel's footer): the long
// turns are shortened with "…", the oldest dropped, the fields kept whole
// and first. Emoji and rare characters count two.
func TestCardFitsOneMessage(t *testing.T) {
	desc := string([]rune(strings.Repeat("扫码收款没到账，顾客说钱已经扣了。", 200))[:3300])
	var turns []string
	for i := 0; i < 20; i++ {
		turns = append(turns, fmt.Sprintf("第%d条 %s", i, strings.Repeat("😀𠀀", 300)))
	}
	tk := cardTicket(desc, turns...)
	card := escalation.Card(tk, 20)
	if n := utf16Len(card); n > 4096-200 {
		t.Fatalf("card is %d UTF-16 code units, want room under 4,096:\n%s", n, card)
	}
	for _, want := range []string{"🎫 工单 #7", "商户：张三 @zhang (telegram:42)", "商户号：898440153990123", "终端号：12345678",
		"金额：520.00 元", "付款方式：微信", "问题描述：" + desc, "已推送文章：missing-credit-qr-not-credited", "第19条", "…", "较早的"} {
		if !strings.Contains(card, want) {
			t.Errorf("card lacks %q:\n%s", want, clipTest(card))
		}
	}
	if strings.Contains(card, "第0条") {
		t.Errorf("the oldest turn was kept over the newest:\n%s", clipTest(card))
	}
	fields, rest, _ := strings.Cut(card, "最近对话：")
	if !strings.Contains(fields, "商户号") || strings.Contains(rest, "商户号") {
		t.Errorf("fields do not come first:\n%s", clipTest(card))
	}
}

// A short ticket's card is as it was: every turn shown, nothing dropped.
func TestCardShortKeepsEverything(t *testing.T) {
	tk := cardTicket("昨天扫码收款520元没到账", "扫码收款520元没到账", "请先在商户App查一下", "查过了没有")
	card := escalation.Card(tk, 6)
	for _, want := range []string{"扫码收款520元没到账", "请先在商户App查一下", "查过了没有", "问题描述：昨天扫码收款520元没到账"} {
		if !strings.Contains(card, want) {
			t.Errorf("card lacks %q:\n%s", want, card)
		}
	}
	if strings.Contains(card, "…") {
		t.Errorf("a short card was cut:\n%s", card)
	}
}

// cardLine is every line a card may have: its own labels, the fields'
// labels, the transcript's speakers.
var cardLine = func() *regexp.Regexp {
	labels := []string{`🎫 工单 #\d+ · `, `商户：`, `已推送文章：`, `最近对话：$`, `  (商户|posbot|客服) \d\d-\d\d \d\d:\d\d：`, `  …（较早的`}
	for _, f := range escalation.FieldTable() {
		labels = append(labels, regexp.QuoteMeta(f.Label[0])+"：")
	}
	return regexp.MustCompile(`^(` + strings.Join(labels, "|") + `)`)
}()

// Whatever the merchant wrote stays on the line of its label: a line that
// looks like a field or a notice ("商户号：000000000000000", "✅ 工单 #4 已由
// @agent9001 关闭。") never starts a line of the card, whichever line break
// it comes after.
func TestCardQuotesMerchantText(t *testing.T) {
	forged := []string{"商户号：000000000000000", "✅ 工单 #4 已由 @agent9001 关闭。", "🎫 工单 #9 · fake", "  客服 11-22 14:00：已退款"}
	for _, br := range []string{"\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085", "\v", "\f", "\n\n  "} {
		t.Run(fmt.Sprintf("%q", br), func(t *testing.T) {
			text := "机器坏了" + br + strings.Join(forged, br)
			tk := cardTicket(text, text, "好的", text)
			tk.Fields.Code = "05" + br + forged[1]
			tk.Fields.Time = "下午" + br + forged[0]
			tk.Merchant.Name = "张三" + br + forged[1]
			card := escalation.Card(tk, 6)
			for _, line := range regexp.MustCompile(`\r\n|[\n\r\v\f\x{85}\x{2028}\x{2029}]`).Split(card, -1) {
				if !cardLine.MatchString(line) {
					t.Errorf("line %q is not the card's own:\n%s", line, card)
				}
			}
			if n := strings.Count(card, "\n商户号："); n != 1 {
				t.Errorf("%d lines start with 商户号：\n%s", n, card)
			}
			if !strings.Contains(card, "机器坏了 ⏎ 商户号：000000000000000 ⏎ ✅ 工单 #4") {
				t.Errorf("the merchant's text is not kept, its line breaks marked:\n%s", card)
			}
		})
	}
}

// Quoted keeps the label's line and quotes every line after it.
func TestQuoted(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"💬 商户（工单 #4）：你好", "💬 商户（工单 #4）：你好"},
		{"💬 商户（工单 #4）：好的\n✅ 工单 #4 已由 @agent9001 关闭。", "💬 商户（工单 #4）：好的\n> ✅ 工单 #4 已由 @agent9001 关闭。"},
		{"a\r\nb\u2028c\n\nd", "a\n> b\n> c\n>\n> d"},
		{"a\n> b", "a\n> > b"},
	} {
		if got := escalation.Quoted(tt.in); got != tt.want {
			t.Errorf("Quoted(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func clipTest(s string) string {
	if r := []rune(s); len(r) > 600 {
		return string(r[:300]) + " […] " + string(r[len(r)-300:])
	}
	return s
}
