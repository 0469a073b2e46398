package llm

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/redact"
	"github.com/posbot/posbot/internal/textnorm"
)

// GuardError says why a model's reply was not sent.
type GuardError struct{ Reason string }

func (e *GuardError) Error() string { return "llm: reply rejected: " + e.Reason }

// FallbackReason classifies the error for metrics.
func (e *GuardError) FallbackReason() assistant.FallbackReason { return assistant.FallbackGuard }

// Grounds is what a reply is checked against.
type Grounds struct {
	// Sources are the merchant's question and the articles: a phone number,
	// address, contact, amount or rate found in one of them may be repeated.
	Sources []string
	// System is the rendered system prompt, which a reply must not quote.
	System string
}

// Check rejects a reply that is empty, far longer than its sources, quotes
// the system prompt, asks for a PIN, CVV or SMS code, or brings in a phone
// number, a web address, a contact handle, an amount or a rate found in none
// of the sources: the web material posbot started from was full of invented
// hotlines, fees and "add me on WeChat". The reply is normalised first
// (full-width characters, Chinese numerals, rates in words), the sources
// too, so a fact written another way is still caught, or still grounded.
func Check(reply string, g Grounds) error {
	reply = strings.TrimSpace(reply)
	if reply == "" {
		return &GuardError{"empty"}
	}
	if err := checkLength(reply, g.Sources); err != nil {
		return err
	}
	facts, src := normalize(reply), newGrounding(g.Sources)
	for _, check := range []func(string, *grounding) error{
		checkPhones, checkLinks, checkContacts, checkAmounts, checkRates,
	} {
		if err := check(facts, src); err != nil {
			return err
		}
	}
	// Words, not numbers, from here: "报一下验证码" must not become "报1下".
	words := fold(reply)
	if err := checkSecretRequests(words); err != nil {
		return err
	}
	return checkPromptLeak(words, g.System, src)
}

func checkLength(reply string, sources []string) error {
	longest := 0
	for _, s := range sources {
		longest = max(longest, utf8.RuneCountInString(s))
	}
	if n := utf8.RuneCountInString(reply); n > longest*3/2+200 {
		return &GuardError{fmt.Sprintf("%d characters, the longest source has %d", n, longest)}
	}
	return nil
}

// grounding is the sources in the forms the checks compare with.
type grounding struct {
	lower   string          // normalised, lower case
	folded  string          // textnorm.Fold without spaces, for quotes
	numbers map[string]bool // every number; for "5万" both 5 and 50000
	digits  []string        // every run of digits, separators dropped
}

func newGrounding(sources []string) *grounding {
	all := normalize(strings.Join(sources, "\n"))
	g := &grounding{
		lower:   strings.ToLower(all),
		folded:  foldForQuotes(strings.Join(sources, "\n")),
		numbers: map[string]bool{},
	}
	for _, m := range anyNumber.FindAllStringSubmatch(all, -1) {
		g.numbers[normNum(m[1])] = true
		if m[2] != "" {
			g.numbers[scaleUp(m[1], m[2])] = true
		}
	}
	for _, m := range digitRun.FindAllString(all, -1) {
		g.digits = append(g.digits, onlyDigits(m))
	}
	return g
}

func (g *grounding) has(s string) bool { return strings.Contains(g.lower, strings.ToLower(s)) }

func (g *grounding) hasDigits(d string) bool {
	for _, s := range g.digits {
		if strings.Contains(s, d) {
			return true
		}
	}
	return false
}

var (
	anyNumber = regexp.MustCompile(`(\d[\d,]*(?:\.\d+)?)\s*([千万亿]?)`)
	// digitRun is digits with spaces or dashes between them: seven or more
	// are a phone number however they are grouped ("1391 2345 678").
	digitRun   = regexp.MustCompile(`\+?\d(?:[ \t\-–—]{0,3}\d)*`)
	serviceNum = regexp.MustCompile(`\b95\d{3,4}\b`)
	rangeDash  = regexp.MustCompile(`^(\d{1,6})\s*[-–—]\s*(\d{1,6})$`)
	nonDigits  = regexp.MustCompile(`[^0-9]`)
)

func onlyDigits(s string) string { return nonDigits.ReplaceAllString(s, "") }

// phoneDigits is the number without separators or the +86 / 0086 prefix.
func phoneDigits(m string) string {
	d := onlyDigits(m)
	switch {
	case strings.HasPrefix(m, "+86"):
		return d[2:]
	case strings.HasPrefix(d, "0086") && len(d) > 11:
		return d[4:]
	}
	return d
}

func checkPhones(reply string, g *grounding) error {
	for _, m := range digitRun.FindAllString(reply, -1) {
		d := phoneDigits(m)
		if len(d) < 7 || g.hasDigits(d) || g.isRange(m) {
			continue
		}
		return &GuardError{"phone number not in the articles: " + redact.All(m)}
	}
	for _, m := range serviceNum.FindAllString(reply, -1) {
		if !g.hasDigits(m) {
			return &GuardError{"phone number not in the articles: " + m}
		}
	}
	return nil
}

// isRange tells "1000-5000" (two numbers from the sources) from a phone
// number written with a dash.
func (g *grounding) isRange(m string) bool {
	r := rangeDash.FindStringSubmatch(strings.TrimSpace(m))
	return r != nil && g.numbers[normNum(r[1])] && g.numbers[normNum(r[2])]
}

var (
	scheme = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[\x21-\x7e]*`)
	// domain is any word.tld, the tld of two letters or more: no list of
	// tlds keeps up with .shop, .top or .xyz. Decimals (0.38) and e.g. never
	// match: the last label is letters, two or more.
	domain = regexp.MustCompile(`(?i)\b(?:[a-z0-9_-]+\.)+[a-z]{2,63}\b`)
	stepNo = regexp.MustCompile(`^\d{1,2}\.[a-z]+$`)
)

func checkLinks(reply string, g *grounding) error {
	for _, m := range scheme.FindAllString(reply, -1) {
		if m = strings.TrimRight(m, ".,;:!?)]}>'\""); !g.has(m) {
			return &GuardError{"web address not in the articles: " + m}
		}
	}
	for _, ix := range domain.FindAllStringIndex(reply, -1) {
		if m := reply[ix[0]:ix[1]]; !isStep(reply, ix[0], ix[1]) && !g.has(m) {
			return &GuardError{"web address not in the articles: " + m}
		}
	}
	return nil
}

// isStep reports whether reply[start:end] is an English numbered step typed
// without a space, "1.Restart the terminal", rather than a domain such as
// "58.com", which is not followed by more English.
func isStep(reply string, start, end int) bool {
	if !stepNo.MatchString(reply[start:end]) || start > 0 && !strings.ContainsAny(reply[start-1:start], " \n") {
		return false
	}
	rest := reply[end:]
	return len(rest) > 1 && rest[0] == ' ' && 'a' <= rest[1] && rest[1] <= 'z'
}

const platforms = `微信|薇信|威信|徽信|v信|vx|wx|weixin|wechat|qq|扣扣|企鹅|飞机|纸飞机|\btg\b|telegram|电报|whatsapp|支付宝|alipay`

var (
	// contact is a messaging platform, then an account: "加微信 posbot_kefu888",
	// "QQ：12345678", "加V kefu88", "企鹅 20240101".
	contact = regexp.MustCompile(`(?i)((?:加|添加|联系|搜|找|\+|➕)\s*(?:我|我们|客服|一下)?\s*的?\s*)?` +
		`(` + platforms + `|v|微)\s*(号码|号|账号|id|群号|群|搜索|搜)?\s*([:=]|是|为)?\s*` +
		`([a-z0-9][a-z0-9_-]{4,})`)
	handle = regexp.MustCompile(`(?i)(?:^|[^a-z0-9_.@])@([a-z][a-z0-9_]{4,31})`)
)

func checkContacts(reply string, g *grounding) error {
	for _, m := range contact.FindAllStringSubmatch(reply, -1) {
		added, platform, marked, id := m[1] != "", m[2], m[3] != "" || m[4] != "", m[5]
		if !added && (strings.EqualFold(platform, "v") || platform == "微") {
			continue // a bare V or 微 is a contact only after 加: "加V"
		}
		if !added && !marked && !strings.ContainsAny(id, "0123456789_-") {
			continue // "WeChat merchant platform"
		}
		if !g.has(id) {
			return &GuardError{"contact not in the articles: " + m[0]}
		}
	}
	for _, m := range handle.FindAllStringSubmatch(reply, -1) {
		if !g.has("@" + m[1]) {
			return &GuardError{"contact not in the articles: @" + m[1]}
		}
	}
	return nil
}

var (
	amount = regexp.MustCompile(`(?i)(?:[¥$]|rmb|cny)\s*(\d[\d,]*(?:\.\d+)?)\s*([千万亿]?)` +
		`|(\d[\d,]*(?:\.\d+)?)\s*([千万亿]?)\s*(?:[美港日欧澳]?[元圆]|块钱|块|毛|美金|港币|yuan|rmb|cny|dollars?)` +
		`|(\d[\d,]*(?:\.\d+)?)\s*([千万亿])`)
	percent = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*%`)
)

func checkAmounts(reply string, g *grounding) error {
	for _, ix := range amount.FindAllStringSubmatchIndex(reply, -1) {
		m := reply[ix[0]:ix[1]]
		if strings.HasSuffix(m, "块") && strings.HasPrefix(reply[ix[1]:], "儿") {
			continue // 一块儿: together
		}
		if v := amountValue(reply, ix); !g.numbers[v] {
			return &GuardError{"amount not in the articles: " + m}
		}
	}
	return nil
}

// amountValue is the number an amount match stands for, its 千, 万 or 亿
// applied, from whichever of amount's three forms matched.
func amountValue(s string, ix []int) string {
	for g := 1; g <= 5; g += 2 {
		if n := ix[2*g]; n >= 0 {
			return scaleUp(s[n:ix[2*g+1]], s[ix[2*g+2]:ix[2*g+3]])
		}
	}
	return ""
}

func checkRates(reply string, g *grounding) error {
	for _, m := range percent.FindAllStringSubmatch(reply, -1) {
		if !g.numbers[normNum(m[1])] {
			return &GuardError{"percentage not in the articles: " + m[0]}
		}
	}
	return nil
}

// quoteRun is how many characters (spaces aside) a reply may share with the
// system prompt before it counts as quoting it, unless the sources share
// them too.
const quoteRun = 20

func checkPromptLeak(reply, system string, g *grounding) error {
	if strings.Contains(reply, strings.ToLower(NoAnswer)) { // reply is folded
		return &GuardError{"reply contains " + NoAnswer + " among other text"}
	}
	if delimiter.MatchString(reply) {
		return &GuardError{"reply contains the prompt's delimiter"}
	}
	if system == "" {
		return nil
	}
	if q := sharedRun(foldForQuotes(reply), foldForQuotes(system), g.folded); q != "" {
		return &GuardError{"reply quotes the system prompt: " + q}
	}
	return nil
}

func foldForQuotes(s string) string { return strings.ReplaceAll(textnorm.Fold(s), " ", "") }

// sharedRun returns the first quoteRun characters of reply found in system
// but not in sources.
func sharedRun(reply, system, sources string) string {
	rs := []rune(reply)
	for i := 0; i+quoteRun <= len(rs); i++ {
		w := string(rs[i : i+quoteRun])
		if strings.Contains(system, w) && !strings.Contains(sources, w) {
			return w
		}
	}
	return ""
}
