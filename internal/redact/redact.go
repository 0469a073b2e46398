// Package redact masks payment data in free text: card numbers (PCI DSS
// allows at most the first 6 and last 4 digits to be shown), and, for text
// leaving posbot, Chinese resident ID numbers and mobile numbers.
//
// Masking works on the text as typed; full-width digits are read as digits.
package redact

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// digitRun finds runs of digits with single spaces or dashes between them,
// the way card numbers are written. Full-width digits count.
var digitRun = regexp.MustCompile(`[0-9０-９](?:[ \-]?[0-9０-９])*`)

// labels before a number say it is not a card: merchant, terminal,
// reference, voucher, order and batch numbers.
var labels = regexp.MustCompile(`(?:商户号|商户编号|商户编码|商编|终端号|终端编号|参考号|检索参考号|凭证号|流水号|订单号|交易单号|商户单号|交易号|批次号|授权码|merchant\s*(?:no|id|number)|terminal\s*(?:no|id|number)|order\s*(?:no|id|number)|ref(?:erence)?\s*(?:no|number)?)\s*[:：#]?\s*$`)

// digitsOf returns the ASCII digits of s, full-width ones folded.
func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		}
	}
	return b.String()
}

// Luhn reports whether digits passes the Luhn check.
func Luhn(digits string) bool {
	if len(digits) < 2 {
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

var mobileDigits = regexp.MustCompile(`^861[3-9][0-9]{9}$`)

// isCard reports whether a run of digits is a card number.
func isCard(d string) bool {
	n := len(d)
	switch {
	case mobileDigits.MatchString(d):
		return false // +86 and a mobile number happen to pass Luhn one time in ten
	case n >= 16 && n <= 19 && strings.HasPrefix(d, "62"):
		return true // UnionPay: some pass no Luhn check
	case n >= 13 && n <= 19:
		return Luhn(d)
	}
	return false
}

func labelled(s string, start int) bool {
	before := s[:start]
	if len(before) > 40 {
		before = before[len(before)-40:]
		for !utf8.ValidString(before) {
			before = before[1:]
		}
	}
	return labels.MatchString(strings.ToLower(before))
}

// cards returns the byte ranges of the card numbers in s.
func cards(s string) [][2]int {
	var out [][2]int
	for _, m := range digitRun.FindAllStringIndex(s, -1) {
		run := s[m[0]:m[1]]
		d := digitsOf(run)
		if isCard(d) && !labelled(s, m[0]) {
			out = append(out, [2]int{m[0], m[1]})
			continue
		}
		// A card number written next to other digits with a separator
		// ("0 4111…", a date after it) is still found: try every sequence
		// of whole groups.
		if len(d) > 19 {
			out = append(out, groupCards(s, m[0], m[1])...)
		}
	}
	return out
}

// groupCards finds card numbers made of whole digit groups inside the run
// s[start:end].
func groupCards(s string, start, end int) [][2]int {
	type group struct{ from, to int }
	var gs []group
	for i := start; i < end; {
		j := i
		for j < end && s[j] != ' ' && s[j] != '-' {
			_, size := utf8.DecodeRuneInString(s[j:])
			j += size
		}
		gs = append(gs, group{i, j})
		i = j + 1
	}
	var out [][2]int
	for i := 0; i < len(gs); i++ {
		acc := ""
		for j := i; j < len(gs); j++ {
			acc += digitsOf(s[gs[j].from:gs[j].to])
			if len(acc) > 19 {
				break
			}
			if isCard(acc) && !labelled(s, gs[i].from) {
				out = append(out, [2]int{gs[i].from, gs[j].to})
				i = j
				break
			}
		}
	}
	return out
}

// mask keeps the first keep and last tail digits of d.
func mask(d string, keep, tail int) string {
	if len(d) <= keep+tail {
		return strings.Repeat("*", len(d))
	}
	return d[:keep] + strings.Repeat("*", len(d)-keep-tail) + d[len(d)-tail:]
}

func replace(s string, spans [][2]int, with func(run string) string) string {
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp[0]])
		b.WriteString(with(s[sp[0]:sp[1]]))
		last = sp[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// Cards masks every card number in s, keeping its first 6 and last 4
// digits: "6222 0212 3456 7890" becomes "622202******7890". A card number is
// 13–19 digits (single spaces or dashes allowed) passing the Luhn check, or
// 16–19 digits starting with 62. Numbers labelled as merchant, terminal,
// reference, voucher or order numbers are left alone.
func Cards(s string) string {
	return replace(s, cards(s), func(run string) string { return mask(digitsOf(run), 6, 4) })
}

// HasCard reports whether s holds a card number Cards would mask.
func HasCard(s string) bool { return len(cards(s)) > 0 }

var (
	idNumber = regexp.MustCompile(`[1-9０-９][0-9０-９]{16}[0-9０-９Xx]`)
	mobile   = regexp.MustCompile(`(?:\+?86[ \-]?)?1[3-9][0-9]{9}`)
)

// bounded keeps matches not glued to other digits.
func bounded(s string, spans [][]int) [][2]int {
	var out [][2]int
	for _, m := range spans {
		if m[0] > 0 {
			if r, _ := utf8.DecodeLastRuneInString(s[:m[0]]); isDigit(r) {
				continue
			}
		}
		if m[1] < len(s) {
			if r, _ := utf8.DecodeRuneInString(s[m[1]:]); isDigit(r) {
				continue
			}
		}
		out = append(out, [2]int{m[0], m[1]})
	}
	return out
}

func isDigit(r rune) bool { return (r >= '0' && r <= '9') || (r >= '０' && r <= '９') }

// All masks card numbers, resident ID numbers (first 3 and last 4 kept:
// "110***********1234") and mobile numbers ("138****5678"): everything a
// merchant may type that must not leave posbot, e.g. to a language model.
func All(s string) string {
	s = Cards(s)
	s = replace(s, bounded(s, idNumber.FindAllStringIndex(s, -1)), func(run string) string {
		r := []rune(run)
		return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
	})
	s = replace(s, bounded(s, mobile.FindAllStringIndex(s, -1)), func(run string) string {
		d := digitsOf(run)
		d = d[len(d)-11:]
		return d[:3] + "****" + d[7:]
	})
	return s
}
