package redact

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLuhn(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"4111111111111111", true},
		{"4111111111111112", false},
		{"378282246310005", true},
		{"898440153990125", true},
		{"898440153990123", false},
		{"6222021234567890", false},
		{"0", true},
		{"", false},
		{"4111 1111 1111 1111", false},
		{"４111111111111111", false},
	}
	for _, tt := range tests {
		if got := Luhn(tt.in); got != tt.want {
			t.Errorf("Luhn(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCards(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain visa", "卡号4111111111111111刷不了", "卡号411111******1111刷不了"},
		{"spaced unionpay", "6222 0212 3456 7890", "622202******7890"},
		{"dashed", "卡 4111-1111-1111-1111 被拒", "卡 411111******1111 被拒"},
		{"dashed 19", "6222-0212-3456-7890-123", "622202*********0123"},
		{"english", "card 5500 0000 0000 0004 declined", "card 550000******0004 declined"},
		{"62 prefix fails luhn", "6222021234567890", "622202******7890"},
		{"19 digits 62", "卡号6217001234567890123。", "卡号621700*********0123。"},
		{"amex 15", "378282246310005", "378282*****0005"},
		{"full-width", "卡号４１１１１１１１１１１１１１１１", "卡号411111******1111"},
		{"full-width space", "６２２２　０２１２　３４５６　７８９０", "622202******7890"},
		{"card then amount", "4111111111111111 100元", "411111******1111 100元"},
		{"two cards", "4111111111111111,6222021234567890", "411111******1111,622202******7890"},
		{"not luhn, not 62", "4111111111111112", "4111111111111112"},
		{"merchant no labelled", "商户号898440153990125", "商户号898440153990125"},
		{"merchant no with colon", "商户编号： 898440153990125", "商户编号： 898440153990125"},
		{"merchant no traditional", "商戶號:898440153990125", "商戶號:898440153990125"},
		{"unlabelled luhn 15", "898440153990125", "898440*****0125"},
		{"terminal and reference", "终端号12345678 参考号 4111111111111111", "终端号12345678 参考号 4111111111111111"},
		{"order labelled", "订单号：6222021234567890", "订单号：6222021234567890"},
		{"mid english", "MID 898440153990125", "MID 898440153990125"},
		{"label does not reach the next number", "商户号898440153990123 4111111111111111", "商户号898440153990123 411111******1111"},
		{"card label is not a label", "卡号是 4111111111111111", "卡号是 411111******1111"},
		{"wechat order 28 digits", "4200001234202611221234567890", "4200001234202611221234567890"},
		{"alipay order 28 digits", "交易2026112222001412341234567890", "交易2026112222001412341234567890"},
		{"longer run", "14111111111111111", "14111111111111111"},
		{"extended by separator", "4111 1111 1111 1111 1", "4111 1111 1111 1111 1"},
		{"spaced order number", "4200 0012 3420 2611 2212 3456 7890", "4200 0012 3420 2611 2212 3456 7890"},
		{"too short", "411111111111", "411111111111"},
		{"amount and date", "2026-11-22 15:30 收款520.00元", "2026-11-22 15:30 收款520.00元"},
		{"reference and voucher", "参考号 123456789012 凭证号 000123", "参考号 123456789012 凭证号 000123"},
		{"amount labelled", "金额：4111111111111111", "金额：4111111111111111"},
		{"id with X is not a card", "11010519491231002X", "11010519491231002X"},
		{"double space splits", "4111  1111 1111 1111", "4111  1111 1111 1111"},
		{"already masked", "411111******1111", "411111******1111"},
		{"invalid utf8", "\xff4111111111111111", "\uFFFD411111******1111"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cards(tt.in); got != tt.want {
				t.Errorf("Cards(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got, want := HasCard(tt.in), Cards(tt.in) != strings.ToValidUTF8(tt.in, "\uFFFD"); got != want {
				t.Errorf("HasCard(%q) = %v, want %v", tt.in, got, want)
			}
		})
	}
}

func TestAll(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"mobile", "电话13812345678", "电话*******5678"},
		{"mobile +86", "+8613812345678", "+86 *******5678"},
		{"mobile 86 spaced", "86 138 1234 5678", "86 *******5678"},
		{"mobile dashed", "138-1234-5678", "*******5678"},
		{"mobile full-width", "１３８１２３４５６７８", "*******5678"},
		{"mobile then hour", "13812345678 9点打", "*******5678 9点打"},
		{"not a mobile prefix", "12812345678", "12812345678"},
		{"mobile inside longer run", "138123456789", "138123456789"},
		{"mobile extended by separator", "138 1234 5678 9", "138 1234 5678 9"},
		{"id with a wrong check digit", "身份证110101199003071234", "身份证110101********1234"},
		{"18 digits, no birth date", "单据123456789012345678", "单据123456789012345678"},
		{"id", "身份证440304199001011233号", "身份证440304********1233号"},
		{"id with X", "11010519491231002X。", "110105********002X。"},
		{"id with lower x", "11010519491231002x", "110105********002X"},
		{"id x then letters", "11010519491231002Xab", "11010519491231002Xab"},
		{"id inside longer run", "3440304199001011233", "3440304199001011233"},
		{"id 62 region beats card", "620102198001010017", "620102********0017"},
		{"card", "4111111111111111", "411111******1111"},
		{"everything", "卡4111111111111111 手机13812345678 身份证320102198808088885 商户号898440153990125",
			"卡411111******1111 手机*******5678 身份证320102********8885 商户号898440153990125"},
		{"terminal not mobile", "终端号13812345678", "终端号13812345678"},
		{"wechat order", "4200001234202611221234567890", "4200001234202611221234567890"},
		{"date time amount", "2026-11-22 15:30 520元", "2026-11-22 15:30 520元"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := All(tt.in); got != tt.want {
				t.Errorf("All(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// digitRuns returns the maximal runs of digits in s, full-width ones
// normalised, with where each starts.
func digitRuns(s string) (runs []string, starts []int) {
	var cur []byte
	start := 0
	for i, r := range s + "\x00" {
		if isDigitRune(r) {
			if cur == nil {
				start = i
			}
			cur = append(cur, digitValue(r))
			continue
		}
		if cur != nil {
			runs, starts = append(runs, string(cur)), append(starts, start)
			cur = nil
		}
	}
	return runs, starts
}

func cardLike(d string) bool {
	return len(d) >= 13 && len(d) <= 19 && (Luhn(d) || (len(d) >= 16 && strings.HasPrefix(d, "62")))
}

// checkMasked fails if out holds a card-like run of digits that in was not
// entitled to keep: only a labelled one, or the first 17 digits of an ID,
// may stay.
func checkMasked(t *testing.T, fn string, in, out string) {
	t.Helper()
	in = strings.ToValidUTF8(in, "\uFFFD")
	kept := map[string]bool{}
	runs, starts := digitRuns(in)
	for i, d := range runs {
		after := strings.TrimLeft(in[starts[i]:], "0123456789０１２３４５６７８９")
		isID := len(d) == 17 && strings.ContainsAny(after[:min(len(after), 3)], "XxＸｘ")
		if !cardLike(d) || isID || labelled(in, starts[i]) {
			kept[d] = true
		}
	}
	outRuns, _ := digitRuns(out)
	for _, d := range outRuns {
		if cardLike(d) && !kept[d] {
			t.Errorf("%s(%q) = %q keeps card-like %s", fn, in, out, d)
		}
	}
}

func fuzzSeeds(f *testing.F) {
	f.Helper()
	for _, s := range []string{
		"6222 0212 3456 7890", "商户号898440153990125", "4111111111111111 100元",
		"＋８６１３８１２３４５６７８", "11010519491231002X", "4200001234202611221234567890",
		"1 4111-1111-1111-1111", "411111******1111 5", "86 138 1234 5678", "\xff\xfe",
		"0 4202611221234567890",
	} {
		f.Add(s)
	}
}

func FuzzCards(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		out := Cards(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Cards(%q) = %q: invalid UTF-8", s, out)
		}
		if again := Cards(out); again != out {
			t.Errorf("Cards not idempotent on %q: %q then %q", s, out, again)
		}
		if HasCard(out) {
			t.Errorf("HasCard(Cards(%q)) = true", s)
		}
		checkMasked(t, "Cards", s, out)
	})
}

func FuzzAll(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		out := All(s)
		if !utf8.ValidString(out) {
			t.Fatalf("All(%q) = %q: invalid UTF-8", s, out)
		}
		if again := All(out); again != out {
			t.Errorf("All not idempotent on %q: %q then %q", s, out, again)
		}
		checkMasked(t, "All", s, out)
	})
}

func TestSecrets(t *testing.T) {
	tests := []struct{ in, want string }{
		{"cvv 123", "cvv ***"},
		{"CVV2:456 卡背后三位", "CVV2:*** 卡背后三位"},
		{"验证码 845721", "验证码 ******"},
		{"短信验证码是845721，你们快点", "短信验证码是******，你们快点"},
		{"动态码：１２３４５６", "动态码：******"},
		{"密码123456", "密码******"},
		{"我的取款密码是 8888 别告诉别人", "我的取款密码是 **** 别告诉别人"},
		{"pin 1234", "pin ****"},
		{"the security code is 987", "the security code is ***"},
		{"卡背面三位是 321", "卡背面三位是 ***"},
		{"终端号12345678 金额520", "终端号12345678 金额520"},
		{"密码忘了怎么办", "密码忘了怎么办"},
		{"验证码收不到", "验证码收不到"},
	}
	for _, tt := range tests {
		if got := Secrets(tt.in); got != tt.want {
			t.Errorf("Secrets(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if !HasPayment("cvv 123") || !HasPayment("4111111111111111") || HasPayment("终端号12345678") {
		t.Error("HasPayment")
	}
}

// Stored masks IDs and mobiles too, but keeps the merchant's own number
// for the call back.
func TestStored(t *testing.T) {
	tests := []struct{ in, want string }{
		{"顾客电话13812345678 身份证440304199001011233 cvv 123", "顾客电话*******5678 身份证440304********1233 cvv ***"},
		{"我的电话13812345678，有事打我", "我的电话13812345678，有事打我"},
		{"联系电话：138 1234 5678", "联系电话：138 1234 5678"},
		{"please call me on 13812345678", "please call me on 13812345678"},
		{"卡号6222021234567890 验证码845721", "卡号622202******7890 验证码******"},
	}
	for _, tt := range tests {
		if got := Stored(tt.in); got != tt.want {
			t.Errorf("Stored(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzStored(f *testing.F) {
	fuzzSeeds(f)
	f.Add("cvv 123 验证码845721 密码 8888 我的电话13812345678")
	f.Fuzz(func(t *testing.T, s string) {
		out := Stored(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Stored(%q) = %q: invalid UTF-8", s, out)
		}
		if again := Stored(out); again != out {
			t.Errorf("Stored not idempotent on %q: %q then %q", s, out, again)
		}
		if HasSecret(out) || HasCard(out) {
			t.Errorf("Stored(%q) = %q still holds a secret or a card", s, out)
		}
	})
}
