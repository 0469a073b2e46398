package escalation

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/posbot/posbot/internal/redact"
)

// Fields are the particulars of a payment problem a support agent needs.
type Fields struct {
	MerchantNo string `json:"merchant_no,omitempty"` // 商户号, 15 characters
	TerminalNo string `json:"terminal_no,omitempty"` // 终端号, 8 characters
	Date       string `json:"date,omitempty"`        // YYYY-MM-DD: receipts carry no year, it is resolved from now
	Time       string `json:"time,omitempty"`        // HH:MM, 24-hour
	Amount     string `json:"amount,omitempty"`      // yuan, two decimals: "520.00"
	PayMethod  string `json:"pay_method,omitempty"`  // card, wechat, alipay, unionpay_qr or qr
	Code       string `json:"code,omitempty"`        // response code ("51") or the text on the screen
	Reference  string `json:"reference,omitempty"`   // "参考号:…", "凭证号:…" or "订单号:…"
}

// Merge fills f's empty fields from g.
func (f Fields) Merge(g Fields) Fields {
	for _, name := range fieldOrder {
		if get(&f, name) == "" {
			set(&f, name, get(&g, name))
		}
	}
	return f
}

// Missing lists the required fields still empty, in the order to ask them.
func (f Fields) Missing() []string {
	var out []string
	for _, name := range []string{FieldMerchantNo, FieldTerminalNo, FieldDate, FieldTime, FieldAmount, FieldPayMethod} {
		if get(&f, name) == "" {
			out = append(out, name)
		}
	}
	return out
}

// A few traditional characters merchants use in these fields.
var trad = strings.NewReplacer("號", "号", "終", "终", "戶", "户", "碼", "码", "額", "额", "帳", "账", "賬", "账",
	"掃", "扫", "點", "点", "塊", "块", "萬", "万", "億", "亿", "週", "周", "禮", "礼", "錢", "钱",
	"銀", "银", "聯", "联", "雲", "云", "閃", "闪", "寶", "宝", "憑", "凭", "證", "证",
	"訂", "订", "單", "单", "參", "参", "時", "时", "顯", "显", "儲", "储", "蓄", "蓄", "刷卡", "刷卡")

var (
	reMerchant  = regexp.MustCompile(`(?i)(?:商户号|商户编号|商户编码|商编|merchant\s*(?:no|id|number)?)\s*[:：#是为]?\s*([0-9a-z]{15})(?:[^0-9a-z]|$)`)
	reMerchant2 = regexp.MustCompile(`(?:^|[^0-9])(8[0-9]{14})(?:[^0-9]|$)`) // acquirers' merchant numbers commonly start with 8
	reTerminal  = regexp.MustCompile(`(?i)(?:终端号|终端编号|终端|terminal\s*(?:no|id|number)?)\s*[:：#是为]?\s*([0-9a-z]{8})(?:[^0-9a-z]|$)`)
	reRef       = regexp.MustCompile(`(?:检索参考号|参考号)\s*[:：#是为]?\s*([0-9]{12})(?:[^0-9]|$)`)
	reVoucher   = regexp.MustCompile(`(?:凭证号|流水号)\s*[:：#是为]?\s*([0-9]{6})(?:[^0-9]|$)`)
	reOrder     = regexp.MustCompile(`(?:^|[^0-9])((?:42|20[0-9]{2})[0-9]{26})(?:[^0-9]|$)`)
	reOrderL    = regexp.MustCompile(`(?:订单号|交易单号|商户单号|交易号|order\s*(?:no|id)?)\s*[:：#是为]?\s*([0-9a-zA-Z]{10,64})`)
	reISODate   = regexp.MustCompile(`(20[0-9]{2})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*[日号]?`)
	reMDDate    = regexp.MustCompile(`(?:^|[^0-9.])([0-9]{1,2})\s*(?:月\s*([0-9]{1,2})\s*[日号]|[./]([0-9]{1,2}))(?:[^0-9]|$)`)
	reWeekday   = regexp.MustCompile(`(上+)?(?:周|星期|礼拜)([一二三四五六日天])`)
	reClock     = regexp.MustCompile(`(?:^|[^0-9])([0-9]{1,2})[:：]([0-9]{2})(?:[^0-9]|$)`)
	reHour      = regexp.MustCompile(`(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|半夜|昨晚|今晚|今早|昨早)?\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*点(半|一刻|三刻|([0-9]{1,2})分?)?`)
	reCurrency  = regexp.MustCompile(`(?i)(?:¥|￥|rmb|cny)\s*([0-9][0-9,]*(?:\.[0-9]{1,2})?)|([0-9][0-9,]*(?:\.[0-9]{1,2})?)\s*(万|w|k|千)?\s*(元|块钱|块|yuan|rmb)|([0-9]+)\s*(万|w)\s*([0-9])?(?:[^0-9]|$)`)
	reCode      = regexp.MustCompile(`(?i)(?:应答码|返回码|响应码|错误码|代码|code|error|提示|显示|报)\s*[:：]?\s*([0-9a-z]{2})(?:[^0-9a-z]|$)`)
	reScreen    = regexp.MustCompile(`(?:显示|提示|屏幕上?|报错)\s*[:：]?\s*[“"「『]([^”"」』]{2,60})[”"」』]`)
)

var cnNum = map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10}

func chineseNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	r := []rune(s)
	switch len(r) {
	case 1:
		return cnNum[r[0]]
	case 2:
		if r[0] == '十' {
			return 10 + cnNum[r[1]]
		}
		return cnNum[r[0]] * 10
	case 3:
		return cnNum[r[0]]*10 + cnNum[r[2]]
	}
	return 0
}

// Extract finds the fields present in text. now resolves relative dates
// (今天, 昨天, 周五, 3月8号) to the most recent such day, in now's zone.
// A card number in the text is never taken for any field.
func Extract(text string, now time.Time) Fields {
	var f Fields
	text = strings.ToValidUTF8(text, "")
	s := trad.Replace(norm.NFKC.String(text))
	s = strings.ToLower(s)
	// Mask card numbers first, so that no pattern can take one.
	s = redact.Cards(s)

	if m := reMerchant.FindStringSubmatch(s); m != nil {
		f.MerchantNo = strings.ToUpper(m[1])
	} else if m := reMerchant2.FindStringSubmatch(s); m != nil {
		f.MerchantNo = m[1]
	}
	if m := reTerminal.FindStringSubmatch(s); m != nil && strings.ToUpper(m[1]) != f.MerchantNo {
		f.TerminalNo = strings.ToUpper(m[1])
	}
	switch {
	case reRef.MatchString(s):
		f.Reference = "参考号:" + reRef.FindStringSubmatch(s)[1]
	case reVoucher.MatchString(s):
		f.Reference = "凭证号:" + reVoucher.FindStringSubmatch(s)[1]
	case reOrderL.MatchString(s):
		f.Reference = "订单号:" + reOrderL.FindStringSubmatch(s)[1]
	case reOrder.MatchString(s):
		f.Reference = "订单号:" + reOrder.FindStringSubmatch(s)[1]
	}
	// Identifiers are taken; blank them so their digits are no amount or date.
	rest := s
	for _, v := range []string{f.MerchantNo, f.TerminalNo, strings.SplitN(f.Reference+":", ":", 3)[1]} {
		if v != "" {
			rest = strings.ReplaceAll(rest, strings.ToLower(v), " ")
		}
	}
	f.Date = findDate(rest, now)
	f.Time = findTime(rest)
	f.Amount = findAmount(rest)
	f.PayMethod = findPay(rest)
	if m := reScreen.FindStringSubmatch(norm.NFKC.String(text)); m != nil {
		f.Code = redact.Cards(strings.TrimSpace(m[1]))
	} else if m := reCode.FindStringSubmatch(rest); m != nil {
		f.Code = strings.ToUpper(m[1])
	}
	return f
}

func findDate(s string, now time.Time) string {
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	if m := reISODate.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if valid(y, mo, d) {
			return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		}
	}
	for _, rel := range []struct {
		words []string
		back  int
	}{{[]string{"大前天"}, 3}, {[]string{"前天", "前晚"}, 2}, {[]string{"昨天", "昨晚", "昨日", "昨早", "yesterday"}, 1}, {[]string{"今天", "今晚", "今早", "今日", "刚才", "刚刚", "today"}, 0}} {
		for _, w := range rel.words {
			if strings.Contains(s, w) {
				return day(today.AddDate(0, 0, -rel.back))
			}
		}
	}
	if m := reMDDate.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		d, _ := strconv.Atoi(m[2] + m[3])
		if valid(now.Year(), mo, d) {
			t := time.Date(now.Year(), time.Month(mo), d, 0, 0, 0, 0, now.Location())
			if t.After(today) {
				t = t.AddDate(-1, 0, 0)
			}
			return day(t)
		}
	}
	if m := reWeekday.FindStringSubmatch(s); m != nil {
		want := map[string]time.Weekday{"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 0, "天": 0}[m[2]]
		back := (int(today.Weekday()) - int(want) + 7) % 7
		if n := len([]rune(m[1])); n > 0 {
			// 上周五 is in the week before this one (weeks start on Monday).
			mon := (int(today.Weekday()) + 6) % 7
			back = mon + 7*(n-1) + (7 - (int(want)+6)%7)
		}
		return day(today.AddDate(0, 0, -back))
	}
	return ""
}

func valid(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

func findTime(s string) string {
	if m := reClock.FindStringSubmatch(s); m != nil {
		h, _ := strconv.Atoi(m[1])
		mi, _ := strconv.Atoi(m[2])
		if h < 24 && mi < 60 {
			if h < 12 && hasAfternoon(s) {
				h += 12
			}
			return fmt.Sprintf("%02d:%02d", h, mi)
		}
	}
	m := reHour.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	if _, err := strconv.Atoi(m[2]); err != nil && m[1] == "" {
		return "" // "有一点慢" is "a bit slow", not one o'clock
	}
	h := chineseNumber(m[2])
	if h > 24 {
		return ""
	}
	mi := 0
	switch {
	case m[3] == "半":
		mi = 30
	case m[3] == "一刻":
		mi = 15
	case m[3] == "三刻":
		mi = 45
	case m[4] != "":
		mi, _ = strconv.Atoi(m[4])
	}
	period := m[1]
	if period == "" && hasAfternoon(s) {
		period = "下午"
	}
	switch period {
	case "下午", "傍晚", "晚上", "昨晚", "今晚", "夜里":
		if h < 12 {
			h += 12
		}
	case "中午":
		if h < 6 {
			h += 12
		}
	case "半夜", "凌晨":
		if h == 12 {
			h = 0
		}
	}
	if h >= 24 || mi >= 60 {
		return ""
	}
	return fmt.Sprintf("%02d:%02d", h, mi)
}

func hasAfternoon(s string) bool {
	for _, w := range []string{"下午", "晚上", "傍晚", "昨晚", "今晚", "夜里", "pm"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func findAmount(s string) string {
	for _, m := range reCurrency.FindAllStringSubmatch(s, -1) {
		var v float64
		switch {
		case m[1] != "":
			v = num(m[1])
		case m[2] != "":
			v = num(m[2])
			switch m[3] {
			case "万", "w":
				v *= 10000
			case "千", "k":
				v *= 1000
			}
		case m[5] != "":
			// 3万2 is 32000, 1w is 10000
			v = num(m[5]) * 10000
			if m[7] != "" {
				v += num(m[7]) * 1000
			}
		}
		if v > 0 && v < 1e10 {
			return fmt.Sprintf("%.2f", v)
		}
	}
	return ""
}

func num(s string) float64 {
	v, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return v
}

func findPay(s string) string {
	switch {
	case strings.Contains(s, "云闪付") || strings.Contains(s, "银联二维码") || strings.Contains(s, "银联扫码") || strings.Contains(s, "unionpay"):
		return "unionpay_qr"
	case strings.Contains(s, "微信") || strings.Contains(s, "wechat") || strings.Contains(s, "vx"):
		return "wechat"
	case strings.Contains(s, "支付宝") || strings.Contains(s, "alipay") || strings.Contains(s, "zfb"):
		return "alipay"
	case strings.Contains(s, "扫码") || strings.Contains(s, "二维码") || strings.Contains(s, "收款码") || strings.Contains(s, "付款码") || strings.Contains(s, "qr"):
		return "qr"
	}
	for _, w := range []string{"刷卡", "插卡", "挥卡", "银行卡", "信用卡", "储蓄卡", "借记卡", "卡号", "刷了", "card"} {
		if strings.Contains(s, w) {
			return "card"
		}
	}
	return ""
}
