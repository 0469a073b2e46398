package escalation_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/redact"
)

func TestExtract(t *testing.T) {
	// now is Sunday 2026-11-22 14:00 in China.
	tests := []struct {
		in   string
		want escalation.Fields
	}{
		{"商户号898440153990123 终端号12345678 今天下午3点扫码收款520元没到账",
			escalation.Fields{MerchantNo: "898440153990123", TerminalNo: "12345678", Date: "2026-11-22", Time: "15:00", Amount: "520.00", PayMethod: "qr"}},
		{"昨晚8点半微信收了1288.5块", escalation.Fields{Date: "2026-11-21", Time: "20:30", Amount: "1288.50", PayMethod: "wechat"}},
		{"3月8号下午3点刷卡6800元", escalation.Fields{Date: "2026-03-08", Time: "15:00", Amount: "6800.00", PayMethod: "card"}},
		{"12月1号收的钱", escalation.Fields{Date: "2025-12-01"}},
		{"2026-11-20 15:30 支付宝 ¥99", escalation.Fields{Date: "2026-11-20", Time: "15:30", Amount: "99.00", PayMethod: "alipay"}},
		{"2026年11月19日 上午10:15 云闪付 RMB 300", escalation.Fields{Date: "2026-11-19", Time: "10:15", Amount: "300.00", PayMethod: "unionpay_qr"}},
		{"前天中午12点 3万2 没到", escalation.Fields{Date: "2026-11-20", Time: "12:00", Amount: "32000.00"}},
		{"上周五凌晨1点 1w", escalation.Fields{Date: "2026-11-13", Time: "01:00", Amount: "10000.00"}},
		{"周五晚上11点 刷信用卡99块", escalation.Fields{Date: "2026-11-20", Time: "23:00", Amount: "99.00", PayMethod: "card"}},
		{"刷卡提示51", escalation.Fields{PayMethod: "card", Code: "51"}},
		{"屏幕显示“交易失败 请联系收单行”", escalation.Fields{Code: "交易失败 请联系收单行"}},
		{"参考号 123456789012", escalation.Fields{Reference: "参考号:123456789012"}},
		{"凭证号000123", escalation.Fields{Reference: "凭证号:000123"}},
		{"微信单号4200001234202611221234567890", escalation.Fields{PayMethod: "wechat", Reference: "订单号:4200001234202611221234567890"}},
		{"商戶號：898440153990123 終端號 ABCD1234", escalation.Fields{MerchantNo: "898440153990123", TerminalNo: "ABCD1234"}},
		{"机器有一点慢", escalation.Fields{}},
		{"卡号6222021234567890 刷了100元", escalation.Fields{Amount: "100.00", PayMethod: "card"}},
		{"898440153990123", escalation.Fields{MerchantNo: "898440153990123"}},
		{"１１月２０号　５２０元", escalation.Fields{Date: "2026-11-20", Amount: "520.00"}},
	}
	now := time.Date(2026, 11, 22, 14, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for _, tt := range tests {
		if got := escalation.Extract(tt.in, now); got != tt.want {
			t.Errorf("Extract(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
	}
}

func TestMergeMissing(t *testing.T) {
	a := escalation.Fields{MerchantNo: "898440153990123", Amount: "1.00"}
	b := escalation.Fields{MerchantNo: "X", Date: "2026-11-22"}
	got := a.Merge(b)
	if got.MerchantNo != a.MerchantNo || got.Date != b.Date {
		t.Errorf("Merge = %+v", got)
	}
	if m := got.Missing(); strings.Join(m, ",") != "terminal_no,time,pay_method" {
		t.Errorf("Missing = %v", m)
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{"商户号898440153990123 今天下午3点扫码收款520元", "3万2", "上上周日", "卡号6222021234567890", "提示“", "9点99分"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 22, 14, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got := escalation.Extract(s, now)
		for _, v := range []string{got.MerchantNo, got.TerminalNo, got.Date, got.Time, got.Amount, got.PayMethod, got.Code, got.Reference} {
			if !utf8.ValidString(v) {
				t.Fatalf("invalid UTF-8 %q from %q", v, s)
			}
			if redact.HasCard(v) {
				t.Fatalf("card number in field %q from %q", v, s)
			}
		}
	})
}
