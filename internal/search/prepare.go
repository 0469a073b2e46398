package search

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/textnorm"
)

// filler is conversational padding that carries no meaning for retrieval.
// Cutting it out on both sides keeps bigrams such as "了吗" or "我的" from
// counting as words the knowledge base cannot explain.
var filler = []string{
	"怎么办", "怎么回事", "怎么样", "怎么弄", "怎么搞", "咋回事", "咋整", "咋办", "为什么", "为啥",
	"是不是", "是什么", "什么", "怎么", "如何", "请问", "你好", "您好", "谢谢", "麻烦", "一下",
	"我们", "我的", "你们", "我", "你", "他", "她", "它", "这个", "那个", "这", "那",
	"咋", "啥", "吗", "呢", "啊", "吧", "呀", "哦", "嘛", "啦", "哈", "么", "的", "了", "着",
	"就", "都", "也", "又", "很", "太", "一直", "突然", "现在", "老是", "总是", "可以", "能不能",
	"会不会", "有没有", "要不要", "还是", "不行", "是", "没有", "被",
	// Sentence particles, Cantonese ones too (㗎, 喎, 囉): tone, not content.
	"㗎", "喎", "囉", "啰", "喇", "咯", "噃", "嘞", "诶", "嗯", "唉", "哎",
	// When it happened is for the support agent, not for finding the answer.
	"今天", "昨天", "前天", "明天", "上午", "下午", "晚上", "早上", "中午", "刚才", "刚刚", "凌晨", "至今", "迄今", "到现在",
	// Padding of a request: what to do with the question, not what it is about.
	"帮忙", "帮我", "查一下", "查查", "看看", "核查", "核实", "原因", "处理一下", "我司", "贵司", "合计",
	"?", "？", "!", "！", "。", "，", ",", "、", "~", "…",
}

// details are a transaction's particulars: amounts, dates, times, counts,
// merchant and terminal numbers. They tell an agent which transaction, not
// what the trouble is, so they are cut out before searching: digits, a
// decimal or time part, and a unit after them (cutDetails).
var detailUnits = []string{"%", "元", "块钱", "块", "万", "千", "百", "笔", "天", "日", "号", "月", "年", "点半", "点", "分钟", "分", "小时", "秒", "次", "台", "个", "张", "w", "k"}

// idLabels label identifiers (商户号898…, 尾号6621, 订单号 4200…): the label
// is cut with the number, since "结算卡尾号6621" is about the settlement
// card, not about 尾号. A label without a number stays.
var idLabels = []string{"商户号", "商户编号", "商编", "终端号", "终端编号", "尾号", "卡号", "参考号", "检索参考号", "凭证号", "批次号", "订单号", "交易单号", "流水号", "单号", "授权号", "手机号", "mid", "tid"}

// markRates puts the word 费率 (rate) where a fee rate is written as a
// number: "0.6", "0.38%", "2.5%". Such a number says what the question is
// about ("信用卡0.6 是不是太高了"), where other numbers are particulars cut
// out below. A number with a money unit (0.5元) is money, and a share of 5%
// or more (卡在99%) is no rate.
func markRates(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || i > 0 && (isDigit(s[i-1]) || s[i-1] == '.') {
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j+1 >= len(s) || s[j] != '.' || !isDigit(s[j+1]) || s[i:j] != "0" && (j-i > 1 || s[i] > '4') {
			continue
		}
		k := j + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if strings.Trim(s[i:k], "0.") == "" {
			continue // 0.00 is an amount, no rate
		}
		percent := k < len(s) && s[k] == '%'
		if s[i] != '0' && !percent {
			continue // 1.5 alone is an amount or a version
		}
		if percent {
			k++
		} else if rest := strings.TrimLeft(s[k:], " "); strings.HasPrefix(rest, "元") || strings.HasPrefix(rest, "块") || strings.HasPrefix(rest, "万") || isDigit(byteAt(rest, 0)) || byteAt(rest, 0) == '.' {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(" 费率 ")
		last, i = k, k-1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isSpace is regexp's \s.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// cutDetails replaces labelled identifiers, then the remaining numbers with
// their units, by a space. It does what the regular expressions
//
//	(商户号|…|tid)\s*[:：#]?\s*[0-9][0-9*xX\s-]*
//	[0-9]+([.:][0-9]+)?\s*(%|元|…|k)?
//
// replaced in turn, in a fraction of their time.
func cutDetails(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) < 0 {
		return s
	}
	return replaceMatches(replaceMatches(s, matchLabelled), matchDetail)
}

// replaceMatches replaces by a space every leftmost match of match, which
// returns the end of a match starting at i, or -1.
func replaceMatches(s string, match func(s string, i int) int) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if end := match(s, i); end > i {
			if b.Cap() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[last:i])
			b.WriteByte(' ')
			last, i = end, end
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// labelStarts are the first characters of idLabels, to try them only
// where one may begin.
var labelStarts = func() map[rune]bool {
	m := map[rune]bool{}
	for _, l := range idLabels {
		r, _ := utf8.DecodeRuneInString(l)
		m[r] = true
	}
	return m
}()

func matchLabelled(s string, i int) int {
	if r, _ := utf8.DecodeRuneInString(s[i:]); !labelStarts[r] {
		return -1
	}
	for _, l := range idLabels {
		if !strings.HasPrefix(s[i:], l) {
			continue
		}
		j := i + len(l)
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j < len(s) && (s[j] == ':' || s[j] == '#') {
			j++
		} else if strings.HasPrefix(s[j:], "：") {
			j += len("：")
		}
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j >= len(s) || !isDigit(s[j]) {
			// Without a number after the separator, regexp would have
			// tried again with no separator, and without it the
			// spaces: neither can reach a digit either.
			continue
		}
		for j < len(s) && (isDigit(s[j]) || s[j] == '*' || s[j] == 'x' || s[j] == 'X' || s[j] == '-' || isSpace(s[j])) {
			j++
		}
		return j
	}
	return -1
}

func matchDetail(s string, i int) int {
	if !isDigit(s[i]) {
		return -1
	}
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j+1 < len(s) && (s[j] == '.' || s[j] == ':') && isDigit(s[j+1]) {
		j++
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	for j < len(s) && isSpace(s[j]) {
		j++
	}
	for _, u := range detailUnits {
		if strings.HasPrefix(s[j:], u) {
			return j + len(u)
		}
	}
	return j
}

type preparer struct {
	dialect  *strings.Replacer // Cantonese and dialect words to Mandarin, first
	han      *strings.Replacer
	canon    map[string]string // folded ASCII synonym (words joined by one space) -> canonical word
	maxWords int               // the most words of an ASCII synonym
}

func newPreparer(groups, dialect []kb.SynonymGroup) *preparer {
	type pair struct{ from, to string }
	var pairs []pair
	p := &preparer{canon: map[string]string{}, dialect: strings.NewReplacer()}
	var dargs []pair
	for _, g := range dialect {
		to := textnorm.Fold(g.Words[0])
		for _, w := range g.Words[1:] {
			dargs = append(dargs, pair{textnorm.Fold(w), to})
		}
	}
	if len(dargs) > 0 {
		sort.SliceStable(dargs, func(i, j int) bool { return len(dargs[i].from) > len(dargs[j].from) })
		args := make([]string, 0, 2*len(dargs))
		for _, pr := range dargs {
			args = append(args, pr.from, pr.to)
		}
		p.dialect = strings.NewReplacer(args...)
	}
	isFiller := map[string]bool{}
	for _, f := range filler {
		isFiller[f] = true
	}
	for _, g := range groups {
		canon := textnorm.Fold(g.Words[0])
		if isFiller[canon] {
			// Dialect for filler (点解 for 为什么) is filler too.
			canon = " "
		}
		if textnorm.HasHan(canon) {
			// Map the canonical word to itself so that a shorter synonym
			// inside it (网 in 网络) never rewrites it.
			pairs = append(pairs, pair{canon, canon})
		}
		for _, w := range g.Words[1:] {
			// "_" joins the words of an English phrase: not_received.
			w = strings.ReplaceAll(textnorm.Fold(w), "_", " ")
			if textnorm.HasHan(w) {
				pairs = append(pairs, pair{w, canon})
			} else {
				p.canon[w] = canon
				p.maxWords = max(p.maxWords, len(strings.Fields(w)))
			}
		}
	}
	for _, f := range filler {
		pairs = append(pairs, pair{f, " "})
	}
	// strings.Replacer tries the old strings in argument order at each
	// position: put longer ones first so 怎么办 wins over 怎么.
	sort.SliceStable(pairs, func(i, j int) bool { return len(pairs[i].from) > len(pairs[j].from) })
	args := make([]string, 0, 2*len(pairs))
	for _, pr := range pairs {
		args = append(args, pr.from, pr.to)
	}
	p.han = strings.NewReplacer(args...)
	return p
}

// endings are what an English word may carry and still match its synonym,
// so that "arrived" and "arrives" need no line of their own.
var endings = []string{"ing", "ed", "es", "s", "d"}

// asciiWord is a run of ASCII letters, digits and underscores: a word as
// regexp's \b sees it.
type asciiWord struct{ start, end int }

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c >= 'A' && c <= 'Z'
}

// lookup finds the canonical word of a phrase, allowing an ending on its
// last word.
func (p *preparer) lookup(phrase string) (string, bool) {
	if c, ok := p.canon[phrase]; ok {
		return c, true
	}
	for _, e := range endings {
		stem, ok := strings.CutSuffix(phrase, e)
		if !ok || stem == "" {
			continue
		}
		if c, ok := p.canon[stem]; ok {
			return c, true
		}
		if e == "ing" || e == "ed" {
			// unfreezing, activated: the word lost its e; stopped, blocking
			// ... the last consonant doubled.
			if c, ok := p.canon[stem+"e"]; ok {
				return c, true
			}
			if n := len(stem); n >= 2 && stem[n-1] == stem[n-2] {
				if c, ok := p.canon[stem[:n-1]]; ok {
					return c, true
				}
			}
		}
	}
	return "", false
}

// foldASCII replaces English synonyms, the longest phrase first, with their
// canonical word. Words of a phrase are separated by spaces only.
func (p *preparer) foldASCII(s string) string {
	if len(p.canon) == 0 {
		return s
	}
	var words []asciiWord
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		words = append(words, asciiWord{i, j})
		i = j
	}
	if len(words) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	var phrase []byte
	for i := 0; i < len(words); {
		matched := 0
		var canon string
		for n := min(p.maxWords, len(words)-i); n >= 1; n-- {
			// the words must be joined by spaces alone
			ok := true
			phrase = phrase[:0]
			for k := i; k < i+n; k++ {
				if k > i {
					if strings.Trim(s[words[k-1].end:words[k].start], " ") != "" {
						ok = false
						break
					}
					phrase = append(phrase, ' ')
				}
				phrase = append(phrase, s[words[k].start:words[k].end]...)
			}
			if !ok {
				continue
			}
			if c, found := p.lookup(string(phrase)); found {
				matched, canon = n, c
				break
			}
		}
		if matched == 0 {
			i++
			continue
		}
		b.WriteString(s[last:words[i].start])
		b.WriteString(" " + canon + " ")
		last = words[i+matched-1].end
		i += matched
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// prepare turns text into the form that is indexed and searched.
func (p *preparer) prepare(s string) string {
	s = p.foldASCII(p.dialect.Replace(textnorm.Fold(s)))
	return p.han.Replace(cutDetails(markRates(s)))
}
