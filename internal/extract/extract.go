// Package extract reads the particulars of a payment problem out of a
// merchant's free text: merchant and terminal numbers, the day and time,
// the amount, how the customer paid, the response code and the receipt's
// reference. It is pure: text in, Fields out, nothing stored or sent.
package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/redact"
	"github.com/posbot/posbot/internal/textnorm"
)

// Fields are the particulars of a payment problem a support agent needs.
type Fields struct {
	MerchantNo string `json:"merchant_no,omitempty"` // 商户号, 15 characters (digits, sometimes letters)
	TerminalNo string `json:"terminal_no,omitempty"` // 终端号, 8 characters
	Date       string `json:"date,omitempty"`        // YYYY-MM-DD (receipts carry no year: resolved from now)
	Time       string `json:"time,omitempty"`        // HH:MM, 24-hour
	Amount     string `json:"amount,omitempty"`      // yuan with two decimals, "520.00"
	PayMethod  string `json:"pay_method,omitempty"`  // card, wechat, alipay, unionpay_qr, or qr (wallet unknown)
	Code       string `json:"code,omitempty"`        // POS response code (2 characters, upper case) or the text on the screen
	// Reference is 参考号 (12 digits), 凭证号 (6 digits) or a QR order
	// number, prefixed "参考号:", "凭证号:" or "订单号:" so agents know which.
	Reference string `json:"reference,omitempty"`
}

// Extract finds the fields present in a merchant's free text; fields not
// present stay empty. now resolves dates given without a year or relative
// to today (今天, 昨天, 上周五, 3月8号, 11.20, 11/20) to the most recent such
// day not in the future. A card number is never taken as any field.
func Extract(text string, now time.Time) Fields {
	x := newExtraction(text, now)
	x.cards()
	x.labelled()
	x.unlabelled()
	x.date()
	x.time()
	x.code()
	x.amount()
	x.payMethod()
	return x.f
}

// extraction reads one message. It works on a normalised copy (half-width
// digits and punctuation, simplified characters, one rune for each rune of
// the original) and marks what each field took, so that a number serves
// only one field: "3点" is a time, "3月" a month, neither an amount.
type extraction struct {
	orig string
	n    string
	pos  []int // byte offset in orig of each byte of n, and len(orig) at the end
	used []bool
	now  time.Time
	f    Fields
}

func newExtraction(text string, now time.Time) *extraction {
	text = strings.ToValidUTF8(text, "\uFFFD")
	x := &extraction{orig: text, now: now}
	var b strings.Builder
	b.Grow(len(text))
	for i, r := range text {
		r = normRune(r)
		start := b.Len()
		b.WriteRune(r)
		for range b.Len() - start {
			x.pos = append(x.pos, i)
		}
	}
	x.pos = append(x.pos, len(text))
	x.n = b.String()
	x.used = make([]bool, len(x.n))
	return x
}

// normRune folds one rune the way merchants' variants need: full-width
// forms to ASCII, any space to ' ', a traditional character to its
// simplified form.
func normRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == '￥':
		return '¥'
	case unicode.IsSpace(r):
		return ' '
	case unicode.Is(unicode.Han, r):
		s := textnorm.Fold(string(r))
		if f, size := utf8.DecodeRuneInString(s); size == len(s) && size > 0 && unicode.Is(unicode.Han, f) {
			return f
		}
	}
	return r
}

func (x *extraction) free(i, j int) bool {
	for k := i; k < j; k++ {
		if x.used[k] {
			return false
		}
	}
	return true
}

func (x *extraction) take(i, j int) {
	for k := i; k < j; k++ {
		x.used[k] = true
	}
}

// origText returns the original text of n[i:j].
func (x *extraction) origText(i, j int) string {
	return x.orig[x.pos[i]:x.pos[j]]
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func isAlnumByte(c byte) bool {
	return isDigitByte(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// digitRun returns the end of the run of ASCII digits starting at i.
func (x *extraction) digitRun(i int) int {
	for i < len(x.n) && isDigitByte(x.n[i]) {
		i++
	}
	return i
}

// wholeRun reports whether n[i:j] is not glued to more digits.
func (x *extraction) wholeRun(i, j int) bool {
	return (i == 0 || !isDigitByte(x.n[i-1])) && (j == len(x.n) || !isDigitByte(x.n[j]))
}

// cardLike is what must never become a field: what redact masks.
func cardLike(d string) bool { return redact.IsCard(d) }

// hasCardRun reports whether s holds a card-like run of digits.
func hasCardRun(s string) bool {
	var run []byte
	for _, r := range s + "\x00" {
		if r >= '０' && r <= '９' {
			r -= '０' - '0'
		}
		if r >= '0' && r <= '9' {
			run = append(run, byte(r))
			continue
		}
		if cardLike(string(run)) {
			return true
		}
		run = run[:0]
	}
	return false
}

// cards takes card numbers, whole or masked, out of play.
func (x *extraction) cards() {
	for i := 0; i < len(x.n); {
		if !isDigitByte(x.n[i]) {
			i++
			continue
		}
		j := x.digitRun(i)
		if (i > 0 && x.n[i-1] == '*') || (j < len(x.n) && x.n[j] == '*') || cardLike(x.n[i:j]) && !redact.Labelled(x.n, i) {
			x.take(i, j)
		}
		i = j
	}
	// Spaced or dashed: "6222 0212 3456 7890".
	for _, m := range reCardGroups.FindAllStringIndex(x.n, -1) {
		if !x.wholeRun(m[0], m[1]) {
			continue
		}
		d := strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' {
				return -1
			}
			return r
		}, x.n[m[0]:m[1]])
		if cardLike(d) && !redact.Labelled(x.n, m[0]) {
			x.take(m[0], m[1])
		}
	}
}

var reCardGroups = regexp.MustCompile(`\d{1,10}(?:[ -]\d{1,10}){1,6}`)

// Labels before the identifiers on a receipt and in merchants' messages,
// matched on the normalised text.
var (
	reIDLabel = regexp.MustCompile(`(?i)(商户(?:编号|号码|号|代码|id|编码)|商编|\bmid|merchant\s*(?:no\.?|id|number|code)` +
		`|终端(?:编号|号码|号|代码|id|编码)|\btid|terminal\s*(?:no\.?|id|number|code)` +
		`|(?:检索|系统)?参考号码?|\bref(?:erence)?\s*(?:no\.?)?|\brrn` +
		`|凭证号码?|凭证|(?:交易)?流水号|\btrace\s*(?:no\.?)?` +
		`|(?:商户|交易|支付|微信|支付宝)?订单(?:编)?号|(?:商户|交易|支付)单号|交易号|单号|\border\s*(?:no\.?|id)?|transaction\s*id` +
		`|批次号|授权码|卡号|尾号|[后末](?:四|4)位|手机号?|电话|身份证号?)`)
	reLabelSkip = regexp.MustCompile(`^[\s:=#是为]*`)
	reIDValue   = regexp.MustCompile(`^[0-9A-Za-z]+(?:[ -][0-9A-Za-z]+)*`)
)

// labelled reads the identifiers that follow their labels.
func (x *extraction) labelled() {
	for _, m := range reIDLabel.FindAllStringIndex(x.n, -1) {
		lbl := strings.ToLower(x.n[m[0]:m[1]])
		start := m[1] + len(reLabelSkip.FindString(x.after(m[1], 16)))
		v := reIDValue.FindString(x.after(start, 80))
		if v == "" || !x.free(start, start+len(v)) {
			continue
		}
		switch {
		case strings.Contains(lbl, "商户") && !strings.Contains(lbl, "单") || lbl == "商编" || lbl == "mid" || strings.HasPrefix(lbl, "merchant"):
			if id, n := fixedID(v, 15, 6); n > 0 {
				x.take(start, start+n)
				if x.f.MerchantNo == "" {
					x.f.MerchantNo = id
				}
			}
		case strings.HasPrefix(lbl, "终端") || lbl == "tid" || strings.HasPrefix(lbl, "terminal"):
			if id, n := fixedID(v, 8, 1); n > 0 {
				x.take(start, start+n)
				if x.f.TerminalNo == "" {
					x.f.TerminalNo = id
				}
			}
		default:
			// Reference-like numbers are typed without separators.
			v = v[:len(reAlnum.FindString(v))]
			if !x.wholeAlnum(start, start+len(v)) {
				continue
			}
			x.take(start, start+len(v))
			x.reference(lbl, v)
		}
	}
}

var reAlnum = regexp.MustCompile(`^[0-9A-Za-z]*`)

func (x *extraction) wholeAlnum(i, j int) bool {
	return i < j && (i == 0 || !isAlnumByte(x.n[i-1])) && (j == len(x.n) || !isAlnumByte(x.n[j]))
}

// fixedID reads an identifier of exactly size characters, possibly typed in
// groups ("898 4401 5399 0123"), with at least minDigits digits. It returns
// the identifier in upper case and how many bytes of v it used.
func fixedID(v string, size, minDigits int) (string, int) {
	var id []byte
	for i := 0; i <= len(v); i++ {
		if i < len(v) && v[i] != ' ' && v[i] != '-' {
			id = append(id, v[i])
			continue
		}
		// The end of a group.
		if len(id) > size {
			return "", 0
		}
		if len(id) == size {
			digits := 0
			for _, c := range id {
				if isDigitByte(c) {
					digits++
				}
			}
			if digits < minDigits {
				return "", 0
			}
			return strings.ToUpper(string(id)), i
		}
	}
	return "", 0
}

// reference keeps the first reference of each kind; a 参考号 identifies a
// card transaction across the acquirer, an order number a QR payment, a
// 凭证号 only within one terminal's batch, so that is the order of trust.
func (x *extraction) reference(lbl, v string) {
	digits := strings.Trim(v, "0123456789") == ""
	var kind string
	switch {
	case strings.Contains(lbl, "参考") || strings.HasPrefix(lbl, "ref") || lbl == "rrn":
		if len(v) == 12 && strings.IndexAny(v, "0123456789") >= 0 {
			kind = "参考号:"
		}
	case strings.Contains(lbl, "凭证") || strings.Contains(lbl, "流水") || strings.HasPrefix(lbl, "trace"):
		if digits && len(v) == 6 {
			kind = "凭证号:"
		} else if digits && len(v) >= 20 && len(v) <= 32 {
			kind = "订单号:"
		}
	case strings.Contains(lbl, "单") || strings.Contains(lbl, "交易号") || strings.HasPrefix(lbl, "order") || strings.HasPrefix(lbl, "transaction"):
		if len(v) >= 10 && len(v) <= 32 && strings.IndexAny(v, "0123456789") >= 0 && !hasCardRun(v) {
			kind = "订单号:"
		}
	}
	if kind == "" {
		return
	}
	rank := map[string]int{"参考号:": 3, "订单号:": 2, "凭证号:": 1}
	cur, _, _ := strings.Cut(x.f.Reference, ":")
	if x.f.Reference == "" || rank[kind] > rank[cur+":"] {
		x.f.Reference = kind + strings.ToUpper(v)
	}
}

// unlabelled recognises identifiers by their shape: a 28-digit WeChat Pay
// (42…) or Alipay (yyyyMMdd…) number, a 15-digit merchant number. Any other
// long run of digits is set aside so it cannot become an amount.
func (x *extraction) unlabelled() {
	for i := 0; i < len(x.n); {
		if !isDigitByte(x.n[i]) {
			i++
			continue
		}
		j := x.digitRun(i)
		d := x.n[i:j]
		if x.free(i, j) && len(d) >= 10 {
			x.take(i, j)
			switch {
			case len(d) == 28 && (strings.HasPrefix(d, "42") || isYMD(d[:8])):
				x.reference("订单号", d)
			case len(d) == 15 && !redact.Luhn(d) && x.f.MerchantNo == "":
				// Cards would mask a Luhn-valid one; it may be an Amex card.
				x.f.MerchantNo = d
			}
		}
		i = j
	}
}

func isYMD(s string) bool {
	t, err := time.Parse("20060102", s)
	return err == nil && t.Year() >= 2000
}

// Dates, matched on the normalised text.
var (
	reFullDate  = regexp.MustCompile(`(\d{4}|\d{2}) ?[-/.年] ?(\d{1,2}) ?[-/.月] ?(\d{1,2})(?: ?[日号])?`)
	reMonthDay  = regexp.MustCompile(`(\d{1,2}) ?月 ?(\d{1,2})(?: ?[日号])?`)
	reSlashDate = regexp.MustCompile(`(\d{1,2})/(\d{1,2})`)
	reDotDate   = regexp.MustCompile(`(\d{1,2})\.(\d{1,2})`)
	reDayOnly   = regexp.MustCompile(`(\d{1,2}) ?[日号]`)
	reRelDay    = regexp.MustCompile(`大前天|前天|前晚|前日|昨天|昨日|昨晚|昨夜|昨早|昨儿|今天|今日|今早|今晚|今儿|刚才|刚刚`)
	reWeekday   = regexp.MustCompile(`(上上|上|这|本)?(?:周|星期|礼拜)([一二三四五六日天1-7])`)
	// A number followed by one of these is money, not a month and day.
	reMoneyAfter = regexp.MustCompile(`(?i)^ ?(?:元|块|圆|万|千|百|w|k|rmb|yuan|%)`)
	// Nor is "N号" a day when it names a till, a shop or a line.
	reNotDay = regexp.MustCompile(`^(?:机|店|楼|线|门|柜|窗|位|桌|台|口|码|卡|铺|摊)`)
)

// date keeps the earliest date mentioned: the payment comes before the
// complaint, as in "昨天收的款今天还没到".
func (x *extraction) date() {
	var best time.Time
	today := civil(x.now)
	consider := func(d time.Time, i, j int) {
		x.take(i, j)
		if best.IsZero() || d.Before(best) {
			best = d
		}
	}
	for _, m := range reFullDate.FindAllStringSubmatchIndex(x.n, -1) {
		if !x.wholeRun(m[0], m[1]) || !x.free(m[0], m[1]) {
			continue
		}
		y := atoi(x.n[m[2]:m[3]])
		if y < 100 {
			// "26年11月20日"; without 年, "11-20-15" is no date.
			if !strings.Contains(x.n[m[0]:m[1]], "年") {
				continue
			}
			y += 2000
		}
		if d, ok := mkDate(y, atoi(x.n[m[4]:m[5]]), atoi(x.n[m[6]:m[7]])); ok {
			consider(d, m[0], m[1])
		}
	}
	for _, m := range reMonthDay.FindAllStringSubmatchIndex(x.n, -1) {
		if !x.wholeRun(m[0], m[1]) || !x.free(m[0], m[1]) {
			continue
		}
		if d, ok := recentMD(today, atoi(x.n[m[2]:m[3]]), atoi(x.n[m[4]:m[5]])); ok {
			consider(d, m[0], m[1])
		}
	}
	for _, re := range []*regexp.Regexp{reSlashDate, reDotDate} {
		for _, m := range re.FindAllStringSubmatchIndex(x.n, -1) {
			if !x.wholeRun(m[0], m[1]) || !x.free(m[0], m[1]) || x.moneyAround(m[0], m[1]) {
				continue
			}
			if m[1] < len(x.n) && (x.n[m[1]] == '.' || x.n[m[1]] == '/' || x.n[m[1]] == ':') {
				continue
			}
			if m[0] > 0 && (isAlnumByte(x.n[m[0]-1]) || x.n[m[0]-1] == '.' || x.n[m[0]-1] == '/') {
				continue
			}
			if d, ok := recentMD(today, atoi(x.n[m[2]:m[3]]), atoi(x.n[m[4]:m[5]])); ok {
				consider(d, m[0], m[1])
			}
		}
	}
	for _, m := range reDayOnly.FindAllStringSubmatchIndex(x.n, -1) {
		if !x.wholeRun(m[0], m[1]) || !x.free(m[0], m[1]) || reNotDay.MatchString(x.after(m[1], 8)) {
			continue
		}
		if m[0] > 0 && x.n[m[0]-1] == '.' {
			continue
		}
		if prev, _ := utf8.DecodeLastRuneInString(x.n[:m[0]]); prev == '第' {
			continue
		}
		if d, ok := recentDay(today, atoi(x.n[m[2]:m[3]])); ok {
			consider(d, m[0], m[1])
		}
	}
	for _, m := range reRelDay.FindAllStringIndex(x.n, -1) {
		back := map[string]int{"大前天": 3, "前天": 2, "前晚": 2, "前日": 2,
			"昨天": 1, "昨日": 1, "昨晚": 1, "昨夜": 1, "昨早": 1, "昨儿": 1}[x.n[m[0]:m[1]]]
		consider(today.AddDate(0, 0, -back), m[0], m[1])
	}
	for _, m := range reWeekday.FindAllStringSubmatchIndex(x.n, -1) {
		wd := strings.Index("日一二三四五六", x.n[m[4]:m[5]]) / 3
		switch c := x.n[m[4]:m[5]]; {
		case c == "天":
			wd = 0
		case c[0] >= '1' && c[0] <= '7':
			wd = int(c[0]-'0') % 7
		}
		consider(weekday(today, time.Weekday(wd), x.group(m, 1)), m[0], m[1])
	}
	if !best.IsZero() {
		x.f.Date = best.Format("2006-01-02")
	}
}

// moneyAround reports whether the number at n[i:j] reads as money.
func (x *extraction) moneyAround(i, j int) bool {
	return reMoneyAfter.MatchString(x.after(j, 8)) || reMoneyBefore.MatchString(x.before(i)) || reMoneyVerb.MatchString(x.before(i))
}

// before returns the few characters before n[i], enough for any word that
// qualifies what follows; matching only those keeps Extract linear.
func (x *extraction) before(i int) string {
	j := max(0, i-24)
	for j > 0 && !utf8.RuneStart(x.n[j]) {
		j++
	}
	return x.n[j:i]
}

// after returns at most size bytes from n[i] on, whole characters: enough
// for the identifier, number or unit looked for. Matching on a window keeps
// Extract linear.
func (x *extraction) after(i, size int) string {
	j := min(len(x.n), i+size)
	for j < len(x.n) && !utf8.RuneStart(x.n[j]) {
		j--
	}
	return x.n[i:j]
}

// group returns submatch k of m, "" if it did not take part.
func (x *extraction) group(m []int, k int) string {
	if m[2*k] < 0 {
		return ""
	}
	return x.n[m[2*k]:m[2*k+1]]
}

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

// civil is the calendar day of t in t's zone, as midnight UTC like every
// date Extract builds, so that dates compare as days.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func mkDate(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d
}

// recentMD is the latest month-day m/d not after today.
func recentMD(today time.Time, m, d int) (time.Time, bool) {
	for y := today.Year(); y >= today.Year()-4; y-- { // 29 February comes every four years
		t, ok := mkDate(y, m, d)
		if !ok && (m != 2 || d != 29) {
			return time.Time{}, false
		}
		if ok && !t.After(today) {
			return t, true
		}
	}
	return time.Time{}, false
}

// recentDay is the latest day d of a month not after today.
func recentDay(today time.Time, d int) (time.Time, bool) {
	if d < 1 || d > 31 {
		return time.Time{}, false
	}
	y, m := today.Year(), today.Month()
	for range 12 {
		if t, ok := mkDate(y, int(m), d); ok && !t.After(today) {
			return t, true
		}
		m--
		if m == 0 {
			y, m = y-1, 12
		}
	}
	return time.Time{}, false
}

// weekday resolves 周五 to the latest Friday not after today, and 上周五 to
// the Friday of the week before this one (weeks start on Monday).
func weekday(today time.Time, wd time.Weekday, prefix string) time.Time {
	if prefix == "" || prefix == "这" || prefix == "本" {
		back := (int(today.Weekday()) - int(wd) + 7) % 7
		return today.AddDate(0, 0, -back)
	}
	weeks := 1
	if prefix == "上上" {
		weeks = 2
	}
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, -7*weeks+(int(wd)+6)%7)
}

// Times, matched on the normalised text.
var (
	rePeriod = `(凌晨|清晨|早上|早晨|上午|中午|午间|下午|傍晚|晚上|夜里|夜间|半夜|深夜|午夜|今早|今晚|昨晚|昨夜|昨早|前晚|早|晚|夜)? ?`
	reClock  = regexp.MustCompile(rePeriod + `(\d{1,2}) ?: ?(\d{2})(?::\d{2})?`)
	// Minutes follow the hour directly: in "12点 3万2" the 3 is money.
	reHourWord = regexp.MustCompile(rePeriod + `(\d{1,2}) ?(?:点钟?|时)(半|一刻|三刻|\d{1,2} ?分|\d{2}(?:\D|$))?`)
	reAmPm     = regexp.MustCompile(`(?i)(\d{1,2})(?::(\d{2}))? ?([ap])\.?m\b`)
)

// time keeps the first time of day mentioned.
func (x *extraction) time() {
	type found struct{ at, h, m int }
	var first *found
	note := func(at, h, m, i, j int) {
		x.take(i, j)
		if first == nil || at < first.at {
			first = &found{at, h, m}
		}
	}
	for _, re := range []*regexp.Regexp{reClock, reHourWord} {
		for _, m := range re.FindAllStringSubmatchIndex(x.n, -1) {
			i, j := m[4], m[1] // the number, not the period before it
			if sub := x.group(m, 3); sub != "" && !strings.HasSuffix(sub, "分") && !strings.HasSuffix(sub, "半") && !strings.HasSuffix(sub, "刻") {
				j = m[6] + len(strings.TrimRightFunc(sub, func(r rune) bool { return r < '0' || r > '9' }))
			}
			if !x.wholeRun(i, j) || !x.free(i, j) {
				continue
			}
			if i > 0 && (x.n[i-1] == '.' || x.n[i-1] == '-' || x.n[i-1] == '/') {
				continue
			}
			h := atoi(x.n[m[4]:m[5]])
			min := 0
			switch sub := x.group(m, 3); {
			case sub == "半":
				min = 30
			case sub == "一刻":
				min = 15
			case sub == "三刻":
				min = 45
			case sub != "":
				min = atoi(strings.TrimRightFunc(sub, func(r rune) bool { return r < '0' || r > '9' }))
			}
			period := x.group(m, 1)
			if h, ok := hour24(period, h); ok && min < 60 {
				note(i, h, min, i, j)
			}
		}
	}
	for _, m := range reAmPm.FindAllStringSubmatchIndex(x.n, -1) {
		if !x.wholeRun(m[0], m[1]) || !x.free(m[0], m[1]) {
			continue
		}
		h, min := atoi(x.n[m[2]:m[3]]), 0
		if m[4] >= 0 {
			min = atoi(x.n[m[4]:m[5]])
		}
		pm := x.n[m[6]] == 'p' || x.n[m[6]] == 'P'
		if h < 1 || h > 12 || min > 59 {
			continue
		}
		switch {
		case pm && h < 12:
			h += 12
		case !pm && h == 12:
			h = 0
		}
		note(m[0], h, min, m[0], m[1])
	}
	if first != nil {
		x.f.Time = fmt.Sprintf("%02d:%02d", first.h, first.m)
	}
}

// hour24 turns an hour said with a part of the day into 24-hour time.
func hour24(period string, h int) (int, bool) {
	if h > 23 {
		return 0, false
	}
	switch period {
	case "凌晨", "清晨", "午夜":
		if h == 12 {
			return 0, true
		}
		return h, h < 12
	case "早上", "早晨", "上午", "早", "今早", "昨早":
		return h, h <= 12
	case "中午", "午间":
		if h <= 3 {
			return h + 12, true
		}
		return h, true
	case "下午", "傍晚":
		if h < 12 {
			return h + 12, true
		}
		return h, true
	case "晚上", "晚", "今晚", "昨晚", "昨夜", "前晚", "夜里", "夜间", "夜", "半夜", "深夜":
		switch {
		case h == 12:
			return 0, true
		case h >= 6 && h < 12:
			return h + 12, true
		case h < 6 && (period == "晚上" || period == "晚" || period == "今晚" || period == "昨晚" || period == "前晚"):
			// "晚上1点" is one in the morning.
			return h, true
		}
		return h, true
	}
	return h, true
}

// Codes and screen messages, matched on the normalised text.
var (
	reCodeLabel = regexp.MustCompile(`(?i)(?:应答码|返回码|响应码|错误码|错误代码|故障码|提示码|代码|\bcode|报错|错误|提示|显示|返回|报)` +
		` ?[:：]? ?(?:是|为)? ?[:：]? ?["'“‘「(]? ?([0-9A-Za-z]{2})`)
	reScreenQuote = regexp.MustCompile(`(?:显示|提示|报错|报|弹出|出现|返回|写着|说)(?:了)? ?[:：]? ?["“「『‘']`)
	reScreenText  = regexp.MustCompile(`(?:显示|提示|报错)(?:了)? ?[:：]? ?([^\s,，。.!！?？;；、"“”'‘’]{2,30})`)
	reFailWord    = regexp.MustCompile(`失败|错误|不足|拒绝|无效|超限|超过|过期|不符|受限|限制|联系|重试|异常|不支持|密码|超时|不正确|未开通|止付|冻结|挂失`)
	// A number followed by a unit is a count or a time, not a code.
	reUnitAfter = regexp.MustCompile(`(?i)^ ?(?:元|块|圆|万|千|百|w|k|rmb|yuan|%|点|时|号|日|月|年|秒|分|次|笔|个|台|位|天|张|条|周|岁|人|:|\.\d|-\d|/\d)`)
)

// code finds the response code, or failing that the text on the screen.
func (x *extraction) code() {
	for _, m := range reCodeLabel.FindAllStringSubmatchIndex(x.n, -1) {
		i, j := m[2], m[3]
		c := x.n[i:j]
		if !x.wholeAlnum(i, j) || !x.free(i, j) || strings.IndexAny(c, "0123456789") < 0 || reUnitAfter.MatchString(x.after(j, 8)) {
			continue
		}
		x.take(i, j)
		x.f.Code = strings.ToUpper(c)
		return
	}
	for _, m := range reScreenQuote.FindAllStringIndex(x.n, -1) {
		open, _ := utf8.DecodeLastRuneInString(x.n[:m[1]])
		closing := map[rune]string{'"': `"`, '“': "”", '「': "」", '『': "』", '‘': "’", '\'': "'"}[open]
		k := strings.Index(x.after(m[1], 256), closing)
		if open == '“' {
			// Merchants often type a straight quote to close a curly one.
			if k2 := strings.IndexAny(x.after(m[1], 256), `"”`); k2 >= 0 && (k < 0 || k2 < k) {
				k = k2
			}
		}
		if k <= 0 {
			continue
		}
		if s := x.screenText(m[1], m[1]+k); s != "" {
			x.f.Code = s
			return
		}
	}
	for _, m := range reScreenText.FindAllStringSubmatchIndex(x.n, -1) {
		if !reFailWord.MatchString(x.n[m[2]:m[3]]) {
			continue
		}
		if s := x.screenText(m[2], m[3]); s != "" {
			x.f.Code = s
			return
		}
	}
}

// screenText returns what the merchant copied from the screen, as typed,
// unless it is too long or holds a card number.
func (x *extraction) screenText(i, j int) string {
	s := strings.TrimSpace(x.origText(i, j))
	if s == "" || utf8.RuneCountInString(s) > 60 {
		return ""
	}
	s = redact.Stored(s)
	if hasCardRun(s) {
		return ""
	}
	x.take(i, j)
	return s
}

// Money, matched on the normalised text.
var (
	reMoneyBefore = regexp.MustCompile(`(?i)(?:¥|\$|rmb|cny|人民币|金额|总额|总计|合计|价格|价钱)(?: ?[:：]? ?(?:是|为)?) ?$`)
	reMoneyVerb   = regexp.MustCompile(`(?:收了|收到|收款|收|付了|付款|付|刷了|扫了|消费|扣了|扣款|扣|到账|入账|转账|转了|退款|退了|少了|差了|交易了|交易|买了|一笔) ?$`)
	reCurrency    = regexp.MustCompile(`(?i)^ ?(?:元|块钱|块|圆|rmb|yuan|cny)`)
	reMoneyNumber = regexp.MustCompile(`^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?`)
	reMultiplier  = regexp.MustCompile(`(?i)^ ?(万|w|千|k|百)`)
	reUnitWord    = regexp.MustCompile(`(?i)^ ?(?:天|次|笔|个|台|位|分钟|分|小时|秒|岁|年|月|日|号|点|时|%|遍|张|条|周|星期|楼|米|件|人|折|倍|期|单|代|版|g\b|min|h\b|:|-\d|/\d)`)
)

type money struct {
	cents  int64
	strong bool // said with a currency word or after 金额
	likely bool // a multiplier, decimals or a verb of paying around it
}

// amount keeps the first sum said with a currency word; a bare number only
// if it is the only one and reads as money (收了1288.5, 3万2).
func (x *extraction) amount() {
	var all []money
	for i := 0; i < len(x.n); {
		if !isDigitByte(x.n[i]) {
			i++
			continue
		}
		m, j, ok := x.parseMoney(i)
		if ok {
			all = append(all, m)
		}
		i = max(j, x.digitRun(i))
	}
	var pick *money
	for k := range all {
		if all[k].strong {
			pick = &all[k]
			break
		}
		if all[k].likely && pick == nil {
			pick = &all[k]
		}
	}
	if pick == nil || (!pick.strong && len(all) > 1) {
		return
	}
	x.f.Amount = fmt.Sprintf("%d.%02d", pick.cents/100, pick.cents%100)
}

// parseMoney reads a sum at n[i:] and returns it with where it ends.
func (x *extraction) parseMoney(i int) (money, int, bool) {
	var m money
	if i > 0 && (isDigitByte(x.n[i-1]) || x.n[i-1] == '.' || x.n[i-1] == ',') {
		return m, i, false
	}
	sub := reMoneyNumber.FindStringSubmatchIndex(x.after(i, 40))
	if sub == nil {
		return m, i, false
	}
	j := i + sub[1]
	if !x.free(i, j) || (j < len(x.n) && (isDigitByte(x.n[j]) || x.n[j] == '.' || x.n[j] == '*')) {
		return m, j, false
	}
	intPart := strings.ReplaceAll(x.n[i+sub[2]:i+sub[3]], ",", "")
	frac := ""
	if sub[4] >= 0 {
		frac = x.n[i+sub[4] : i+sub[5]]
	}
	if len(intPart) > 9 || len(frac) > 2 {
		return m, j, false
	}
	cents := int64(atoi(intPart))*100 + int64(atoi((frac + "00")[:2]))
	m.likely = frac != ""
	if mm := reMultiplier.FindStringSubmatch(x.after(j, 8)); mm != nil {
		unit := map[string]int64{"万": 10000, "w": 10000, "千": 1000, "k": 1000, "百": 100}[strings.ToLower(mm[1])]
		cents *= unit
		j += len(mm[0])
		m.likely = true
		j, cents = x.tail(j, unit, cents)
	}
	if reUnitWord.MatchString(x.after(j, 12)) {
		return m, j, false
	}
	if cur := reCurrency.FindString(x.after(j, 12)); cur != "" {
		m.strong = true
		j += len(cur)
	}
	before := x.before(i)
	if reMoneyBefore.MatchString(before) {
		m.strong = true
	} else if i > 0 && isAlnumByte(x.n[i-1]) {
		return m, j, false // part of a word like A0 or v2
	}
	if reMoneyVerb.MatchString(before) {
		m.likely = true
	}
	if cents <= 0 || cents >= 1e12 {
		return m, j, false
	}
	m.cents = cents
	x.take(i, j)
	return m, j, true
}

// tail reads the part after a multiplier: 3万2 is 32000, 3万2千 and
// 1万5000 what they say.
func (x *extraction) tail(j int, unit, cents int64) (int, int64) {
	k := x.digitRun(j)
	if k == j || !x.free(j, k) || (k < len(x.n) && x.n[k] == '.') {
		return j, cents
	}
	d := x.n[j:k]
	v := int64(atoi(d))
	if mm := reMultiplier.FindStringSubmatch(x.after(k, 8)); mm != nil {
		sub := map[string]int64{"千": 1000, "k": 1000, "百": 100}[strings.ToLower(mm[1])]
		if sub > 0 && sub < unit && len(d) == 1 {
			return k + len(mm[0]), cents + v*sub*100
		}
		return j, cents
	}
	switch {
	case len(d) == 1 && unit >= 1000:
		return k, cents + v*unit/10*100
	case len(d) == len(strconv.FormatInt(unit, 10))-1:
		return k, cents + v*100
	}
	return j, cents
}

// Payment methods, matched on the normalised text.
var (
	rePayWord = regexp.MustCompile(`(?i)(云闪付|银联二维码|银联扫码|银联码|unionpay)|(微信|财付通|wechat|weixin)|(支付宝|花呗|alipay)` +
		`|(刷卡|插卡|挥卡|拍卡|银行卡|信用卡|储蓄卡|借记卡|闪付|ic卡|磁条卡|卡号|刷了|刷的)|(扫码|二维码|收款码|付款码|扫一扫|聚合码|码牌)`)
	// "没到银行卡" is about the settlement account, not how the customer paid.
	reSettlementBefore = regexp.MustCompile(`(?:到|进|入|至|结算|提现|绑定|绑)(?:我的|我|了)?$`)
)

// payMethod takes the first wallet or card named; a bare 扫码 only says the
// customer scanned a QR code.
func (x *extraction) payMethod() {
	names := []string{"", "unionpay_qr", "wechat", "alipay", "card", "qr"}
	qr := false
	for _, m := range rePayWord.FindAllStringSubmatchIndex(x.n, -1) {
		if !x.free(m[0], m[1]) {
			continue // inside what the screen said
		}
		k := 1
		for m[2*k] < 0 {
			k++
		}
		switch names[k] {
		case "qr":
			qr = true
			continue
		case "card":
			if reSettlementBefore.MatchString(x.before(m[0])) {
				continue
			}
		}
		x.f.PayMethod = names[k]
		return
	}
	if qr {
		x.f.PayMethod = "qr"
	}
}
