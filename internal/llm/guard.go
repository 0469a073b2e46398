package llm

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/assistant"
)

// GuardError says why a model's reply was not sent.
type GuardError struct{ Reason string }

func (e *GuardError) Error() string { return "llm: reply rejected: " + e.Reason }

// FallbackReason classifies the error for metrics.
func (e *GuardError) FallbackReason() assistant.FallbackReason { return assistant.FallbackGuard }

var (
	guardPhone  = regexp.MustCompile(`(?:\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}|400[- ]?[0-9]{3}[- ]?[0-9]{4}|800[- ]?[0-9]{3}[- ]?[0-9]{4}|0[0-9]{2,3}[- ][0-9]{7,8}|\b95[0-9]{3,4}\b`)
	guardURL    = regexp.MustCompile(`(?i)https?://\S+|www\.\S+|\b[a-z0-9-]+\.(?:com|cn|net|org|cc|top|vip|xyz|io)\b\S*`)
	guardAmount = regexp.MustCompile(`(?i)(?:¥|￥|rmb\s*)\s*([0-9][0-9,]*(?:\.[0-9]+)?)|([0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:元|块|万|千|yuan|rmb)`)
	guardPct    = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)\s*(?:%|％)`)
	nonDigits   = regexp.MustCompile(`[^0-9]`)
)

// Check rejects a reply that is empty, far longer than its sources, or that
// brings in a phone number, a web address, an amount or a percentage found
// in none of sources (the articles and the merchant's own question): the
// web material posbot started from was full of invented hotlines and fees.
func Check(reply string, sources []string) error {
	reply = strings.TrimSpace(reply)
	if reply == "" {
		return &GuardError{"empty"}
	}
	all := strings.Join(sources, "\n")
	longest := 0
	for _, s := range sources {
		longest = max(longest, utf8.RuneCountInString(s))
	}
	if n := utf8.RuneCountInString(reply); n > longest*3/2+200 {
		return &GuardError{fmt.Sprintf("%d characters, the longest source has %d", n, longest)}
	}
	digits := nonDigits.ReplaceAllString(all, "")
	for _, m := range guardPhone.FindAllString(reply, -1) {
		if !strings.Contains(digits, nonDigits.ReplaceAllString(m, "")) {
			return &GuardError{"phone number not in the articles: " + m}
		}
	}
	lowerAll := strings.ToLower(all)
	for _, m := range guardURL.FindAllString(reply, -1) {
		if !strings.Contains(lowerAll, strings.ToLower(strings.TrimRight(m, ".,;:!?)，。；：！？）"))) {
			return &GuardError{"web address not in the articles: " + m}
		}
	}
	numbers := numberSet(all)
	for _, m := range guardAmount.FindAllStringSubmatch(reply, -1) {
		n := m[1] + m[2]
		if !numbers[normNum(n)] {
			return &GuardError{"amount not in the articles: " + m[0]}
		}
	}
	for _, m := range guardPct.FindAllStringSubmatch(reply, -1) {
		if !numbers[normNum(m[1])] {
			return &GuardError{"percentage not in the articles: " + m[0]}
		}
	}
	return nil
}

var anyNumber = regexp.MustCompile(`[0-9][0-9,]*(?:\.[0-9]+)?`)

func numberSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, n := range anyNumber.FindAllString(s, -1) {
		out[normNum(n)] = true
	}
	return out
}

// normNum makes "1,000.50" and "1000.5" the same number.
func normNum(n string) string {
	n = strings.ReplaceAll(n, ",", "")
	if strings.Contains(n, ".") {
		n = strings.TrimRight(strings.TrimRight(n, "0"), ".")
	}
	return n
}
