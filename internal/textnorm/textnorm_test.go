package textnorm_test

import (
	"testing"

	"github.com/posbot/posbot/internal/textnorm"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ＰＯＳ機刷卡提示５１", "pos机刷卡提示51"},
		{"掃碼收款沒到賬", "扫码收款没到账"},
		{"终端\u200b被 \t\n 冻结\x00了", "终端被 冻结了"},
		{"bad\xff\xfeutf8", "badutf8"},
		{"  Error 96  ", "error 96"},
	}
	for _, tt := range tests {
		if got := textnorm.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsEnglish(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"my terminal is suspended", true},
		{"终端 suspended", false},
		{"51", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := textnorm.IsEnglish(tt.in); got != tt.want {
			t.Errorf("IsEnglish(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	if got := textnorm.Truncate("冻结了吗", 2); got != "冻结" {
		t.Errorf("Truncate = %q", got)
	}
	if got := textnorm.Truncate("ab", 5); got != "ab" {
		t.Errorf("Truncate = %q", got)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"掃碼", "\xff", "ＰＯＳ", "a\u200bb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := textnorm.Fold(s)
		if textnorm.Fold(out) != out {
			t.Errorf("Fold not idempotent on %q", s)
		}
	})
}
