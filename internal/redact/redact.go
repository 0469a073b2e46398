// Package redact masks payment and personal data in free text before it is
// logged, stored or shown to anyone: card numbers (PCI DSS allows at most
// the first 6 and last 4 digits), Chinese resident ID numbers and mainland
// mobile numbers.
//
// Full-width digits (０-９) count as digits. Masking happens in place: text
// outside a masked number is returned unchanged, and a masked number is
// written with ASCII digits and its separators dropped. Invalid UTF-8 is
// replaced by U+FFFD so that the result is always safe to send.
package redact

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Cards masks every card number in s: 13–19 digits (single spaces or dashes
// between digit groups allowed) that pass the Luhn check, and any 16–19
// digit number starting with 62 (UnionPay; some don't pass Luhn). A masked
// number keeps its first 6 and last 4 digits, the rest become '*',
// separators dropped: "6222 0212 3456 7890" -> "622202******7890".
//
// A number that is part of a longer run of digits, or is labelled as a
// merchant, terminal, reference, voucher, order or batch number, an amount
// or a date, is left alone.
func Cards(s string) string {
	out, _ := mask(s, maskCards)
	return out
}

// All masks payment secrets as Secrets does, card numbers as Cards does,
// Chinese resident ID numbers (18 characters: a region code, a date of
// birth, a check digit or X; the first 6 and last 4 kept,
// "110101********1234") and mainland mobile numbers (11 digits starting
// 13–19, optionally after +86 or 86; the last 4 kept, "*******5678"). It is
// what a model is sent.
func All(s string) string {
	out, _ := mask(Secrets(s), maskCards|maskIDs|maskMobiles)
	return out
}

// HasCard reports whether s contains a card number Cards would mask.
func HasCard(s string) bool {
	_, found := mask(s, maskCards)
	return found
}

// Luhn reports whether a string of digits passes the Luhn check. It is false
// for an empty string or one with anything but ASCII digits.
func Luhn(digits string) bool {
	if digits == "" {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

type kinds uint8

const (
	maskCards kinds = 1 << iota
	maskIDs
	maskMobiles
	keepContact // a mobile number given as the merchant's own contact stays
)

// standalone is the length from which a contiguous run of digits is a
// number of its own: people who type a card or a phone number without
// separators don't continue it after a space, so "4111111111111111 100元"
// is a card and an amount, not one 19-digit number.
const standalone = 11

// token is a run of digits in s, or an already masked number (digits nil),
// which later passes leave alone so that masking is idempotent.
type token struct {
	start, end int    // byte offsets in s
	digits     []byte // ASCII digits
}

func mask(s string, want kinds) (string, bool) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	toks := tokens(s)
	var b strings.Builder
	last := 0
	found := false
	for i := 0; i < len(toks); {
		j := i + 1
		if toks[i].digits != nil && len(toks[i].digits) < standalone {
			for j < len(toks) && joined(s, toks[j-1], toks[j]) {
				j++
			}
		}
		start, end := toks[i].start, toks[j-1].end
		repl, n, isCard := classify(s, toks[i:j], want)
		i = j
		if repl == "" || labelled(s, start) {
			continue
		}
		found = found || isCard
		b.WriteString(s[last:start])
		b.WriteString(repl)
		last = end + n
	}
	if last == 0 {
		return s, found
	}
	b.WriteString(s[last:])
	return b.String(), found
}

// joined reports whether b continues the number a starts: both are short
// groups of digits with exactly one separator between them.
func joined(s string, a, b token) bool {
	if a.digits == nil || b.digits == nil || len(a.digits) >= standalone || len(b.digits) >= standalone {
		return false
	}
	r, w := utf8.DecodeRuneInString(s[a.end:])
	return isSep(r) && a.end+w == b.start
}

// classify returns the masked form of the number made of toks, if it is one
// of the wanted kinds, and how many bytes after the last token it covers
// (the X of an ID number).
func classify(s string, toks []token, want kinds) (repl string, extra int, card bool) {
	if toks[0].digits == nil {
		return "", 0, false
	}
	var d []byte
	for _, t := range toks {
		d = append(d, t.digits...)
	}
	end := toks[len(toks)-1].end
	// 17 digits and an X is an ID number, never a card.
	r, xw := utf8.DecodeRuneInString(s[end:])
	hasX := len(toks) == 1 && len(d) == 17 && (r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ')
	if hasX {
		r2, _ := utf8.DecodeRuneInString(s[end+xw:])
		if isASCIIAlnum(r2) || isDigitRune(r2) {
			return "", 0, false
		}
	}
	if want&maskIDs != 0 && len(toks) == 1 {
		if hasX && idLike(append(d, 'X')) {
			return string(d[:6]) + strings.Repeat("*", 8) + string(d[14:17]) + "X", xw, false
		}
		if len(d) == 18 && idLike(d) {
			return string(d[:6]) + strings.Repeat("*", 8) + string(d[14:]), 0, false
		}
	}
	if hasX {
		return "", 0, false
	}
	if want&maskMobiles != 0 && !(want&keepContact != 0 && contact(s, toks[0].start)) {
		if m, ok := mobile(d); ok {
			if len(d) == 13 {
				// Keep the country code apart so a second pass sees the
				// masked number on its own.
				return "86 " + m, 0, false
			}
			return m, 0, false
		}
	}
	if want&maskCards != 0 && isCard(d) {
		return string(d[:6]) + strings.Repeat("*", len(d)-10) + string(d[len(d)-4:]), 0, true
	}
	return "", 0, false
}

// IsCard reports whether digits (ASCII, nothing else) read as a bank card
// number: 13 to 19 digits passing the Luhn check, or a UnionPay number of
// 16 or more starting with 62. It is posbot's one card rule: what is
// masked is exactly what is never taken as a ticket field.
func IsCard(digits string) bool { return isCard([]byte(digits)) }

func isCard(d []byte) bool {
	n := len(d)
	if n < 13 || n > 19 {
		return false
	}
	return Luhn(string(d)) || (n >= 16 && d[0] == '6' && d[1] == '2')
}

func mobile(d []byte) (string, bool) {
	if len(d) == 13 && d[0] == '8' && d[1] == '6' {
		d = d[2:]
	}
	if len(d) != 11 || d[0] != '1' || d[1] < '3' {
		return "", false
	}
	return strings.Repeat("*", 7) + string(d[7:]), true
}

// contactWords, just before a mobile number, say it is the merchant's own
// number to be called back on.
var contactWords = []string{
	"联系电话", "联系方式", "我的电话", "我电话", "我的手机", "我手机", "我的号码", "我号码", "回电", "回拨",
	"打我", "打这个", "打给我", "call me", "call me on", "call me at", "my phone", "my number", "my mobile", "reach me",
}

// contact reports whether the number starting at byte start follows one of
// contactWords (within a few characters).
func contact(s string, start int) bool {
	lo := max(0, start-24)
	for lo > 0 && !utf8.RuneStart(s[lo]) {
		lo--
	}
	before := strings.ToLower(s[lo:start])
	for _, w := range contactWords {
		if strings.Contains(before, w) {
			return true
		}
	}
	return false
}

// idLike reports whether id (17 digits and a check character) reads as a
// resident ID number: a region code, then a real date of birth. The check
// character is not verified, so a mistyped or made-up number is masked too;
// the date keeps most other 18-digit numbers (order numbers) out.
func idLike(id []byte) bool {
	if len(id) != 18 || id[0] < '1' || id[0] > '8' {
		return false
	}
	year := atoi(id[6:10])
	month, day := atoi(id[10:12]), atoi(id[12:14])
	if year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 {
		return false
	}
	return day <= time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func atoi(d []byte) int {
	n := 0
	for _, c := range d {
		n = n*10 + int(c-'0')
	}
	return n
}

// tokens finds the runs of digits in s and the numbers already masked.
func tokens(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !isDigitRune(r) {
			i += w
			continue
		}
		if end := maskedAt(s, i); end > 0 {
			toks = append(toks, token{start: i, end: end})
			i = end
			continue
		}
		t := token{start: i}
		for i < len(s) {
			r, w := utf8.DecodeRuneInString(s[i:])
			if !isDigitRune(r) {
				break
			}
			t.digits = append(t.digits, digitValue(r))
			i += w
		}
		t.end = i
		toks = append(toks, t)
	}
	return toks
}

// maskedAt returns the end of the masked number starting at i, as this
// package writes them (622202******7890, 110101********1234, and the older 110***********1234 and 138****5678),
// or 0.
func maskedAt(s string, i int) int {
	head := countASCIIDigits(s[i:])
	stars := 0
	for i+head+stars < len(s) && s[i+head+stars] == '*' {
		stars++
	}
	j := i + head + stars
	tail := countASCIIDigits(s[j:])
	end := j + tail
	if tail == 3 && end < len(s) && (s[end] == 'X' || s[end] == 'x') {
		tail, end = 4, end+1
	} else if tail == 4 && end < len(s) && (s[end] == 'X' || s[end] == 'x') {
		return 0
	}
	if tail != 4 {
		return 0
	}
	if r, _ := utf8.DecodeRuneInString(s[end:]); isDigitRune(r) {
		return 0
	}
	xTail := s[end-1] == 'X' || s[end-1] == 'x'
	switch {
	case head == 6 && stars >= 3 && stars <= 9 && !xTail:
	case head == 3 && stars == 4 && !xTail:
	case head == 3 && stars == 11:
	case head == 6 && stars == 8: // a resident ID number, X or not
	default:
		return 0
	}
	return end
}

func countASCIIDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

func isDigitRune(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= '０' && r <= '９')
}

func digitValue(r rune) byte {
	if r >= '０' {
		return byte('0' + r - '０')
	}
	return byte(r)
}

func isSep(r rune) bool {
	switch r {
	case ' ', '-', '\u00a0', '\u3000', '－':
		return true
	}
	return false
}

func isASCIIAlnum(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

// labels mark numbers a support agent needs and that are not cards even
// when they pass the Luhn check by chance: a 15-digit merchant number does
// one time in ten. They are matched in simplified Chinese, lower case.
var labels = []string{
	"商户号", "商户编号", "商户代码", "商户编码", "商编", "终端号", "终端编号", "终端代码",
	"参考号", "凭证号", "流水号", "单号", "交易号", "批次号", "授权码",
	"金额", "日期", "时间", "¥", "￥", "rmb", "cny",
	"mid", "tid", "merchant no", "merchant id", "terminal no", "terminal id",
	"ref", "rrn", "order", "order no", "order id", "batch", "amount", "date",
}

// labelSkip may stand between a label and its number: "商户号：", "终端号 是".
func labelSkip(r rune) bool {
	switch r {
	case ' ', '\t', '\u00a0', '\u3000', ':', '：', '#', '=', '是', '为', '為', '.', '(', '（':
		return true
	}
	return false
}

// traditional maps the traditional characters of the labels.
var traditional = strings.NewReplacer(
	"號", "号", "戶", "户", "終", "终", "編", "编", "參", "参", "憑", "凭", "證", "证",
	"單", "单", "訂", "订", "額", "额", "間", "间", "時", "时", "權", "权", "碼", "码",
)

// Labelled reports whether the number starting at byte start of s is
// directly preceded by a label (商户号, 终端号, MID, 参考号 …): such a
// number is never masked, and so never refused as a card either.
func Labelled(s string, start int) bool { return labelled(s, start) }

// labelled reports whether the number starting at byte start is directly
// preceded by a label.
func labelled(s string, start int) bool {
	i := start
	for skipped := 0; i > 0 && skipped < 4; skipped++ {
		r, w := utf8.DecodeLastRuneInString(s[:i])
		if !labelSkip(r) {
			break
		}
		i -= w
	}
	// The longest label is 11 bytes of ASCII.
	j := i
	for n := 0; j > 0 && n < 11; n++ {
		_, w := utf8.DecodeLastRuneInString(s[:j])
		j -= w
	}
	before := strings.ToLower(traditional.Replace(s[j:i]))
	for _, l := range labels {
		if strings.HasSuffix(before, l) {
			return true
		}
	}
	return false
}
