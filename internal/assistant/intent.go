package assistant

import (
	"regexp"
	"strings"

	"github.com/posbot/posbot/internal/kb"
)

// A merchant asking for a person is a request to honour, not a question to
// search: these phrases say so in Chinese and English. Text is folded
// (simplified, lower case) before matching.
var (
	personZH = regexp.MustCompile(`转人工|人工客服|人工服务|人工坐席|人工处理|转接人工|人工|真人|活人|客服人员|找客服|联系客服|客服电话|有人吗|有没有人|我要投诉|要投诉你们|别用机器人|不要机器人|机器人没用|跟机器说|和机器说|不想跟机器|负责人|领导|经理|叫个人|找个人|客服.*(打|回)(个)?电话|给我打电话`)
	personEN = regexp.MustCompile(`\b(human|real person|live person|agent|operator|representative|someone real|talk to (a )?person|speak to (a )?person|customer service|live (chat|support))\b`)
	// 人工智能 is "artificial intelligence", not a request for a person.
	notPerson = regexp.MustCompile(`人工智能`)
	greeting  = regexp.MustCompile(`^(你好|您好|hi|hello|hey|在吗|在不在|哈喽|嗨|早上好|下午好|晚上好|good (morning|afternoon|evening))[\s!！。.,，~]*$`)
)

func wantsPerson(folded string) bool {
	s := strings.ReplaceAll(folded, " ", "")
	if notPerson.MatchString(s) {
		s = notPerson.ReplaceAllString(s, "")
	}
	return personZH.MatchString(s) || personEN.MatchString(folded)
}

func isGreeting(folded string) bool { return greeting.MatchString(strings.TrimSpace(folded)) }

var (
	// A code right after a word that announces it: 提示51, 返回码:A0, error 96.
	codeAfter = regexp.MustCompile(`(应答码|返回码|响应码|错误码|错误代码|代码|代号|编码|码|code|error|err|提示|显示|报错|报|出现|弹出|跳出|失败|declined)\s*[:：]?\s*(?:是|为|了)?\s*([0-9a-z]{2})(?:[^0-9a-z]|$)`)
	// A code right before such a word: 51错误, A0是什么意思.
	codeBefore = regexp.MustCompile(`(?:^|[^0-9a-z])([0-9a-z]{2})\s*(?:号)?(错误|错|报错|代码|是什么意思|什么意思|啥意思|怎么办|怎么回事|咋办|咋回事)`)
	// A code standing on its own in a message about a failed payment:
	// "交易失败 05 不予承兑". Not followed by a unit, so "51块" stays money.
	codeInFailure = regexp.MustCompile(`(?:^|[^0-9a-z.])([0-9a-z]{2})(?:$|[^0-9a-z.%元块万千百笔个张号点天日月年分秒次台w])`)
	failure       = regexp.MustCompile(`失败|拒绝|不成功|不予承兑|刷不|declin|fail|reject`)
	// The whole message is a code.
	codeAlone = regexp.MustCompile(`^\s*([0-9a-z]{2})\s*[?？]?\s*$`)
	// Words after which an unknown code is still clearly a response code.
	strongMarker = regexp.MustCompile(`应答码|返回码|响应码|错误码|错误代码|code|error|err`)
)

// findCode returns the response code a merchant quotes, upper case, and
// whether it was announced clearly enough to answer even when the code is
// not in the table. Codes must be exact: "520元" is no code.
func findCode(folded string, k *kb.KB) (code string, strong bool) {
	for _, m := range codeAfter.FindAllStringSubmatch(folded, -1) {
		c := strings.ToUpper(m[2])
		if k.Code(c) != nil {
			return c, true
		}
		if strongMarker.MatchString(m[1]) && !isYearOrAmount(m[2]) {
			code, strong = c, true
		}
	}
	if code != "" {
		return code, strong
	}
	for _, m := range codeBefore.FindAllStringSubmatch(folded, -1) {
		if c := strings.ToUpper(m[1]); k.Code(c) != nil {
			return c, false
		}
	}
	if failure.MatchString(folded) {
		for _, m := range codeInFailure.FindAllStringSubmatch(folded, -1) {
			if c := strings.ToUpper(m[1]); k.Code(c) != nil {
				return c, false
			}
		}
	}
	if m := codeAlone.FindStringSubmatch(folded); m != nil {
		if c := strings.ToUpper(m[1]); k.Code(c) != nil {
			return c, false
		}
	}
	return "", false
}

// Two letters such as "is" after "error" are a word, not a code.
func isYearOrAmount(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return false
		}
	}
	return true
}
