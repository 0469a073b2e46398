// Package textnorm folds the many ways merchants type the same words into one
// form: full-width letters and digits, traditional characters, case, control
// and zero-width characters, and invalid UTF-8.
package textnorm

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed t2s.txt
var t2sData string

// t2s maps a traditional character to its simplified form.
var t2s = parseT2S(t2sData)

func parseT2S(data string) map[rune]rune {
	m := make(map[rune]rune, 3300)
	for _, line := range strings.Split(data, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r := []rune(line)
		if len(r) == 2 {
			m[r[0]] = r[1]
		}
	}
	return m
}

// Clean makes text safe to store and show: invalid UTF-8 becomes U+FFFD,
// control, format (zero-width) and private-use characters are dropped, and
// runs of white space become one space. It keeps the merchant's characters
// otherwise as typed.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || unicode.IsSpace(r):
			space = true
			continue
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r),
			r == '\uFFFD', r == '\uFEFF':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Fold returns the form used for matching: NFKC (full-width to half-width),
// lower case, traditional characters to simplified ones, then Clean. Folding
// a folded string changes nothing.
func Fold(s string) string {
	if out, ok := foldFast(s); ok {
		return out
	}
	return foldSlow(s)
}

// foldFast folds s in one pass when all of it is text whose folded form is
// known without Unicode's tables — ASCII, CJK ideographs, full-width ASCII,
// the ideographic space and the punctuation of safePunct — which is almost
// all text merchants and editors write. It reports false otherwise.
func foldFast(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0 // full-width ASCII
		}
		switch {
		case r < utf8.RuneSelf:
			switch c := byte(r); {
			case c == ' ', c >= '\t' && c <= '\r':
				space = true
				continue
			case c < 0x20, c == 0x7f:
				continue
			case c >= 'A' && c <= 'Z':
				r += 'a' - 'A'
			}
		case r == 0x3000:
			space = true
			continue
		case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF:
			if simp, ok := t2s[r]; ok {
				r = simp
			}
		case safePunct[r]:
		default:
			return "", false
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String(), true
}

// safePunct is the CJK and typographic punctuation that folding keeps as
// it is (TestFoldFast checks each against the Unicode tables).
var safePunct = map[rune]bool{
	'、': true, '。': true, '〈': true, '〉': true, '《': true, '》': true, '「': true, '」': true,
	'『': true, '』': true, '【': true, '】': true, '〔': true, '〕': true, '—': true, '‘': true,
	'’': true, '“': true, '”': true, '·': true, '•': true, '×': true, '→': true, '✅': true, '❌': true,
	'⚠': true, '📖': true, '👍': true, '👎': true, '–': true, '¥': true, '−': true,
}

func foldSlow(s string) string {
	s = norm.NFKC.String(Clean(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if simp, ok := t2s[r]; ok {
			r = simp
		}
		b.WriteRune(unicode.ToLower(r))
	}
	// NFKC and lower-casing can yield spaces or combining marks (ͺ becomes
	// " ͅ"); normalise and clean once more so the result is stable.
	return Clean(norm.NFKC.String(b.String()))
}

// HasHan reports whether s contains a Chinese character.
func HasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// IsEnglish reports whether s reads as English: Latin letters and no Chinese.
func IsEnglish(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return false
		}
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// Truncate cuts s to at most n runes.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// HasTraditional reports whether s contains a traditional Chinese character
// that folds to a different simplified one.
func HasTraditional(s string) bool {
	for _, r := range s {
		if simp, ok := t2s[r]; ok && simp != r {
			return true
		}
	}
	return false
}
