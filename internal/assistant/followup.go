package assistant

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/kb"
)

// A merchant's message right after an answer is often only a reaction to
// it: thanks, "that didn't help", or a question about a part of it
// ("那扫码的呢", "钱呢"). Read alone it would find nothing, or the wrong
// article; read with the earlier question it continues the conversation.

// Courtesy marks small talk rather than a question the knowledge base
// lacks: channels record no gap for it and offer no feedback buttons.
const (
	CourtesyGreeting = "greeting"
	CourtesyClose    = "close"
	// CourtesyUnclear is a message too short to be a question: one letter
	// ("b", "x"), a lone interjection ("额", "呃") or a test ("测试"). It is
	// asked to describe the problem, and no gap is recorded.
	CourtesyUnclear = "unclear"
)

// testWords are what people type to see whether the bot is alive.
var testWords = map[string]bool{"测试": true, "测试一下": true, "试试": true, "试一下": true, "test": true, "testing": true, "测": true}

// isUnclear reports whether a message is too short to search: a single
// letter or character, or a test. A lone digit pair is a response code and
// is read elsewhere; a follow-up is read before this.
func isUnclear(folded string) bool {
	s := squeeze(folded)
	if testWords[s] {
		return true
	}
	r, n := utf8.DecodeRuneInString(s)
	return n > 0 && n == len(s) && unicode.IsLetter(r)
}

// FollowUpWindow is how long an answer stays the context of the next
// message. Turns without a time (evaluation, tests) always count.
const FollowUpWindow = time.Hour

// closeWords are what a merchant says to end a conversation; a message
// made of nothing else gets a short close. Text is folded and without
// spaces or punctuation.
var closeWords = []string{
	// longest first where one is a prefix of another
	"thankyouverymuch", "thankyousomuch", "thankyou", "thanks", "thank", "thx", "ty", "cheers",
	"gotit", "okay", "ok", "great", "perfect", "cool", "nice", "solved", "itworks", "worksnow", "thathelped", "helpful", "alright", "fine", "noted", "understood", "sure", "yes", "bye",
	"谢谢你们", "谢谢你", "谢谢您", "谢谢", "谢了", "多谢", "感谢", "感恩", "唔该", "辛苦了", "辛苦",
	"好的", "好滴", "好嘞", "好哒", "好吧", "好嘅", "好了", "好", "行吧", "行了", "行", "可以了", "可以", "嗯嗯", "嗯", "哦哦", "哦", "噢", "喔",
	"明白了", "明白", "知道了", "知道", "懂了", "清楚了", "收到", "了解", "解决了", "搞定了", "搞定", "成功了", "没事了", "没问题了", "没问题", "ok了",
	"晒", "啦", "了", "哈", "呀", "啊", "哟", "的", "你", "您", "大家", "very", "much", "so", "a", "lot", "all", "now", "it", "that", "the", "help", "for",
}

// isClose reports whether a message only thanks or acknowledges.
func isClose(folded string) bool {
	s := squeeze(folded)
	if s == "" || utf8.RuneCountInString(s) > 24 {
		return false
	}
	matched := false
	for s != "" {
		found := false
		for _, w := range closeWords {
			if strings.HasPrefix(s, w) {
				s, found = s[len(w):], true
				break
			}
		}
		if !found {
			return false
		}
		matched = true
	}
	return matched
}

// squeeze drops spaces, punctuation, symbols and emoji.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

var (
	// The steps did not help: 还是不行, 试过了没用, still not working.
	stillBroken = regexp.MustCompile(`还是(不行|不可以|没用|没有用|不好使|不管用|一样|老样子|那样|失败|报错|提示|刷不|没到|不到|没有到|没反应|不能|用不了|打不开|连不上|这样)|` +
		`(依然|仍然|还)(不行|失败|没用|一样)|都不行|也不行|都没用|也没用|没用[啊呀的哦了吧啦]*$|没有用|不管用|不好使|不起作用|没效果|没啥用|` +
		`试过了|试了[^，。,.]{0,6}(不行|没用|还是|也|都)|都试过|全试了|照做了|按你说的|照你说的|按照你说的|按步骤|按照步骤|解决不了|没解决|没有解决|搞不定|弄不好|` +
		`\b(still (not|doesn'?t|does not|isn'?t|won'?t|can'?t|no|the same|fail)|didn'?t (help|work)|did not (help|work)|doesn'?t work|does not work|not working|(tried|done) (that|it|this|everything|all)|same (problem|error|issue|thing)|no luck|not solved|no use|useless)\b`)
	// A question about a part of the last answer: 那扫码的呢, 如果是外卡呢,
	// what about QR.
	aspectStart = regexp.MustCompile(`^(那|那么|那如果|如果是|如果|要是|换成|改成|还有|另外|而且|再|and\b|what about\b|how about\b|and if\b|what if\b|also\b)`)
	aspectEnd   = regexp.MustCompile(`(呢|嘞|捏|咧|呐|的话)[?？!！。.~～]*$`)
	// Words that carry no subject of their own, to tell "还是不行" from
	// "还是不行，现在提示网络连接失败".
	followFiller = regexp.MustCompile(`还是|依然|仍然|不行|不可以|没用|没有用|不好使|不管用|一样|老样子|失败|试过了|试了|试过|都|也|全|照做了|按你说的|照你说的|按照你说的|按步骤|按照步骤|解决不了|没解决|没有解决|搞不定|弄不好|我|了|啊|呀|的|吧|呢|哦|啦|你|说|上面|这些|那些|方法|办法|步骤|都试|\b(still|not|doesn'?t|does|no|didn'?t|did|help|work|working|tried|done|that|it|this|everything|all|same|problem|error|issue|thing|luck|solved|use|useless|i|have|has|the|but|and|it'?s|is|yet)\b`)
)

// answered is the exchange a follow-up continues: the merchant's question
// and what posbot answered it with.
type answered struct {
	Question string
	Article  string // an article id or "response-code:51"
	Topic    kb.Topic
}

// followUpOf is the answered exchange a message follows. ok is false when
// the history holds no recent answer.
func followUpOf(history []Turn, k *kb.KB, now time.Time) (prev answered, ok bool) {
	for i := len(history) - 1; i >= 0; i-- {
		t := history[i]
		if t.Role == RoleMerchant {
			continue
		}
		if t.Role != RoleBot || t.Action == ActionHandoff {
			return answered{}, false
		}
		if !t.At.IsZero() && now.Sub(t.At) > FollowUpWindow {
			return answered{}, false
		}
		switch art := k.Article(t.Article); {
		case art != nil && art.Answers():
			prev.Topic = art.Topic
		case strings.HasPrefix(t.Article, "response-code:"):
			prev.Topic = kb.TopicDeclined
		default:
			return answered{}, false
		}
		prev.Article = t.Article
		// The merchant's question is the turn before; a short one was itself
		// a follow-up, so the one before it joins.
		var qs []string
		for j := i - 1; j >= 0 && len(qs) < 2; j-- {
			if history[j].Role != RoleMerchant {
				if len(qs) > 0 {
					break
				}
				continue
			}
			qs = append([]string{history[j].Text}, qs...)
			if utf8.RuneCountInString(history[j].Text) > shortFollowUp {
				break
			}
		}
		prev.Question = strings.Join(qs, " ")
		return prev, true
	}
	return answered{}, false
}

// shortFollowUp is the most runes (or English words ×2) a message may have
// to be read as a reaction to the last answer rather than a new question.
const shortFollowUp = 14

// short reports whether a message is short enough to be a follow-up.
func short(raw string) bool {
	s := strings.TrimSpace(raw)
	if isEnglishText(s) {
		return len(strings.Fields(s)) <= 7
	}
	return utf8.RuneCountInString(squeeze(s)) <= shortFollowUp
}

func isEnglishText(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// substance reports whether a "still broken" message says something new
// ("还是不行，现在提示网络连接失败"), to be answered as a question.
func substance(folded string) bool {
	rest := followFiller.ReplaceAllString(folded, " ")
	return utf8.RuneCountInString(squeeze(rest)) >= 4
}
