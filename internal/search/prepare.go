package search

import (
	"regexp"
	"sort"
	"strings"

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
	// When it happened is for the support agent, not for finding the answer.
	"今天", "昨天", "前天", "明天", "上午", "下午", "晚上", "早上", "中午", "刚才", "刚刚", "凌晨",
	"?", "？", "!", "！", "。", "，", ",", "、", "~", "…",
}

// details are a transaction's particulars: amounts, dates, times, counts,
// merchant and terminal numbers. They tell an agent which transaction, not
// what the trouble is, so they are cut out before searching.
var details = regexp.MustCompile(`[0-9]+([.:][0-9]+)?\s*(%|元|块钱|块|万|千|百|笔|天|日|号|月|年|点半|点|分钟|分|小时|秒|次|台|个|张|w|k)?`)

type preparer struct {
	han   *strings.Replacer
	ascii *regexp.Regexp
	canon map[string]string // folded ASCII synonym -> canonical word
}

func newPreparer(groups []kb.SynonymGroup) *preparer {
	type pair struct{ from, to string }
	var pairs []pair
	p := &preparer{canon: map[string]string{}}
	var asciiWords []string
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
				asciiWords = append(asciiWords, regexp.QuoteMeta(w))
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
	if len(asciiWords) > 0 {
		sort.Slice(asciiWords, func(i, j int) bool { return len(asciiWords[i]) > len(asciiWords[j]) })
		// An English word matches with its common endings too, so that
		// "arrived" and "arrives" need no line of their own.
		p.ascii = regexp.MustCompile(`\b(` + strings.Join(asciiWords, "|") + `)(s|es|ed|d|ing)?\b`)
	}
	return p
}

// prepare turns text into the form that is indexed and searched.
func (p *preparer) prepare(s string) string {
	s = textnorm.Fold(s)
	if p.ascii != nil {
		s = p.ascii.ReplaceAllStringFunc(s, func(w string) string {
			m := p.ascii.FindStringSubmatch(w)
			return " " + p.canon[m[1]] + " "
		})
	}
	s = details.ReplaceAllString(s, " ")
	return p.han.Replace(s)
}
