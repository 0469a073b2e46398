package textnorm

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// The fast path folds exactly as the full one does: every rune it takes,
// and random text made of them.
func TestFoldFast(t *testing.T) {
	var runes []rune
	for r := rune(0); r < 0x80; r++ {
		runes = append(runes, r)
	}
	for r := rune(0x3400); r <= 0x4DBF; r++ {
		runes = append(runes, r)
	}
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		runes = append(runes, r)
	}
	for r := rune(0xFF01); r <= 0xFF5E; r++ {
		runes = append(runes, r)
	}
	runes = append(runes, 0x3000)
	for r, ok := range safePunct {
		if ok {
			runes = append(runes, r)
		}
	}
	for _, r := range runes {
		s := string(r)
		got, ok := foldFast(s)
		if !ok {
			t.Fatalf("foldFast(%U) refused", r)
		}
		if want := foldSlow(s); got != want {
			t.Errorf("foldFast(%U) = %q, want %q", r, got, want)
		}
	}
	for k, v := range t2s {
		if v >= 0x80 && !unicode.Is(unicode.Han, v) {
			t.Errorf("t2s maps %U to %U, not a Han character", k, v)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(20) {
			b.WriteRune(runes[rng.IntN(len(runes))])
		}
		s := b.String()
		got, _ := foldFast(s)
		if want := foldSlow(s); got != want {
			t.Errorf("foldFast(%q) = %q, want %q", s, got, want)
		}
	}
	if _, ok := foldFast("e\u0301"); ok {
		t.Error("foldFast took a combining mark")
	}
	if _, ok := foldFast("bad\xff"); ok {
		t.Error("foldFast took invalid UTF-8")
	}
}
