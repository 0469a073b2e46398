package telegram

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
)

func TestTextLen(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"", 0}, {"a", 1}, {"汉", 1}, {"😀", 2}, {"𠀀", 2}, {"👩‍💼", 5}, {"e\u0301", 2}, {"\xff", 1},
	} {
		if got := textLen(tt.in); got != tt.want {
			t.Errorf("textLen(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

var numbering = regexp.MustCompile(`^\((\d+)/(\d+)\) `)

// checkParts verifies what every split must hold: each part within limit
// in UTF-16 code units, numbered (1/n)…(n/n) when there are several, and
// together the text itself, give or take the spaces and cont at the cuts.
func checkParts(t *testing.T, text string, limit int, cont string, parts []string) {
	t.Helper()
	var joined strings.Builder
	for i, p := range parts {
		if n := len(utf16.Encode([]rune(p))); n > limit {
			t.Errorf("part %d is %d UTF-16 code units, over %d", i+1, n, limit)
		}
		if len(parts) > 1 {
			m := numbering.FindStringSubmatch(p)
			if m == nil || m[1] != fmt.Sprint(i+1) || m[2] != fmt.Sprint(len(parts)) {
				t.Errorf("part %d is numbered %q", i+1, p[:min(len(p), 12)])
				continue
			}
			p = p[len(m[0]):]
		}
		joined.WriteString(p)
	}
	squash := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	got, want := squash(joined.String()), squash(text)
	if c := squash(cont); c != "" {
		// cont comes and goes at the cuts.
		got, want = strings.ReplaceAll(got, c, ""), strings.ReplaceAll(want, c, "")
	}
	if got != want {
		t.Errorf("parts do not add up to the text:\ngot  %.200q\nwant %.200q", got, want)
	}
}

func TestSplit(t *testing.T) {
	lines := strings.Repeat("第一行：刷卡提示51，余额不足。\n", 400)       // 17 characters a line
	sentences := strings.Repeat("刷卡提示51是余额不足！请换一张卡再试。", 300) // no line breaks
	for _, tt := range []struct {
		name  string
		text  string
		limit int
		cont  string
		parts int
		check func(t *testing.T, parts []string)
	}{
		{name: "fits", text: "打印机不出纸", limit: maxText, parts: 1},
		{name: "exactly the limit", text: strings.Repeat("好", maxText), limit: maxText, parts: 1},
		{name: "one over", text: strings.Repeat("好", maxText+1), limit: maxText, parts: 2},
		{name: "over by trailing space", text: strings.Repeat("好", maxText-1) + "\n\n  ", limit: maxText, parts: 1},
		// 2,049 emoji are 2,049 runes but 4,098 UTF-16 code units.
		{name: "emoji count two", text: strings.Repeat("😀", 2049), limit: maxText, parts: 2},
		{name: "rare CJK count two", text: strings.Repeat("𠀀", 2048), limit: maxText, parts: 1},
		{name: "rare CJK over", text: strings.Repeat("𠀀", 2500), limit: maxText, parts: 2},
		{name: "at line ends", text: lines, limit: maxText, parts: 2, check: func(t *testing.T, parts []string) {
			for i, p := range parts {
				if !strings.HasSuffix(p, "。") || (i > 0 && !strings.HasPrefix(p[len(numbering.FindString(p)):], "第一行")) {
					t.Errorf("part %d not cut at a line end: …%q", i+1, p[len(p)-20:])
				}
			}
		}},
		{name: "after sentences", text: sentences, limit: maxText, parts: 2, check: func(t *testing.T, parts []string) {
			if !strings.HasSuffix(parts[0], "。") && !strings.HasSuffix(parts[0], "！") {
				t.Errorf("part 1 not cut after a sentence: …%q", parts[0][len(parts[0])-20:])
			}
		}},
		{name: "ASCII sentences", text: strings.Repeat("It costs 3.50 yuan. Try again! ", 10), limit: 80, parts: 5, check: func(t *testing.T, parts []string) {
			for i, p := range parts[:len(parts)-1] {
				if !strings.HasSuffix(p, ".") && !strings.HasSuffix(p, "!") {
					t.Errorf("part %d not cut after a sentence: %q", i+1, p)
				}
			}
		}},
		{name: "no boundary at all", text: strings.Repeat("x", 10000), limit: maxText, parts: 3},
		{name: "emoji never halved", text: strings.Repeat("👩‍💼", 1000), limit: maxText, parts: 2, check: func(t *testing.T, parts []string) {
			for i, p := range parts {
				if body := p[len(numbering.FindString(p)):]; !strings.HasPrefix(body, "👩") || !strings.HasSuffix(body, "💼") {
					t.Errorf("part %d cuts an emoji: %q … %q", i+1, body[:8], body[len(body)-8:])
				}
			}
		}},
		{name: "quoted line goes on quoted", text: "💬 商户（工单 #4）：" + sentences, limit: maxText, cont: "> ", parts: 2, check: func(t *testing.T, parts []string) {
			if !strings.HasPrefix(parts[1], "(2/2) > ") {
				t.Errorf("part 2 starts %q", parts[1][:20])
			}
		}},
		{name: "ten parts and more", text: strings.Repeat("好。", 300), limit: 50, parts: 15},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parts := split(tt.text, tt.limit, tt.cont)
			if len(parts) != tt.parts {
				t.Fatalf("%d parts, want %d", len(parts), tt.parts)
			}
			checkParts(t, tt.text, tt.limit, tt.cont, parts)
			if tt.check != nil {
				tt.check(t, parts)
			}
		})
	}
}

// Split holds its promises on any text: within the limit, numbered, and
// nothing lost.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"打印机不出纸", strings.Repeat("刷卡。\n", 30), strings.Repeat("😀é👩‍💼", 20), "a\n\n\n\nb", "> > >"} {
		f.Add(s, 40, "> ")
	}
	f.Fuzz(func(t *testing.T, text string, limit int, cont string) {
		if limit < 20 || limit > 5000 || len(cont) > 4 || strings.ContainsFunc(cont, func(r rune) bool { return !unicode.IsPrint(r) }) {
			t.Skip()
		}
		text, cont = strings.ToValidUTF8(text, "?"), strings.ToValidUTF8(cont, "?")
		checkParts(t, text, limit, cont, split(text, limit, cont))
	})
}
