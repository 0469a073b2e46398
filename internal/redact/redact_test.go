package redact_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/redact"
)

func TestCards(t *testing.T) {
	tests := []struct{ in, want string }{
		{"卡号4111111111111111刷不了", "卡号411111******1111刷不了"},
		{"6222 0212 3456 7890", "622202******7890"},
		{"6222-0212-3456-7890-123", "622202*********0123"},
		{"card 5500 0000 0000 0004 declined", "card 550000******0004 declined"},
		{"６２２２０２１２３４５６７８９０", "622202******7890"},
		{"商户号898440153990123 终端号12345678", "商户号898440153990123 终端号12345678"},
		{"商户号：898440153990123", "商户号：898440153990123"},
		{"订单号4200001234202611221234567890", "订单号4200001234202611221234567890"},
		{"4200001234202611221234567890", "4200001234202611221234567890"},
		{"今天收了520元 2026-11-22 15:30", "今天收了520元 2026-11-22 15:30"},
		{"参考号 123456789012 凭证号 000123", "参考号 123456789012 凭证号 000123"},
		{"4111111111111112", "4111111111111112"}, // fails Luhn, not 62
		{"", ""},
	}
	for _, tt := range tests {
		if got := redact.Cards(tt.in); got != tt.want {
			t.Errorf("Cards(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if !redact.HasCard("我的卡 6222021234567890") || redact.HasCard("商户号898440153990123") {
		t.Error("HasCard")
	}
}

func TestLuhn(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{{"4111111111111111", true}, {"4111111111111112", false}, {"79927398713", true}, {"", false}, {"12a", false}} {
		if got := redact.Luhn(tt.in); got != tt.want {
			t.Errorf("Luhn(%q) = %v", tt.in, got)
		}
	}
}

func TestAll(t *testing.T) {
	tests := []struct{ in, want string }{
		{"身份证110101199003071234", "身份证110***********1234"},
		{"身份证11010119900307123X", "身份证110***********123X"},
		{"手机13812345678", "手机138****5678"},
		{"call +86 13812345678", "call 138****5678"},
		{"卡4111111111111111 手机13812345678", "卡411111******1111 手机138****5678"},
		{"订单4200001234202611221234567890", "订单4200001234202611221234567890"},
		{"金额 13800 元", "金额 13800 元"},
	}
	for _, tt := range tests {
		if got := redact.All(tt.in); got != tt.want {
			t.Errorf("All(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

var luhnRun = regexp.MustCompile(`[0-9]{13,19}`)

func FuzzCards(f *testing.F) {
	for _, s := range []string{"4111111111111111", "6222 0212 3456 7890", "商户号898440153990123", "1 2 3", "６２２２０２１２３４５６７８９０"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := redact.Cards(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if again := redact.Cards(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
		if strings.ContainsAny(s, "商户终端参考凭证订单流水批次授权") {
			return
		}
		for _, run := range luhnRun.FindAllString(out, -1) {
			if len(run) >= 16 && strings.HasPrefix(run, "62") || redact.Luhn(run) && !strings.Contains(s, run+"0") {
				// a run glued to more digits is no card; only whole runs count
				if whole := regexp.MustCompile(`(^|[^0-9])` + run + `([^0-9]|$)`); whole.MatchString(out) && len(run) <= 19 {
					t.Fatalf("card %s left in %q (from %q)", run, out, s)
				}
			}
		}
	})
}

func FuzzAll(f *testing.F) {
	for _, s := range []string{"110101199003071234", "13812345678", "+8613812345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := redact.All(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
	})
}
