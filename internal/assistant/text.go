package assistant

import (
	"regexp"
	"strings"

	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/textnorm"
)

type msgKey int

const (
	msgEmpty msgKey = iota
	msgHandoff
	msgGreeting
	msgNoAnswer
	msgTrouble
	msgUnknownCode
	msgCodeFooter
	msgEnglishOnlyChinese
	msgClose
	msgStillBroken
	msgFollowUnclear
)

var messages = map[msgKey][2]string{
	msgEmpty: {
		"请用一两句话描述遇到的问题，例如“扫码收款没到账”或“刷卡提示51”。",
		"Please describe the problem in a sentence or two, e.g. \"QR payment not credited\" or \"card declined with code 51\".",
	},
	msgHandoff: {
		"好的，正在为你转接人工客服。为了让同事尽快处理，请准备好商户号、终端号、交易日期时间和金额。请不要发送完整卡号、密码、CVV 或短信验证码。",
		"Sure, I am handing you over to a support agent. Please have your merchant number, terminal number, transaction date, time and amount ready. Never send a full card number, PIN, CVV or SMS code.",
	},
	msgGreeting: {
		"你好！我是 posbot，可以解答 POS 机和扫码收款的问题：终端暂停或冻结、交易被拦截、款项未到账、刷卡失败和应答码、费率、设备故障、办理和变更。请直接描述你的问题。",
		"Hello! I am posbot. I can help with POS and QR payments: suspended terminals, blocked transactions, missing credits, declined cards and response codes, fees, device faults and applications. Just describe your problem.",
	},
	msgNoAnswer: {
		"抱歉，知识库里没有能回答这个问题的内容。我只解答 POS 机和扫码收款相关的问题（暂停/冻结、交易受限、未到账、刷卡失败与应答码、费率、设备故障、办理）。需要人工帮助请回复“转人工”。",
		"Sorry, I have nothing in my knowledge base that answers this. I can only help with POS and QR payment problems (suspension, blocked transactions, missing credits, declined cards and response codes, fees, devices, applications). Reply \"human\" to talk to a person.",
	},
	msgTrouble: {
		"抱歉，系统暂时出了点问题，请稍后再试，或回复“转人工”。",
		"Sorry, something went wrong on our side. Please try again shortly, or reply \"human\" to talk to a person.",
	},
	msgUnknownCode: {
		"应答码 %s 不在常见码表中，可能是收单机构的私有代码，一般表示交易失败。请记下屏幕上的完整提示、交易时间和金额，稍后重试一次；仍失败请回复“转人工”，由同事帮你查询。",
		"Response code %s is not in the common code table; it may be your acquirer's private code and usually means the transaction failed. Note the full message on the screen, the time and the amount, and try once more; if it still fails, reply \"human\" and an agent will look it up.",
	},
	msgCodeFooter: {
		"如果照做后仍然失败，回复“转人工”，并告诉我们交易时间、金额和终端号。",
		"If it still fails, reply \"human\" and tell us the time, amount and terminal number.",
	},
	msgEnglishOnlyChinese: {
		"",
		"(This answer is only available in Chinese.)",
	},
	msgClose: {
		"不客气！还有问题随时发消息给我；需要人工帮助请回复“转人工”。",
		"You're welcome! Message me any time; reply \"human\" if you need a person.",
	},
	msgStillBroken: {
		"抱歉，照上面的步骤还没解决，这需要同事帮你查。正在为你转接人工客服：请准备好商户号、终端号、交易日期时间和金额。请不要发送完整卡号、密码、CVV 或短信验证码。",
		"Sorry the steps above did not solve it; a support agent needs to look. I am handing you over: please have your merchant number, terminal number, transaction date, time and amount ready. Never send a full card number, PIN, CVV or SMS code.",
	},
	msgFollowUnclear: {
		"抱歉，我没找到和上一个问题相关的进一步内容。可以换个说法具体描述一下现在的情况（例如屏幕提示、哪种收款方式、时间金额），或回复“转人工”由同事处理。",
		"Sorry, I have nothing more on the last question that fits. Describe what you see now in a sentence (the message on the screen, card or QR, time and amount), or reply \"human\" and an agent will help.",
	},
}

func msg(lang string, k msgKey) string {
	if lang == LangEN {
		return messages[k][1]
	}
	return messages[k][0]
}

var (
	mdHeading = regexp.MustCompile(`(?m)^#{1,6}\s*(.+?)\s*#*$`)
	mdBold    = regexp.MustCompile(`\*\*(.+?)\*\*|__(.+?)__`)
	mdBullet  = regexp.MustCompile(`(?m)^(\s*)[-*+]\s+`)
	blankRuns = regexp.MustCompile(`\n{3,}`)
)

// articleText is what a merchant is sent for an article: its title and its
// body in plain text, or the English answer when the merchant wrote English.
func articleText(a *kb.Article, lang string) string {
	if lang == LangEN {
		if a.English != "" {
			return a.English
		}
		return msg(LangEN, msgEnglishOnlyChinese) + "\n\n" + a.Title + "\n\n" + plain(a.Body)
	}
	return a.Title + "\n\n" + plain(a.Body)
}

// articleShort is an article's short answer in lang, "" if it has none
// (then the whole article goes at once).
func articleShort(a *kb.Article, lang string) string {
	if lang == LangEN {
		return a.ShortEN
	}
	return a.Short
}

// Article is the short and the full answer of the article id, in lang.
func (a *Assistant) Article(id, lang string) (short, full string, ok bool) {
	art := a.kb.Article(id)
	if art == nil || !art.Answers() {
		return "", "", false
	}
	return articleShort(art, lang), articleText(art, lang), true
}

// articleBody is an article's body alone, in the merchant's language: the
// words of an out-of-scope group's refusal.
func articleBody(a *kb.Article, lang string) string {
	if lang == LangEN && a.English != "" {
		return a.English
	}
	return plain(a.Body)
}

// plain renders the little markdown articles use as text that reads well in
// any chat: headings become 【…】, bold marks go, bullets become dots.
func plain(md string) string {
	s := mdHeading.ReplaceAllString(md, "【$1】")
	s = mdBold.ReplaceAllString(s, "$1$2")
	s = mdBullet.ReplaceAllString(s, "$1• ")
	s = blankRuns.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

// Found is an article an agent looked up to send a merchant.
type Found struct {
	ID, Title, Text string
	Topic           string
	// Exact is set when the query was the article's id; otherwise the
	// article is only the closest, for the agent to confirm.
	Exact bool
}

// Find looks up an answering article for an agent: the one whose id is
// query, or the one closest to query; its text is in lang.
func (a *Assistant) Find(query, lang string) (Found, bool) {
	query = strings.TrimSpace(query)
	if art := a.kb.Article(strings.ToLower(query)); art != nil && art.Answers() {
		return Found{ID: art.ID, Title: art.Title, Topic: string(art.Topic), Text: articleText(art, lang), Exact: true}, true
	}
	hits, err := a.search.Search(textnorm.Fold(query), 5)
	if err != nil {
		return Found{}, false
	}
	for _, h := range hits {
		if h.Article.Answers() {
			return Found{ID: h.Article.ID, Title: h.Article.Title, Topic: string(h.Article.Topic), Text: articleText(h.Article, lang)}, true
		}
	}
	return Found{}, false
}
