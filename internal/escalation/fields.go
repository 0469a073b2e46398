package escalation

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/posbot/posbot/internal/extract"
)

// Names of the fields a ticket collects, as Fields.Missing reports them.
const (
	FieldMerchantNo = "merchant_no"
	FieldTerminalNo = "terminal_no"
	FieldDate       = "date"
	FieldTime       = "time"
	FieldAmount     = "amount"
	FieldPayMethod  = "pay_method"
	FieldCode       = "code"
	FieldReference  = "reference"
	// fieldDescription lives on the conversation, not in Fields.
	fieldDescription = "description"
)

// Fields are the particulars of a payment problem a support agent needs,
// as the extractor reads them from free text.
type Fields = extract.Fields

// Extract finds the fields present in a merchant's free text.
func Extract(text string, now time.Time) Fields { return extract.Extract(text, now) }

// Field declares one particular a ticket collects. Everything that asks
// for a field, reads it, corrects it, shows it or lists it (the plan, the
// summary, the card, `posbot tickets`) goes through the table below: a new
// field is one row plus its parser.
type Field struct {
	Name     string
	Label    [2]string // Chinese, English
	Question [2]string // Chinese, English
	Optional bool      // the merchant may skip it
	Payment  bool      // asked only about a payment problem
	// Names is how a correction at the summary names the field
	// ("金额写错了 应该是350"); nil when it cannot be corrected by name.
	Names *regexp.Regexp
	// Parse reads a bare reply to the question, when Extract found nothing.
	Parse func(text string) (string, bool)
	// Show renders a stored value for people; nil shows it as stored.
	Show func(lang, v string) string
	// Choices, if set, are buttons offered with the question.
	Choices func(lang string) [][]Button
	// value points at the field in Fields; nil for the description, which
	// lives on the conversation.
	value func(*Fields) *string
}

// FieldTable is every field, in the order they are asked and shown.
func FieldTable() []Field { return fieldTable }

var fieldTable = []Field{
	{
		Name: FieldMerchantNo, Label: [2]string{"商户号", "Merchant no."},
		Question: [2]string{"请发一下商户号（15位，签购单或商户App上能找到）。", "What is your merchant number (15 characters, on the receipt or in the merchant app)?"},
		Names:    regexp.MustCompile(`商户号|商户编号|商编|merchant`),
		Parse:    func(t string) (string, bool) { c := compact(t); return strings.ToUpper(c), alnum15.MatchString(c) },
		value:    func(f *Fields) *string { return &f.MerchantNo },
	},
	{
		Name: FieldTerminalNo, Label: [2]string{"终端号", "Terminal no."}, Optional: true,
		Question: [2]string{"终端号是多少？（8位，签购单上的“终端编号”）", "What is the terminal number (8 characters, on the receipt)?"},
		Names:    regexp.MustCompile(`终端号|终端编号|terminal`),
		Parse:    func(t string) (string, bool) { c := compact(t); return strings.ToUpper(c), alnum8.MatchString(c) },
		value:    func(f *Fields) *string { return &f.TerminalNo },
	},
	{
		Name: FieldDate, Label: [2]string{"交易日期", "Date"}, Payment: true,
		Question: [2]string{"交易是哪一天？请带上年份，例如 2026-11-20，或直接说“今天”“昨天”。", "Which day was the transaction? Please include the year, e.g. 2026-11-20, or say \"today\"/\"yesterday\"."},
		Names:    regexp.MustCompile(`日期|哪天|date`),
		Parse:    func(string) (string, bool) { return "", false }, // only Extract reads dates
		value:    func(f *Fields) *string { return &f.Date },
	},
	{
		Name: FieldTime, Label: [2]string{"交易时间", "Time"}, Payment: true,
		Question: [2]string{"大概几点？例如 15:30 或“下午3点”。", "At about what time? e.g. 15:30."},
		Names:    regexp.MustCompile(`时间|几点|time`),
		Parse: func(text string) (string, bool) {
			t := strings.TrimSpace(text)
			return t, t != "" && len([]rune(t)) <= 20 && !longDigits.MatchString(t)
		},
		value: func(f *Fields) *string { return &f.Time },
	},
	{
		Name: FieldAmount, Label: [2]string{"金额", "Amount"}, Payment: true,
		Question: [2]string{"金额是多少元？", "What was the amount (yuan)?"},
		Names:    regexp.MustCompile(`金额|钱数|多少钱|amount`),
		Parse: func(text string) (string, bool) {
			c := compact(text)
			if !bareMoney.MatchString(c) {
				return "", false
			}
			var v float64
			fmt.Sscanf(c, "%g", &v)
			return fmt.Sprintf("%.2f", v), v > 0
		},
		Show: func(lang, v string) string {
			if lang == LangEN {
				return v + " yuan"
			}
			return v + " 元"
		},
		value: func(f *Fields) *string { return &f.Amount },
	},
	{
		Name: FieldPayMethod, Label: [2]string{"付款方式", "Paid by"}, Payment: true,
		Question: [2]string{"顾客是怎么付款的？扫码的话是用哪个钱包？", "How did the customer pay? For a QR payment, which wallet?"},
		Parse:    freeText,
		Show:     payName,
		Choices:  payButtons,
		value:    func(f *Fields) *string { return &f.PayMethod },
	},
	{
		Name: FieldCode, Label: [2]string{"应答码/提示", "Code / message"}, Optional: true, Payment: true,
		Question: [2]string{"终端屏幕或签购单上显示的应答码或提示文字是什么？", "What response code or message did the terminal show?"},
		Names:    regexp.MustCompile(`应答码|返回码|提示|code`),
		Parse:    freeText,
		value:    func(f *Fields) *string { return &f.Code },
	},
	{
		Name: FieldReference, Label: [2]string{"参考号/凭证号", "Reference"}, Optional: true, Payment: true,
		Question: [2]string{"签购单上的参考号（12位）或凭证号（6位）；扫码的话是交易单号。", "The reference number (12 digits) or voucher number (6 digits) on the receipt; for QR payments, the order number."},
		Names:    regexp.MustCompile(`参考号|凭证号|交易单号|订单号|reference|order`),
		Parse:    func(t string) (string, bool) { c := compact(t); return c, refDigits.MatchString(c) },
		value:    func(f *Fields) *string { return &f.Reference },
	},
	{
		Name: fieldDescription, Label: [2]string{"问题描述", "Problem"},
		Question: [2]string{"请用一两句话描述一下问题。", "Please describe the problem in a sentence or two."},
		Parse:    freeText,
	},
}

func field(name string) *Field {
	for i := range fieldTable {
		if fieldTable[i].Name == name {
			return &fieldTable[i]
		}
	}
	return nil
}

func ptr(f *Fields, name string) *string {
	if fl := field(name); fl != nil && fl.value != nil {
		return fl.value(f)
	}
	return nil
}

func get(f *Fields, name string) string {
	if p := ptr(f, name); p != nil {
		return *p
	}
	return ""
}

func set(f *Fields, name, v string) {
	if p := ptr(f, name); p != nil {
		*p = v
	}
}

// FieldValue is the stored value of field name in f.
func FieldValue(f Fields, name string) string { return get(&f, name) }

var (
	alnum15    = regexp.MustCompile(`^[0-9A-Za-z]{15}$`)
	alnum8     = regexp.MustCompile(`^[0-9A-Za-z]{8}$`)
	bareMoney  = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,2})?$`)
	refDigits  = regexp.MustCompile(`^[0-9]{6}$|^[0-9]{12}$|^[0-9]{16,32}$`)
	spaces     = regexp.MustCompile(`[\s-]+`)
	longDigits = regexp.MustCompile(`[0-9*]{5,}`)
)

func compact(text string) string { return spaces.ReplaceAllString(text, "") }

func freeText(text string) (string, bool) {
	t := strings.TrimSpace(text)
	return t, t != "" && len([]rune(t)) <= 500
}

// direct reads a reply to the question about name when Extract found
// nothing: a bare merchant number, "520", the text on the screen.
func direct(name, text string) (string, bool) {
	if fl := field(name); fl != nil {
		return fl.Parse(text)
	}
	return "", false
}

var payNames = map[string][2]string{
	"card":        {"刷卡（银行卡）", "Card"},
	"wechat":      {"微信", "WeChat Pay"},
	"alipay":      {"支付宝", "Alipay"},
	"unionpay_qr": {"云闪付/银联二维码", "UnionPay QR"},
	"qr":          {"扫码（钱包不详）", "QR code"},
}

func payButtons(lang string) [][]Button {
	i := 0
	if lang == LangEN {
		i = 1
	}
	row := func(keys ...string) []Button {
		var r []Button
		for _, k := range keys {
			r = append(r, Button{Text: payNames[k][i], Data: dataPay + k})
		}
		return r
	}
	return [][]Button{row("card", "wechat", "alipay"), row("unionpay_qr")}
}

func payName(lang, v string) string {
	if n, ok := payNames[v]; ok {
		if lang == LangEN {
			return n[1]
		}
		return n[0]
	}
	return v
}

func pick(lang string, s [2]string) string {
	if lang == LangEN {
		return s[1]
	}
	return s[0]
}

func question(lang, name string) string { return pick(lang, field(name).Question) }

func label(lang, name string) string { return pick(lang, field(name).Label) }

// summary lists the collected fields, one per line.
func summary(lang string, f Fields, desc string) string {
	return fieldLines(lang, f, desc, func(v string) string { return v })
}

// fieldLines lists the collected fields, one per line, each value passed
// through show.
func fieldLines(lang string, f Fields, desc string, show func(string) string) string {
	var b strings.Builder
	for _, fl := range fieldTable {
		if fl.value == nil {
			continue
		}
		v := *fl.value(&f)
		if v == "" {
			continue
		}
		if fl.Show != nil {
			v = fl.Show(lang, v)
		}
		fmt.Fprintf(&b, "%s：%s\n", pick(lang, fl.Label), show(v))
	}
	if desc != "" {
		fmt.Fprintf(&b, "%s：%s\n", label(lang, fieldDescription), show(desc))
	}
	return strings.TrimRight(b.String(), "\n")
}

// cardTurns is how much of the conversation a card shows.
const cardTurns = 6

// cardLimit is the longest card, in UTF-16 code units (Telegram's count,
// the strictest a channel uses): under Telegram's 4,096 with room for the
// channel's footer, so that a card goes as one message where it can.
const cardLimit = 3800

// turnRunes is how much of one turn the card's transcript shows.
const turnRunes = 100

// Card is the ticket as support agents see it; each channel adds how to
// answer it there. The fields come first; the transcript after them is cut
// to fit cardLimit, its oldest turns dropped first. Only a description too
// long for one message makes a longer card, for the channel to split.
// Whatever the merchant wrote is kept on one line after a label, so that
// none of it can start a line that passes for a field or a notice.
func Card(t *Ticket, turns int) string {
	var b strings.Builder
	topic := t.Topic
	if topic == "" {
		topic = "—"
	}
	fmt.Fprintf(&b, "🎫 工单 #%d · %s\n", t.ID, oneLine(topic))
	who := t.Merchant.Name
	if t.Merchant.Username != "" {
		who += " @" + t.Merchant.Username
	}
	fmt.Fprintf(&b, "商户：%s (%s)\n", oneLine(who), oneLine(t.Merchant.Key()))
	if t.Assignee != "" {
		fmt.Fprintf(&b, "处理人：%s\n", oneLine(t.Assignee))
	}
	b.WriteString(fieldLines(LangZH, t.Fields, t.Description, oneLine))
	b.WriteString("\n")
	if len(t.Articles) > 0 {
		fmt.Fprintf(&b, "已推送文章：%s\n", oneLine(strings.Join(t.Articles, ", ")))
	}
	if len(t.Earlier) > 0 {
		var es []string
		for _, e := range t.Earlier {
			topic := e.Topic
			if topic == "" {
				topic = "—"
			}
			state := "处理中"
			if e.Status == StatusClosed {
				state = "已关闭"
			}
			es = append(es, fmt.Sprintf("#%d %s（%s %s）", e.ID, oneLine(topic), e.CreatedAt.In(cst).Format("01-02"), state))
		}
		fmt.Fprintf(&b, "此前工单：%s\n", strings.Join(es, "，"))
	}
	if len(t.Transcript) > 0 {
		b.WriteString(transcript(t.Transcript, turns, cardLimit-textLen(b.String())))
	}
	return strings.TrimRight(b.String(), "\n")
}

// transcript shows the last turns of ts within room UTF-16 code units,
// dropping the oldest that do not fit and saying so.
func transcript(ts []Turn, turns, room int) string {
	const heading = "最近对话：\n"
	ts = ts[max(0, len(ts)-turns):]
	lines := make([]string, len(ts))
	size := textLen(heading)
	for i, turn := range ts {
		who := map[Role]string{RoleMerchant: "商户", RoleBot: "posbot", RoleAgent: "客服", RoleNote: "备注"}[turn.Role]
		lines[i] = fmt.Sprintf("  %s %s：%s\n", who, turn.At.In(cst).Format("01-02 15:04"), clip(oneLine(turn.Text), turnRunes))
		size += textLen(lines[i])
	}
	dropped := 0
	for ; dropped < len(lines) && size > room; dropped++ {
		if dropped == 0 {
			size += textLen(omitted(len(lines)))
		}
		size -= textLen(lines[dropped])
	}
	var b strings.Builder
	b.WriteString(heading)
	if dropped > 0 {
		b.WriteString(omitted(dropped))
	}
	for _, l := range lines[dropped:] {
		b.WriteString(l)
	}
	return b.String()
}

func omitted(n int) string { return fmt.Sprintf("  …（较早的 %d 条因篇幅省略）\n", n) }

// lineBreak is whatever a chat client may start a new line at.
var lineBreak = regexp.MustCompile(`\r\n|[\n\r\v\f\x{85}\x{2028}\x{2029}]`)

// oneLine keeps text someone else wrote on the line of its label: each
// line break becomes " ⏎ ".
func oneLine(s string) string {
	parts := lineBreak.Split(strings.TrimSpace(s), -1)
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " ⏎ ")
}

// Quoted marks every line of text after the first as quoted ("> "). A
// message to the agents has posbot's label on its first line, with the
// merchant's words after it ("💬 商户（工单 #4）：…"); quoted, no line the
// merchant wrote can pass for a field or for posbot's own notice.
func Quoted(text string) string {
	lines := lineBreak.Split(text, -1)
	for i := 1; i < len(lines); i++ {
		if lines[i] == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// clip shortens s to n characters, marking the cut with "…".
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n])) + "…"
	}
	return s
}

// textLen is the length of s in UTF-16 code units: characters outside the
// Basic Multilingual Plane (emoji, rare CJK) count two.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}
