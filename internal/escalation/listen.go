package escalation

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/posbot/posbot/internal/textnorm"
)

// override returns f with every field g has replacing f's: a value the
// merchant sends later corrects the earlier one. A wallet named before is
// not replaced by "qr", which only says it was a scan.
func override(f, g Fields) Fields {
	for _, fl := range fieldTable {
		if fl.value == nil {
			continue
		}
		v := *fl.value(&g)
		if v == "" || fl.Name == FieldPayMethod && v == "qr" && f.PayMethod != "" {
			continue
		}
		*fl.value(&f) = v
	}
	return f
}

// langOf is the language a message is written in: Chinese when it has Han
// characters, English when it is English words, otherwise (a bare number,
// "ok") the language so far.
func langOf(text, sofar string) string {
	switch {
	case strings.HasPrefix(text, "/"):
		// A command says nothing of the merchant's language.
	case textnorm.HasHan(text):
		return LangZH
	case textnorm.IsEnglish(text):
		return LangEN
	}
	if sofar == LangEN {
		return LangEN
	}
	return LangZH
}

// recent is the part of turns written within RecentWindow before now,
// starting at a merchant's message: the episode a handoff is about.
func recent(turns []Turn, now time.Time) []Turn {
	start := len(turns)
	for i := len(turns) - 1; i >= 0; i-- {
		if now.Sub(turns[i].At) > RecentWindow {
			break
		}
		start = i
	}
	for start < len(turns) && turns[start].Role != RoleMerchant {
		start++
	}
	return turns[start:]
}

// articlesOf lists, once each, the articles the bot answered with in turns.
func articlesOf(turns []Turn) []string {
	var out []string
	for _, t := range turns {
		if t.Role == RoleBot && t.Article != "" && !contains(out, t.Article) {
			out = append(out, t.Article)
		}
	}
	return out
}

// Words that carry no description of the problem: labels and particulars,
// corrections, requests for a person, courtesy. What is left of a message
// once they, digits and punctuation are gone says what went wrong.
var (
	detailWords = regexp.MustCompile(`商户编号|商户号|商编|终端编号|终端号|参考号|凭证号|交易单号|订单号|流水号|批次号|尾号|卡号|手机号|` +
		`金额|钱数|日期|时间|交易时间|交易日期|应答码|返回码|提示码|` +
		`今天|昨天|前天|大前天|上午|下午|晚上|早上|中午|凌晨|傍晚|刚才|刚刚|星期.|周.|礼拜.|月|日|号|点半|点|分|秒|元|块钱|块|万|千|百|` +
		`写错了|写错|弄错了|搞错了|错了|不对|应该是|应该|改成|改为|换成|更正|不是|就是|是|的|了|吧|啊|呢|哦|嗯|` +
		`转人工|人工客服|人工|真人|客服|找人|有人吗|在吗|你好|您好|谢谢|好的|麻烦|请|帮我|我要|我|转|` +
		`微信|支付宝|云闪付|银联|刷卡|扫码|银行卡|` +
		`跳过|不知道|不清楚|忘了|没有|无|取消|提交|确认|` +
		`怎么办|怎么弄|怎么回事|怎么|咋办|咋整|咋弄|咋|什么|啥|为什么|为啥|那|这|还|吗|么|呀|嘛|哈|快点|快`)
	englishDetail = map[string]bool{
		"merchant": true, "terminal": true, "number": true, "no": true, "id": true, "amount": true, "date": true, "time": true,
		"today": true, "yesterday": true, "am": true, "pm": true, "yuan": true, "rmb": true, "is": true, "it": true, "was": true,
		"the": true, "a": true, "an": true, "my": true, "i": true, "want": true, "need": true, "to": true, "talk": true, "speak": true,
		"with": true, "human": true, "person": true, "agent": true, "someone": true, "please": true, "get": true, "me": true,
		"should": true, "be": true, "not": true, "wrong": true, "sorry": true, "ok": true, "yes": true, "thanks": true,
		"wechat": true, "alipay": true, "card": true, "qr": true, "real": true, "support": true, "customer": true, "service": true,
	}
)

// describes reports whether text says something about the problem, not
// only particulars ("500元", "终端号是87654321") or a request for a person.
func describes(text string) bool {
	t := strings.ToLower(textnorm.Fold(text))
	if textnorm.HasHan(t) {
		t = detailWords.ReplaceAllString(t, "")
		n := 0
		for _, r := range t {
			if unicode.Is(unicode.Han, r) {
				n++
			}
		}
		return n >= 3
	}
	n := 0
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !englishDetail[w] && len(w) > 1 {
			n++
		}
	}
	return n >= 3
}

var correctionFiller = regexp.MustCompile(`写错了|写错|弄错了|搞错了|错了|不对|应该是|应该|改成|改为|换成|更正|不是|就是|是|为|:|：|should be|is|was|wrong|not`)

// correction reads a value for a field the message names, or a value whose
// shape says which field it is (15 characters: a merchant number, 8: a
// terminal, a bare sum: the amount), when Extract found nothing.
func correction(text string) (name, value string, ok bool) {
	lower := strings.ToLower(textnorm.Fold(text))
	for _, fl := range fieldTable {
		if fl.Names == nil {
			continue
		}
		if loc := fl.Names.FindStringIndex(lower); loc != nil {
			rest := lower[:loc[0]] + " " + lower[loc[1]:]
			rest = strings.TrimSpace(correctionFiller.ReplaceAllString(rest, " "))
			if v, ok := fl.Parse(strings.TrimSuffix(rest, "元")); ok && v != "" {
				return fl.Name, v, true
			}
		}
	}
	bare := strings.TrimSpace(correctionFiller.ReplaceAllString(lower, " "))
	for _, name := range []string{FieldMerchantNo, FieldTerminalNo, FieldAmount} {
		if v, ok := direct(name, strings.TrimSuffix(bare, "元")); ok {
			return name, v, true
		}
	}
	return "", "", false
}
