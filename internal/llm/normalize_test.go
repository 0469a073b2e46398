package llm

import (
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"１３９１２３４５６７８", "13912345678"},
		{"一三九一二三四五六七八", "13912345678"},
		{"幺三九", "139"},
		{"二〇二四年", "2024年"},
		{"五十元", "50元"},
		{"一百零五元", "105元"},
		{"两千零二十四", "2024"},
		{"三千五", "3500"},
		{"两万五", "25000"},
		{"五万", "5万"},
		{"十万", "10万"},
		{"一千万", "1000万"},
		{"一点五万", "1.5万"},
		{"十五天", "15天"},
		{"伍拾圆", "50圆"},
		{"千分之二", "0.2%"},
		{"千分之三点八", "0.38%"},
		{"万分之六", "0.06%"},
		{"百分之零点六", "0.6%"},
		{"0.6个点", "0.6%"},
		{"费率两个点", "费率2%"},
		{"0.2个百分点", "0.2%"},
		{"6‰", "0.6%"},
		{"0.6 percent", "0.6%"},
		{"右上角三个点", "右上角3个点"},
		{"千万不要", "千万不要"},
		{"万一", "万1"},
		{"三四天", "三四天"},
		{"两三块钱", "两三块钱"},
		{"五六百元", "五六百元"},
		{"几十元", "几十元"},
		{"十点五十", "10点50"},
		{"三点半", "3点半"},
		{"快一点点", "快1点点"},
		{"拨打\u200b139", "拨打139"},
		{"第一行\n第二行", "第1行\n第2行"},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The guard's normal form is stable: normalising twice changes nothing, so
// a reply and a source that say the same thing meet in one form.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"一三九一二三四五六七八", "千分之二", "两万五千", "0.2个点", "１３９ １２３４", "十点五十", "一亿两千万", "百分之零点五"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		once := normalize(s)
		if twice := normalize(once); twice != once {
			t.Errorf("normalize(%q) = %q, again %q", s, once, twice)
		}
		_ = Check(s, Grounds{Sources: []string{s}, System: s})
	})
}
