package extract_test

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/extract"
	"github.com/posbot/posbot/internal/redact"
)

// extractNow is Sunday 2026-11-22, 14:00 in China.
var extractNow = time.Date(2026, 11, 22, 14, 0, 0, 0, time.FixedZone("CST", 8*3600))

type F = extract.Fields

func TestExtract(t *testing.T) {
	tests := []struct {
		in   string
		want F
	}{
		// Everything at once, the way merchants write.
		{"商户号898440153990123 终端号12345678 今天下午3点扫码收款520元没到账",
			F{MerchantNo: "898440153990123", TerminalNo: "12345678", Date: "2026-11-22", Time: "15:00", Amount: "520.00", PayMethod: "qr"}},
		{"昨晚8点半微信收了1288.5", F{Date: "2026-11-21", Time: "20:30", Amount: "1288.50", PayMethod: "wechat"}},
		{"3月8号下午3点刷卡6800元", F{Date: "2026-03-08", Time: "15:00", Amount: "6800.00", PayMethod: "card"}},
		{"前天中午12点 3万2 没到", F{Date: "2026-11-20", Time: "12:00", Amount: "32000.00"}},
		{"上周五凌晨1点 1w", F{Date: "2026-11-13", Time: "01:00", Amount: "10000.00"}},
		{"周五晚上11点 刷信用卡99块", F{Date: "2026-11-20", Time: "23:00", Amount: "99.00", PayMethod: "card"}},
		{"大前天下午5点半插卡 5,000.00元 显示：余额不足",
			F{Date: "2026-11-19", Time: "17:30", Amount: "5000.00", PayMethod: "card", Code: "余额不足"}},
		{"终端号 87654321 上周一 15:20 储蓄卡 2千5", F{TerminalNo: "87654321", Date: "2026-11-09", Time: "15:20", Amount: "2500.00", PayMethod: "card"}},
		{"周日 上午9点 支付宝 ￥１２８．５０", F{Date: "2026-11-22", Time: "09:00", Amount: "128.50", PayMethod: "alipay"}},
		{"今天3点收了50元 应答码 Z1", F{Date: "2026-11-22", Time: "03:00", Amount: "50.00", Code: "Z1"}},
		// Amounts.
		{"¥99 支付宝", F{Amount: "99.00", PayMethod: "alipay"}},
		{"RMB 300 云闪付", F{Amount: "300.00", PayMethod: "unionpay_qr"}},
		{"99块", F{Amount: "99.00"}},
		{"3万2", F{Amount: "32000.00"}},
		{"1w", F{Amount: "10000.00"}},
		{"晚上12点 收款码 1.5万", F{Time: "00:00", Amount: "15000.00", PayMethod: "qr"}},
		{"昨天收了两笔 一笔300元 一笔500元", F{Date: "2026-11-21", Amount: "300.00"}},
		{"收了300 和 500", F{}},
		{"机器坏了3天 换了2台", F{}},
		// Dates and times.
		{"上午10:15", F{Time: "10:15"}},
		{"中午12点", F{Time: "12:00"}},
		{"凌晨1点收的钱", F{Time: "01:00"}},
		{"晚上11点 微信", F{Time: "23:00", PayMethod: "wechat"}},
		{"下午3点30分 借记卡", F{Time: "15:30", PayMethod: "card"}},
		{"8点一刻 扫码", F{Time: "08:15", PayMethod: "qr"}},
		{"11.20 刷卡 3000元", F{Date: "2026-11-20", Amount: "3000.00", PayMethod: "card"}},
		{"11/20 银联二维码 收了200", F{Date: "2026-11-20", Amount: "200.00", PayMethod: "unionpay_qr"}},
		{"2026年11月20日 挥卡 被拒 提示05", F{Date: "2026-11-20", PayMethod: "card", Code: "05"}},
		{"2026-11-20 15:30 支付宝 ¥99", F{Date: "2026-11-20", Time: "15:30", Amount: "99.00", PayMethod: "alipay"}},
		{"12月30号 银行卡", F{Date: "2025-12-30", PayMethod: "card"}},
		{"12月1号收的钱", F{Date: "2025-12-01"}},
		{"2026年11月19日 上午10:15 云闪付 RMB 300", F{Date: "2026-11-19", Time: "10:15", Amount: "300.00", PayMethod: "unionpay_qr"}},
		{"30号", F{Date: "2026-10-30"}},
		{"昨天收的款今天还没到", F{Date: "2026-11-21"}},
		{"3号机 刷卡失败", F{PayMethod: "card"}},
		// Codes and the screen.
		{"刷卡提示51", F{PayMethod: "card", Code: "51"}},
		{"刷卡显示 A0", F{PayMethod: "card", Code: "A0"}},
		{"屏幕显示“交易失败 请联系收单行”", F{Code: "交易失败 请联系收单行"}},
		{`屏幕显示"卡号4111111111111111无效"`, F{Code: "卡号411111******1111无效"}},
		// Identifiers.
		{"参考号 123456789012", F{Reference: "参考号:123456789012"}},
		{"凭证号000123", F{Reference: "凭证号:000123"}},
		{"凭证号: 000123 参考号: 123456789012", F{Reference: "参考号:123456789012"}},
		{"微信单号4200001234202611221234567890", F{PayMethod: "wechat", Reference: "订单号:4200001234202611221234567890"}},
		{"支付宝交易号2026112222001412341234567890", F{PayMethod: "alipay", Reference: "订单号:2026112222001412341234567890"}},
		{"4200001234202611221234567890 这笔没到账", F{Reference: "订单号:4200001234202611221234567890"}},
		{"898440153990123", F{MerchantNo: "898440153990123"}},
		{"商户号：898 4401 5399 0123", F{MerchantNo: "898440153990123"}},
		{"商户号898440153990125", F{MerchantNo: "898440153990125"}}, // Luhn-valid, but labelled
		{"MID 898440153990123 TID 12345678 ref 123456789012",
			F{MerchantNo: "898440153990123", TerminalNo: "12345678", Reference: "参考号:123456789012"}},
		// Traditional characters and full-width forms.
		{"商戶號：898440153990123 終端號 ABCD1234", F{MerchantNo: "898440153990123", TerminalNo: "ABCD1234"}},
		{"昨晚8點半掃碼收款520塊沒到賬", F{Date: "2026-11-21", Time: "20:30", Amount: "520.00", PayMethod: "qr"}},
		{"１１月２０号　５２０元", F{Date: "2026-11-20", Amount: "520.00"}},
		{"機器有一點慢", F{}},
		{"机器有一点慢", F{}},
		// Card numbers are no field at all.
		{"卡号6222021234567890 刷了100元", F{Amount: "100.00", PayMethod: "card"}},
		{"参考号4111111111111111", F{}},
		{"订单号 6222 0212 3456 7890", F{}},
		{"卡号622202******7890 昨天", F{Date: "2026-11-21", PayMethod: "card"}},
		{"钱没到银行卡 微信收款码 收的 88元", F{Amount: "88.00", PayMethod: "wechat"}},
		{"尾号1234的卡刷了500", F{Amount: "500.00", PayMethod: "card"}},
		{"TID12345678 MID:898440153990123", F{MerchantNo: "898440153990123", TerminalNo: "12345678"}},
	}
	for _, tt := range tests {
		if got := extract.Extract(tt.in, extractNow); got != tt.want {
			t.Errorf("Extract(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"商户号898440153990123 终端号12345678 今天下午3点扫码收款520元没到账",
		"昨晚8点半微信收了1288.5", "3月8号下午3点刷卡6800元", "3万2", "1w", "¥99",
		"屏幕显示“交易失败 请联系收单行”", "参考号 123456789012", "凭证号000123",
		"订单号T4111111111111111", "显示\"4111111111111111\"", "１１月２０号　５２０元",
		"上上周日 23:59 2月29号", "\xff\xfe 显示“", "9点半 1万2千", "商户号 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5", "显示\"000\x8c\"00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := extract.Extract(s, extractNow)
		v := reflect.ValueOf(got)
		for i := range v.NumField() {
			field := v.Field(i).String()
			if !utf8.ValidString(field) {
				t.Errorf("Extract(%q).%s = %q: invalid UTF-8", s, v.Type().Field(i).Name, field)
			}
			if cardRun(field) {
				t.Errorf("Extract(%q).%s = %q holds a card number", s, v.Type().Field(i).Name, field)
			}
		}
		if got.Date != "" {
			if _, err := time.Parse("2006-01-02", got.Date); err != nil {
				t.Errorf("Extract(%q).Date = %q", s, got.Date)
			}
		}
		if got.Time != "" {
			if _, err := time.Parse("15:04", got.Time); err != nil {
				t.Errorf("Extract(%q).Time = %q", s, got.Time)
			}
		}
	})
}

// cardRun reports whether s holds a run of 16–19 digits that passes the
// Luhn check or starts with 62.
func cardRun(s string) bool {
	var run []byte
	for _, r := range s + "\x00" {
		if r >= '０' && r <= '９' {
			r -= '０' - '0'
		}
		if r >= '0' && r <= '9' {
			run = append(run, byte(r))
			continue
		}
		if n := len(run); n >= 16 && n <= 19 && (redact.Luhn(string(run)) || strings.HasPrefix(string(run), "62")) {
			return true
		}
		run = run[:0]
	}
	return false
}
