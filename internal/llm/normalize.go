package llm

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/posbot/posbot/internal/textnorm"
)

// normalize returns the form of s the guard matches facts in, so that a
// fact written another way is still the same fact: fold, then Chinese
// numerals as Arabic ones ("一三九…" 139…, "五十元" 50元) and rates in words
// as percentages ("千分之二" 0.2%).
func normalize(s string) string { return ratesAsPercent(arabic(fold(s))) }

// fold is textnorm.Fold line by line: full-width characters as ASCII
// (NFKC), zero-width ones dropped, lower case, traditional characters as
// simplified ones ("密碼" 密码); the lines stay, for sentences.
func fold(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = textnorm.Fold(l)
	}
	return strings.Join(lines, "\n")
}

// Numerals as fold leaves them (simplified), the financial ones included.
var cnDigits = map[rune]int64{
	'零': 0, '〇': 0, '一': 1, '幺': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
	'壹': 1, '贰': 2, '叁': 3, '肆': 4, '伍': 5, '陆': 6, '柒': 7, '捌': 8, '玖': 9,
}

var cnUnits = map[rune]int64{
	'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000, '万': 1e4, '亿': 1e8,
}

func isCnDigit(r rune) bool { _, ok := cnDigits[r]; return ok }

func isASCIIDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func isCnNumeral(r rune) bool { _, ok := cnUnits[r]; return ok || isCnDigit(r) }

// arabic rewrites every Chinese number in s with Arabic digits. A number
// starts with a digit or 十: "千万不要" (never) and the 万 of "万一" (in case)
// are words, not numbers.
func arabic(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		if !startsNumber(rs, i) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && isCnNumeral(rs[j]) {
			j++
		}
		text, end := cnNumber(rs[i:j]), j
		if frac, k := cnFraction(rs, j); frac != "" && isASCIIDigits(text) {
			text, end = text+"."+frac, k
		}
		b.WriteString(text)
		i = end
	}
	return b.String()
}

// startsNumber reports whether a Chinese number starts at rs[i]: a digit,
// or 十 unless it is a rough count ("几十", "数十").
func startsNumber(rs []rune, i int) bool {
	switch {
	case isCnDigit(rs[i]):
		return true
	case rs[i] != '十' && rs[i] != '拾':
		return false
	}
	return i == 0 || (rs[i-1] != '几' && rs[i-1] != '数')
}

// cnFraction reads the decimal part after "点" at rs[i]: "三点八" is 3.8,
// "一点五万" is 1.5万, but "十点五十" is ten to eleven, not a decimal.
func cnFraction(rs []rune, i int) (frac string, end int) {
	if i >= len(rs) || rs[i] != '点' {
		return "", i
	}
	j := i + 1
	for j < len(rs) && isCnDigit(rs[j]) {
		frac += strconv.FormatInt(cnDigits[rs[j]], 10)
		j++
	}
	if frac == "" {
		return "", i
	}
	if j < len(rs) {
		switch rs[j] {
		case '万', '亿':
			frac += string(rs[j])
			j++
		case '十', '拾', '百', '佰', '千', '仟':
			return "", i
		}
	}
	return frac, j
}

// cnNumber writes one run of Chinese numerals in Arabic digits. A run of
// digits alone is read digit by digit ("一三九" 139) when it has three or
// more, or one; two ("三四天", "两三块") are a rough count and stay as they
// are. A run with units is read by place ("两千零五" 2005, "三千五" 3500);
// a run that ends in 万 or 亿 keeps it ("五万" 5万), as Arabic text does.
func cnNumber(run []rune) string {
	if !strings.ContainsFunc(string(run), func(r rune) bool { _, ok := cnUnits[r]; return ok }) {
		if len(run) == 2 {
			return string(run)
		}
		var b strings.Builder
		for _, r := range run {
			b.WriteString(strconv.FormatInt(cnDigits[r], 10))
		}
		return b.String()
	}
	v, ok := cnPlaceValue(run)
	if !ok {
		return string(run)
	}
	last := run[len(run)-1]
	if u := cnUnits[last]; u >= 1e4 {
		return strconv.FormatInt(v/u, 10) + string(last)
	}
	return strconv.FormatInt(v, 10)
}

// cnPlaceValue reads a number written with place units. ok is false for a
// run that is no number ("五六百", a rough count, or absurdly large).
func cnPlaceValue(run []rune) (v int64, ok bool) {
	var total, section int64
	digit := int64(-1)
	var lastUnit int64 = 1
	zero := false // a 零 since the last unit: "一百零五" is 105, not 150
	for _, r := range run {
		if d, isDigit := cnDigits[r]; isDigit {
			switch {
			case d == 0:
				zero = true
			case digit >= 0:
				return 0, false
			default:
				digit = d
			}
			continue
		}
		u := cnUnits[r]
		n := max(digit, 0)
		if u >= 1e4 && total+section+n > 1e10 {
			return 0, false // would overflow
		}
		switch {
		case u == 1e8:
			total = (total + section + n) * u
			section = 0
		case u == 1e4:
			total += (section + n) * u
			section = 0
		case digit < 0 && (u != 10 || section != 0 || total != 0):
			return 0, false // "百五", "二十十"
		case digit < 0:
			section = u // "十五" is 15
		default:
			section += digit * u
		}
		digit, lastUnit, zero = -1, u, false
	}
	if digit > 0 && !zero && lastUnit >= 10 {
		digit *= lastUnit / 10 // "三千五" is 3500, "两万五" 25000
	}
	return total + section + max(digit, 0), true
}

var (
	pctWords   = regexp.MustCompile(`(?i)(\d+(?:\.\d+)?)\s*(?:个百分点|百分点|percent\b|per cent\b|pct\b)|百分之\s*(\d+(?:\.\d+)?)`)
	perMille   = regexp.MustCompile(`千分之\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*‰`)
	perTenK    = regexp.MustCompile(`万分之\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*‱`)
	points     = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*个点`)
	feeContext = regexp.MustCompile(`费|率|扣|收|抽|点位|成本`)
)

// ratesAsPercent writes the ways a rate is said as N%: "0.6个点", "百分之
// 零点六", "千分之六", "6‰" are all 0.6%, "万分之六" 0.06%.
func ratesAsPercent(s string) string {
	s = pctWords.ReplaceAllStringFunc(s, func(m string) string {
		g := pctWords.FindStringSubmatch(m)
		return g[1] + g[2] + "%"
	})
	s = perMille.ReplaceAllStringFunc(s, func(m string) string {
		g := perMille.FindStringSubmatch(m)
		return scaleDown(g[1]+g[2], 10) + "%"
	})
	s = perTenK.ReplaceAllStringFunc(s, func(m string) string {
		g := perTenK.FindStringSubmatch(m)
		return scaleDown(g[1]+g[2], 100) + "%"
	})
	return rateInPoints(s)
}

// rateInPoints rewrites "N个点" as N% where it is a rate: a decimal ("0.2个
// 点") or a fee nearby ("扣两个点"), not "右上角三个点", the ⋯ menu.
func rateInPoints(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range points.FindAllStringSubmatchIndex(s, -1) {
		n := s[m[2]:m[3]]
		before := []rune(s[:m[0]])
		near := string(before[max(0, len(before)-8):])
		if !strings.Contains(n, ".") && !feeContext.MatchString(near) {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(n + "%")
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// scaleDown divides the decimal n by d exactly: scaleDown("6", 100) is "0.06".
func scaleDown(n string, d int64) string {
	r, ok := new(big.Rat).SetString(n)
	if !ok {
		return n
	}
	r.Quo(r, big.NewRat(d, 1))
	return normNum(r.FloatString(len(n) + 4))
}

// scaleUp multiplies the decimal n by the unit 千, 万 or 亿 after it.
func scaleUp(n, unit string) string {
	m := map[string]int64{"千": 1e3, "万": 1e4, "亿": 1e8}[unit]
	r, ok := new(big.Rat).SetString(n)
	if !ok || m == 0 {
		return normNum(n)
	}
	r.Mul(r, big.NewRat(m, 1))
	return normNum(r.FloatString(len(n)))
}

// normNum makes "1,000.50" and "1000.5" the same number.
func normNum(n string) string {
	n = strings.ReplaceAll(n, ",", "")
	if strings.Contains(n, ".") {
		n = strings.TrimRight(strings.TrimRight(n, "0"), ".")
	}
	return n
}
