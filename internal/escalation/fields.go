package escalation

import (
	"fmt"
	"regexp"
	"strings"
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

func ptr(f *Fields, name string) *string {
	switch name {
	case FieldMerchantNo:
		return &f.MerchantNo
	case FieldTerminalNo:
		return &f.TerminalNo
	case FieldDate:
		return &f.Date
	case FieldTime:
		return &f.Time
	case FieldAmount:
		return &f.Amount
	case FieldPayMethod:
		return &f.PayMethod
	case FieldCode:
		return &f.Code
	case FieldReference:
		return &f.Reference
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

var (
	alnum15    = regexp.MustCompile(`^[0-9A-Za-z]{15}$`)
	alnum8     = regexp.MustCompile(`^[0-9A-Za-z]{8}$`)
	bareMoney  = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,2})?$`)
	refDigits  = regexp.MustCompile(`^[0-9]{6}$|^[0-9]{12}$|^[0-9]{16,32}$`)
	spaces     = regexp.MustCompile(`[\s-]+`)
	longDigits = regexp.MustCompile(`[0-9*]{5,}`)
)

// direct reads a reply to the question about name when Extract found
// nothing: a bare merchant number, "520", the text on the screen.
func direct(name, text string) (string, bool) {
	compact := spaces.ReplaceAllString(text, "")
	switch name {
	case FieldMerchantNo:
		return strings.ToUpper(compact), alnum15.MatchString(compact)
	case FieldTerminalNo:
		return strings.ToUpper(compact), alnum8.MatchString(compact)
	case FieldAmount:
		if bareMoney.MatchString(compact) {
			var v float64
			fmt.Sscanf(compact, "%g", &v)
			return fmt.Sprintf("%.2f", v), v > 0
		}
		return "", false
	case FieldReference:
		return compact, refDigits.MatchString(compact)
	case FieldTime:
		t := strings.TrimSpace(text)
		return t, t != "" && len([]rune(t)) <= 20 && !longDigits.MatchString(t)
	case FieldCode, FieldPayMethod, fieldDescription:
		t := strings.TrimSpace(text)
		return t, t != "" && len([]rune(t)) <= 500
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

func question(lang, name string) string {
	q := map[string][2]string{
		FieldMerchantNo:  {"请发一下商户号（15位，签购单或商户App上能找到）。", "What is your merchant number (15 characters, on the receipt or in the merchant app)?"},
		FieldTerminalNo:  {"终端号是多少？（8位，签购单上的“终端编号”）", "What is the terminal number (8 characters, on the receipt)?"},
		FieldDate:        {"交易是哪一天？请带上年份，例如 2026-11-20，或直接说“今天”“昨天”。", "Which day was the transaction? Please include the year, e.g. 2026-11-20, or say \"today\"/\"yesterday\"."},
		FieldTime:        {"大概几点？例如 15:30 或“下午3点”。", "At about what time? e.g. 15:30."},
		FieldAmount:      {"金额是多少元？", "What was the amount (yuan)?"},
		FieldPayMethod:   {"顾客是怎么付款的？扫码的话是用哪个钱包？", "How did the customer pay? For a QR payment, which wallet?"},
		FieldCode:        {"终端屏幕或签购单上显示的应答码或提示文字是什么？", "What response code or message did the terminal show?"},
		FieldReference:   {"签购单上的参考号（12位）或凭证号（6位）；扫码的话是交易单号。", "The reference number (12 digits) or voucher number (6 digits) on the receipt; for QR payments, the order number."},
		fieldDescription: {"请用一两句话描述一下问题。", "Please describe the problem in a sentence or two."},
	}[name]
	if lang == LangEN {
		return q[1]
	}
	return q[0]
}

func label(lang, name string) string {
	l := map[string][2]string{
		FieldMerchantNo: {"商户号", "Merchant no."}, FieldTerminalNo: {"终端号", "Terminal no."},
		FieldDate: {"交易日期", "Date"}, FieldTime: {"交易时间", "Time"}, FieldAmount: {"金额", "Amount"},
		FieldPayMethod: {"付款方式", "Paid by"}, FieldCode: {"应答码/提示", "Code / message"},
		FieldReference: {"参考号/凭证号", "Reference"}, fieldDescription: {"问题描述", "Problem"},
	}[name]
	if lang == LangEN {
		return l[1]
	}
	return l[0]
}

var fieldOrder = []string{FieldMerchantNo, FieldTerminalNo, FieldDate, FieldTime, FieldAmount, FieldPayMethod, FieldCode, FieldReference}

// summary lists the collected fields, one per line.
func summary(lang string, f Fields, desc string) string {
	var b strings.Builder
	for _, name := range fieldOrder {
		v := get(&f, name)
		if v == "" {
			continue
		}
		switch name {
		case FieldPayMethod:
			v = payName(lang, v)
		case FieldAmount:
			if lang == LangEN {
				v += " yuan"
			} else {
				v += " 元"
			}
		}
		fmt.Fprintf(&b, "%s：%s\n", label(lang, name), v)
	}
	if desc != "" {
		fmt.Fprintf(&b, "%s：%s\n", label(lang, fieldDescription), desc)
	}
	return strings.TrimRight(b.String(), "\n")
}

// Card is the ticket as support agents see it in their chat.
func Card(t *Ticket, turns int) string {
	var b strings.Builder
	topic := t.Topic
	if topic == "" {
		topic = "—"
	}
	fmt.Fprintf(&b, "🎫 工单 #%d · %s\n", t.ID, topic)
	who := t.Merchant.Name
	if t.Merchant.Username != "" {
		who += " @" + t.Merchant.Username
	}
	fmt.Fprintf(&b, "商户：%s (id %d)\n", strings.TrimSpace(who), t.Merchant.UserID)
	b.WriteString(summary(LangZH, t.Fields, t.Description))
	b.WriteString("\n")
	if len(t.Articles) > 0 {
		fmt.Fprintf(&b, "已推送文章：%s\n", strings.Join(t.Articles, ", "))
	}
	if n := len(t.Transcript); n > 0 {
		b.WriteString("最近对话：\n")
		for _, turn := range t.Transcript[max(0, n-turns):] {
			who := map[Role]string{RoleMerchant: "商户", RoleBot: "posbot", RoleAgent: "客服"}[turn.Role]
			fmt.Fprintf(&b, "  %s %s：%s\n", who, turn.At.In(cst).Format("01-02 15:04"), firstLine(turn.Text))
		}
	}
	b.WriteString("回复本消息（论坛群里在本话题内发言）即转给商户；发送 /close 关闭工单。")
	return b.String()
}

// TopicName names a ticket's forum topic (at most 128 characters).
func TopicName(t *Ticket) string {
	name := fmt.Sprintf("#%d %s %s", t.ID, t.Topic, t.Merchant.Name)
	if r := []rune(strings.TrimSpace(name)); len(r) > 128 {
		name = string(r[:128])
	}
	return strings.TrimSpace(name)
}
