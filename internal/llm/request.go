package llm

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A reply may warn about a PIN, CVV or SMS code ("不要把密码告诉任何人",
// "never share your PIN") but never ask for one, grounded or not. Asking is
// told from warning clause by clause: a clause that asks (a verb of handing
// over with no negation before it) and names a secret, or whose neighbours in
// the sentence name one ("send me your card number, PIN and CVV").
var (
	sentenceEnd = regexp.MustCompile(`[。！？!?；;\n]+|\.(?:\s|$)`)
	clauseEnd   = regexp.MustCompile(`[，,：:()（）]+`)
	// politeAsk starts a new clause: "放心，不会泄露，请提供密码" asks
	// although 不会 comes first. 申请 and 邀请 are not requests.
	politeAsk = regexp.MustCompile(`(?i)(^|[^申邀])(请|麻烦|please\b)`)

	secretWord = regexp.MustCompile(`(?i)密码|口令|验证码|校验码|动态码|短信码|安全码|cvv2?|cvc2?|cvn2?|\bcsc\b|` +
		`卡背[面后]?的?三位|背面的?三位|收到的(?:\d|[四六])?位?(?:数字|码)|完整卡号|全部卡号|\bpin\b|pin码|passcode|password|\botp\b|one[- ]time (?:code|password)|` +
		`sms code|verification code|security code|full card number`)
	askVerb = regexp.MustCompile(`(?i)提供|告诉我|告知我|发给|发送|发我|发来|发过来|发一下|发出来|报给|报一下|报出|报上|` +
		`说出|说一下|念一下|念给|回复|私信|给我|交给|拍给|截图给|[问找向][你您]要|(?:需要|要)[你您]的|` +
		`\b(?:tell|give|send|text|show)\s+(?:me|us)\b|\bsend\s+(?:it|them|your|the)\b|\bprovide\b|\bshare\b|` +
		`\breply with\b|\bsubmit\b|\bforward\b|\bread (?:it )?out\b|\blet (?:me|us) know\b|\bwhat(?:'s| is) your\b|\bneed your\b`)
	// sentBy is before 发送 when the code is sent to the merchant, not by
	// them: "验证码会发送到你的手机".
	sentBy = regexp.MustCompile(`(?:会|已|已经|将|被|自动)$`)
	// warning before the verb makes the clause a warning, not a request: a
	// negation, or a third party doing the asking ("有人让你提供验证码").
	warning = regexp.MustCompile(`(?i)不|别|勿|禁止|切莫|绝不|从不|决不|never|\bnot\b|n't|\bno one\b|\bnobody\b|` +
		`有人|对方|他人|别人|陌生|自称|冒充|骗|假|\bsomeone\b|\banyone\b|\bscam|\bfraud|\bcaller\b`)
)

func checkSecretRequests(reply string) error {
	for _, s := range sentenceEnd.Split(reply, -1) {
		if c := askingClause(s); c != "" {
			return &GuardError{"reply asks for a PIN, CVV or SMS code: " + c}
		}
	}
	return nil
}

type clause struct {
	text         string
	secret, list bool // names a secret; is nothing but a list of them
	verb, asks   bool // has a verb of handing over; one not after a warning
	warns        bool // has a warning anywhere
}

// askingClause returns the clause of sentence s that asks for a secret.
func askingClause(s string) string {
	cs := clauses(s)
	for i, c := range cs {
		if !c.asks {
			continue
		}
		if c.secret || secretNearby(cs, i, 1) || secretNearby(cs, i, -1) {
			return strings.TrimSpace(c.text)
		}
	}
	return ""
}

// secretNearby walks from clause i in direction step over clauses that
// neither ask nor warn, and reports whether one is a bare list of secrets,
// the object of clause i ("…, PIN and CVV"). A secret said in passing
// ("验证码过期了，请回复人工") is not.
func secretNearby(cs []clause, i, step int) bool {
	for j := i + step; j >= 0 && j < len(cs); j += step {
		if cs[j].verb || cs[j].warns || cs[j].secret && !cs[j].list {
			return false
		}
		if cs[j].list {
			return true
		}
	}
	return false
}

// listFiller is what joins secrets in a list: "your PIN and CVV",
// "您的银行卡密码和短信验证码".
var listFiller = regexp.MustCompile(`(?i)\b(?:your|the|and|or|also|full|card)\b|你的|您的|银行卡|信用卡|卡片?的?|支付|交易|取款|登录|短信|手机|` +
	`和|或者?|及|以及|还有|也|都|、|[\s.。]`)

func bareSecrets(t string) bool {
	rest := listFiller.ReplaceAllString(secretWord.ReplaceAllString(t, ""), "")
	return utf8.RuneCountInString(rest) <= 2
}

func clauses(s string) []clause {
	s = politeAsk.ReplaceAllString(s, "$1\x00$2")
	var out []clause
	for _, t := range clauseEnd.Split(s, -1) {
		for _, t := range strings.Split(t, "\x00") {
			if strings.TrimSpace(t) != "" {
				out = append(out, newClause(t))
			}
		}
	}
	return out
}

func newClause(t string) clause {
	c := clause{text: t, secret: secretWord.MatchString(t), warns: warning.MatchString(t)}
	c.list = c.secret && bareSecrets(t)
	for _, v := range askVerb.FindAllStringIndex(t, -1) {
		if sentToMerchant(t, v[0], v[1]) {
			continue
		}
		c.verb = true
		c.asks = c.asks || !warning.MatchString(t[:v[0]])
	}
	return c
}

// sentToMerchant reports whether the verb at t[start:end] is 发送 said of
// the code the merchant receives: "会发送", "发送到你的手机".
func sentToMerchant(t string, start, end int) bool {
	if t[start:end] != "发送" {
		return false
	}
	next, _ := utf8.DecodeRuneInString(t[end:])
	return sentBy.MatchString(t[:start]) || next == '到' || next == '至'
}
