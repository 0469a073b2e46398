// Package assistant is posbot's core: a merchant's message in, one action and
// the reply to send out. It speaks posbot's own types and knows nothing of
// Telegram, bleve or any other adapter.
package assistant

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/settle"
	"github.com/posbot/posbot/internal/textnorm"
)

// Action is what posbot does with a message.
type Action string

// The actions: every message gets exactly one.
const (
	ActionAnswer   Action = "answer"    // an article or a response code fits
	ActionHandoff  Action = "handoff"   // the merchant asks for a person
	ActionNoAnswer Action = "no_answer" // nothing in the knowledge base fits
)

// Candidate is an article a Searcher found for a question.
type Candidate struct {
	Article *kb.Article
	// Score is the search engine's ranking score; only its order matters.
	Score float64
	// Confidence is the share of the question's meaning (0..1) that the
	// article accounts for, weighted by how rare each word is in the
	// knowledge base.
	Confidence float64
}

// Searcher finds the articles that fit a question, best first.
type Searcher interface {
	Search(question string, limit int) ([]Candidate, error)
}

// Language of a reply.
const (
	LangZH = "zh"
	LangEN = "en"
)

// Question is one message from a merchant.
type Question struct {
	Text string
	// Lang is a hint from the channel (e.g. Telegram's language_code); the
	// text itself decides when it is clearly English or Chinese.
	Lang string
	// History is the conversation before this message, oldest first: a
	// follow-up ("还是不行", "那扫码的呢") is read with the answer before it,
	// and the optional rephrasing step sees it.
	History []Turn
	// At is when the merchant wrote, if the channel knows (Telegram's
	// message date); relative days (昨天, 周五) are read against it, or
	// against the assistant's clock when zero.
	At time.Time
}

// Turn is an earlier message of the conversation.
type Turn struct {
	Role string // RoleMerchant, RoleBot or "agent"
	Text string
	// Article and Action are, on a bot turn, what posbot answered with.
	Article string
	Action  Action
	At      time.Time
}

// Roles of a turn.
const (
	RoleMerchant = "merchant"
	RoleBot      = "bot"
)

// Rephraser rewrites the answer for the merchant's exact question from the
// articles found, or says they do not answer it (noAnswer).
type Rephraser interface {
	Rephrase(ctx context.Context, q Question, articles []*kb.Article) (text string, noAnswer bool, err error)
}

// Reply is posbot's decision about one message.
type Reply struct {
	Action    Action
	Topic     kb.Topic
	ArticleID string // the article answered with, or "response-code:51"
	Code      string // the response code the merchant quoted, if any
	// Settlement is, on a money-arrival answer, the due day worked out.
	Settlement *settle.Estimate
	// Short is, on an article's answer, what to do now, sent first; Text
	// is then the full article, behind a 详细步骤 button. Empty when the
	// answer is short already (a response code, a rephrased answer).
	Short      string
	Confidence float64
	Lang       string
	Text       string // exactly what the merchant is sent
	Candidates []Candidate
	// Refusal is the out-of-scope group a no_answer came from, if any.
	Refusal string
	// Courtesy is set on small talk: a greeting (answered, topic general,
	// with what posbot can do), a close to thanks (a no_answer), or a request
	// to describe the problem when a message is too short to read (a
	// no_answer). There is nothing the knowledge base lacks, and nothing to
	// rate.
	Courtesy string
	// FollowUp is set when the message was read as a reaction to the
	// previous answer (Question.History).
	FollowUp bool
	// Rephrased is set when Text is the model's rewording; Fallback says why
	// the knowledge-base text was sent instead, when a model was asked, and
	// FallbackDetail says it in words, for the log.
	Rephrased      bool
	Fallback       FallbackReason
	FallbackDetail string
	LLMLatency     time.Duration
}

// FallbackReason is why the model's reply was not sent.
type FallbackReason string

// Fallback reasons; the empty reason means the model was not asked or its
// reply was sent.
const (
	FallbackGuard     FallbackReason = "guard"      // it said something the articles do not
	FallbackTimeout   FallbackReason = "timeout"    // it did not answer in time
	FallbackRateLimit FallbackReason = "rate_limit" // the server asked to slow down
	FallbackNoAnswer  FallbackReason = "no_answer"  // it found the articles do not answer
	FallbackError     FallbackReason = "error"      // anything else
)

// Reasoned is an error that knows its FallbackReason; a Rephraser's errors
// may implement it.
type Reasoned interface {
	FallbackReason() FallbackReason
}

// ReasonOf classifies a Rephraser's error.
func ReasonOf(err error) FallbackReason {
	var r Reasoned
	switch {
	case err == nil:
		return ""
	case errors.As(err, &r):
		return r.FallbackReason()
	case errors.Is(err, context.DeadlineExceeded):
		return FallbackTimeout
	}
	return FallbackError
}

// DefaultMinConfidence is the least Confidence an article needs to be sent.
// Calibrated with `posbot eval --sweep` on two thirds of
// ../shared/eval/dev-questions.tsv, the rest held out: since out-of-scope
// groups refuse most off-topic questions themselves, the threshold only
// has to catch questions near nothing at all (0.225: in-scope +6 points,
// off-topic refused unchanged, on both parts).
const DefaultMinConfidence = 0.225

// MaxQuestionRunes is the longest question read; the rest is ignored.
const MaxQuestionRunes = 2000

// Assistant answers merchants from one knowledge base.
type Assistant struct {
	kb            *kb.KB
	search        Searcher
	minConfidence float64
	settle        *settle.Rules // the settlement rules, for due days; nil: none
	rephraser     Rephraser
	now           func() time.Time
}

// WithRephraser adds the optional LLM step for article answers.
func WithRephraser(r Rephraser) Option { return func(a *Assistant) { a.rephraser = r } }

// Option configures an Assistant.
type Option func(*Assistant)

// WithMinConfidence sets the confidence an article needs to be sent.
func WithMinConfidence(c float64) Option { return func(a *Assistant) { a.minConfidence = c } }

// New returns an Assistant over k, finding articles with s.
func New(k *kb.KB, s Searcher, opts ...Option) *Assistant {
	a := &Assistant{kb: k, search: s, minConfidence: DefaultMinConfidence, now: time.Now}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Answer is AnswerContext without a deadline of its own.
func (a *Assistant) Answer(q Question) (Reply, error) {
	return a.AnswerContext(context.Background(), q)
}

// AnswerContext decides what to do with q. It always returns a Reply a
// merchant can be sent; the error, if any, is for the log.
func (a *Assistant) AnswerContext(ctx context.Context, q Question) (Reply, error) {
	raw := textnorm.Truncate(textnorm.Clean(q.Text), MaxQuestionRunes)
	// A sticker typed as its code ([捂脸], [流泪]) is a feeling, not words
	// of the question.
	raw = strings.TrimSpace(stickerCode.ReplaceAllString(raw, " "))
	folded := textnorm.Fold(raw)
	lang := detectLang(raw, q.Lang)
	r := Reply{Lang: lang}
	wants, vetoed := personIntent(folded)

	switch {
	case strings.TrimSpace(folded) == "":
		r.Action = ActionNoAnswer
		r.Text = msg(lang, msgEmpty)
		return r, nil
	case wants:
		r.Action = ActionHandoff
		r.Text = msg(lang, msgHandoff)
		return r, nil
	case isGreeting(folded):
		// A greeting is answered with what posbot can do: a general answer.
		r.Action, r.Topic, r.Courtesy = ActionAnswer, kb.TopicGeneral, CourtesyGreeting
		r.Text = msg(lang, msgGreeting)
		return r, nil
	case isClose(folded):
		r.Action, r.Courtesy = ActionNoAnswer, CourtesyClose
		r.Text = msg(lang, msgClose)
		return r, nil
	}
	if code, strong := findCode(folded, a.kb); code != "" && !consumerAsks(folded) {
		if c := a.kb.Code(code); c != nil {
			return a.codeReply(r, c), nil
		}
		if strong {
			r.Action, r.Topic, r.Code = ActionAnswer, kb.TopicDeclined, code
			r.ArticleID = "response-code:unknown"
			r.Confidence = 1
			r.Text = fmt.Sprintf(msg(lang, msgUnknownCode), code)
			return r, nil
		}
	}
	if prev, ok := followUpOf(q.History, a.kb, a.now()); ok {
		if done, err := a.followUp(ctx, q, folded, prev, &r); done {
			return r, err
		}
	}
	if isUnclear(folded) {
		r.Action, r.Courtesy = ActionNoAnswer, CourtesyUnclear
		r.Text = msg(lang, msgEmpty)
		return r, nil
	}
	cands, err := a.search.Search(folded, 3)
	if err != nil {
		r.Action = ActionNoAnswer
		r.Text = msg(lang, msgTrouble)
		return r, fmt.Errorf("assistant: search: %w", err)
	}
	if !vetoed && a.asksPersonInPart(folded, cands) {
		r.Action, r.Candidates = ActionHandoff, cands
		r.Text = msg(lang, msgHandoff)
		return r, nil
	}
	if vetoed {
		// A question about people ("客服说…", "客服几点下班") is never a
		// request, however close it reads to the handoff examples.
		kept := cands[:0:0]
		for _, c := range cands {
			if !c.Article.Handoff() {
				kept = append(kept, c)
			}
		}
		cands = kept
	}
	cands = a.inParts(folded, cands)
	a.decide(ctx, q, folded, cands, &r)
	a.settlement(q, folded, &r)
	return r, nil
}

// A long message tells a story around its question, and read whole its
// question's words are a small share of it: "我们面馆上个月搬到隔壁镇了 …
// 屏幕上写暂停业务 … 咋才能重新开" finds the suspension articles first, but
// below the confidence an answer needs. Such a message is read again a
// clause (and two neighbouring clauses) at a time; when a part alone is
// confidently closest to the article the whole message ranked first, that
// confidence stands. A part may only confirm the whole message's choice,
// never pick another article: one clause read alone ("要啥材料") can be
// confidently wrong. On the independent sets' held-out halves this answered
// 4 more of 166 in scope and refused as many off-topic questions.
const (
	longRunes = 20 // a message at least this long is read in parts
	maxParts  = 8  // parts searched at most
)

// inParts returns cands with the first one's confidence raised to what its
// most telling part gives it, for a long message read whole without
// confidence.
func (a *Assistant) inParts(folded string, cands []Candidate) []Candidate {
	if len(cands) == 0 || cands[0].Confidence >= a.minConfidence || !cands[0].Article.Answers() ||
		utf8.RuneCountInString(strings.ReplaceAll(folded, " ", "")) < longRunes {
		return cands
	}
	var parts []string
	for _, cl := range splitClauses(folded) {
		if cl = strings.TrimSpace(cl); cl != "" {
			parts = append(parts, cl)
		}
	}
	if len(parts) < 2 {
		return cands
	}
	for i, n := 0, len(parts); i+1 < n; i++ {
		parts = append(parts, parts[i]+" "+parts[i+1])
	}
	best := cands[0].Confidence
	for i, p := range parts {
		if i == maxParts {
			break
		}
		hits, err := a.search.Search(p, 1)
		if err == nil && len(hits) > 0 && hits[0].Article.ID == cands[0].Article.ID && hits[0].Confidence > best {
			best = hits[0].Confidence
		}
	}
	if best == cands[0].Confidence {
		return cands
	}
	out := slices.Clone(cands)
	out[0].Confidence = best
	return out
}

// stickerCode is how WeChat and QQ write an emoji in text: [捂脸], [强].
var stickerCode = regexp.MustCompile(`\[\p{Han}{1,4}\]|【\p{Han}{1,4}】`)

// clauseSep splits a message into its clauses; in Chinese a space does too.
var (
	clauseSep   = regexp.MustCompile(`[，。,.!！?？；;：:]+`)
	clauseSepZH = regexp.MustCompile(`[，。,.!！?？；;：:\s]+`)
)

// splitClauses splits folded into its clauses, at punctuation, and in
// Chinese at spaces too.
func splitClauses(folded string) []string {
	sep := clauseSep
	if textnorm.HasHan(folded) {
		sep = clauseSepZH
	}
	return sep.Split(strings.TrimSpace(folded), -1)
}

// asksPersonInPart reports whether one clause of a longer message, read
// alone, is closest to the handoff examples: "机器连不上网，麻烦转一下技术"
// states a problem and then asks for a person. It is tried only when the
// whole message already has the handoff group among its candidates.
func (a *Assistant) asksPersonInPart(folded string, cands []Candidate) bool {
	near := false
	for _, c := range cands {
		near = near || c.Article.Handoff()
	}
	if !near || len(cands) > 0 && cands[0].Article.Handoff() {
		return false
	}
	clauses := splitClauses(folded)
	if len(clauses) < 2 {
		return false
	}
	for i, cl := range clauses {
		if i == 4 || cl == "" {
			break
		}
		if wants, _ := personIntent(cl); wants {
			return true
		}
		if oneWord(cl) {
			// "翻译一下 thank you" splits into English words, each a clause
			// in Chinese text: one word alone says nothing of a request.
			continue
		}
		hits, err := a.search.Search(cl, 1)
		if err == nil && len(hits) > 0 && hits[0].Article.Handoff() && hits[0].Confidence >= a.minConfidence {
			return true
		}
	}
	return false
}

// oneWord reports whether a clause is a single word: one English word, or
// at most one Chinese character.
func oneWord(cl string) bool {
	cl = strings.TrimSpace(cl)
	if textnorm.HasHan(cl) {
		return utf8.RuneCountInString(cl) < 2
	}
	return !strings.ContainsAny(cl, " \t")
}

// decide answers with the best of cands, refuses, or finds nothing.
func (a *Assistant) decide(ctx context.Context, q Question, folded string, cands []Candidate, r *Reply) {
	lang := r.Lang
	r.Candidates = cands
	if len(cands) == 0 || cands[0].Confidence < a.minConfidence {
		r.Action = ActionNoAnswer
		if len(cands) > 0 {
			r.Confidence = cands[0].Confidence
		}
		r.Text = msg(lang, msgNoAnswer)
		return
	}
	best := byTopic(cands)
	if best.Article.Answers() && consumerAsks(folded) {
		// A cardholder's or shopper's question that reads close to both a
		// merchant's article and a refusal group is the refusal's.
		for _, c := range cands {
			if c.Article.Refusal() && c.Confidence >= best.Confidence-consumerLead {
				best = c
				break
			}
		}
	}
	if best.Article.Handoff() {
		// Closest to how merchants ask for a person: hand over.
		r.Action, r.Confidence = ActionHandoff, best.Confidence
		r.Text = msg(lang, msgHandoff)
		return
	}
	if best.Article.Refusal() {
		// The question is closest to what editors listed as out of scope:
		// refuse with that group's own words.
		r.Action, r.Refusal, r.Confidence = ActionNoAnswer, best.Article.ID, best.Confidence
		r.Text = articleBody(best.Article, lang)
		return
	}
	a.answerWith(ctx, q, best, cands, r)
}

// People who are not merchants write too, in the merchants' words: "a
// restaurant charged my card twice", "my refund isn't on my card", "how do
// I set up Apple Pay on my phone". When a message speaks of the writer's
// own card, account, phone or purchase and of nothing a merchant has (a
// customer, a terminal, a shop, a settlement), a refusal group among the
// candidates answers if it is within consumerLead of the best article. The
// refusal still comes from the knowledge base's examples; the wording only
// decides between what the knowledge base found. On the held-out halves of
// twelve independent sets: refused 237 to 245 of 276 off-topic, in scope
// unchanged (0.1: 241; 0.3: as 0.2).
const consumerLead = 0.2

var (
	consumerSide = regexp.MustCompile(`\b(as a (normal|regular|private|ordinary) (user|person|customer)|as a consumer|my own|my personal|charged me|i paid|i bought|i returned|my refund|my (visa|mastercard|amex|credit|debit|bank) card|my bank account|my (new )?(phone|iphone)|my wallet|at home|my home)\b|` +
		`(淘宝|京东|拼多多|网上|网购|抖音|闲鱼)[^，。,.]{0,3}买的|我自己的|我个人的|我的 ?(信用卡|银行卡|储蓄卡|工资卡|手机|iphone|苹果手机|电脑|笔记本)|扣了我|我买的|我付的|我退的|家里的|家里那台`)
	// strongConsumer: the writer says outright that they are the customer,
	// whatever merchant words follow ("I am the customer not the shop").
	strongConsumer = regexp.MustCompile(`\bi('m| am) (the |a |just a |only a )?(customer|cardholder|consumer|buyer|shopper)\b|\bnot the (shop|merchant|store)\b|\bas a (normal |regular )?(customer|consumer|cardholder)\b|我(是|只是)(个|一个)?(顾客|消费者|持卡人|买家)|我不是商户|作为(顾客|消费者|持卡人)`)
	merchantSide   = regexp.MustCompile(`\b(customers?|guests?|clients?|terminals?|pos|card machine|machine|card reader|reader|my (shop|store|business|restaurant|stall)|merchant|settlement|payouts?)\b|` +
		`顾客|客人|客户|终端|pos|机器|机子|商户|店里|我的店|结算|到账`)
)

// consumerAsks reports whether folded is written by a cardholder or
// shopper about their own card, phone or purchase, not by a merchant.
func consumerAsks(folded string) bool {
	return consumerSide.MatchString(folded) && !merchantSide.MatchString(folded) || strongConsumer.MatchString(folded)
}

// nearTie is how close to the best candidate's confidence another must be
// to count as tied with it.
const nearTie = 0.05

// byTopic returns the best of cands, unless the answering candidates tied
// with it (within nearTie) agree on another topic and together outweigh it:
// then the best of that topic. Two articles of one theme close behind a
// lone article of another say more about what the merchant means than the
// lone one's lead of a few hundredths. On the held-out halves of nine
// independent sets this answered 3 more of 553 in scope, and one more of
// the dev set, with no set worse.
func byTopic(cands []Candidate) Candidate {
	best := cands[0]
	if !best.Article.Answers() {
		return best
	}
	mass := map[kb.Topic]float64{}
	first := map[kb.Topic]Candidate{}
	for _, c := range cands {
		if !c.Article.Answers() || c.Confidence < best.Confidence-nearTie {
			continue
		}
		mass[c.Article.Topic] += c.Confidence
		if _, ok := first[c.Article.Topic]; !ok {
			first[c.Article.Topic] = c
		}
	}
	for t, m := range mass {
		if t != best.Article.Topic && m > mass[best.Article.Topic] {
			return first[t]
		}
	}
	return best
}

func (a *Assistant) answerWith(ctx context.Context, q Question, best Candidate, cands []Candidate, r *Reply) {
	r.Action = ActionAnswer
	r.Topic = best.Article.Topic
	r.ArticleID = best.Article.ID
	r.Confidence = best.Confidence
	r.Text = articleText(best.Article, r.Lang)
	r.Short = articleShort(best.Article, r.Lang)
	if a.rephraser != nil {
		a.rephrase(ctx, q, r.Lang, cands, r)
		if r.Rephrased || r.Action != ActionAnswer {
			r.Short = ""
		}
	}
}

// followUp reads a message as a reaction to the last answer, prev. done is
// false when the message is a question of its own, to be answered as usual.
func (a *Assistant) followUp(ctx context.Context, q Question, folded string, prev answered, r *Reply) (done bool, err error) {
	if stillBroken.MatchString(folded) && !substance(folded) {
		// The steps were tried and did not help: a person is next, with the
		// article the merchant already had.
		r.Action, r.FollowUp = ActionHandoff, true
		r.Topic, r.ArticleID = prev.Topic, prev.Article
		r.Text = msg(r.Lang, msgStillBroken)
		return true, nil
	}
	aspect := aspectStart.MatchString(folded) || aspectEnd.MatchString(folded)
	if !short(folded) && !aspect {
		return false, nil
	}
	alone, err := a.search.Search(folded, 3)
	if err != nil {
		return false, nil
	}
	confident := len(alone) > 0 && alone[0].Confidence >= a.minConfidence && alone[0].Article.Answers()
	if !aspect && confident {
		return false, nil
	}
	// Read with the earlier question; only the same theme may answer, so a
	// follow-up never jumps to an unrelated article.
	joined, err := a.search.Search(textnorm.Fold(prev.Question)+" "+folded, 5)
	if err != nil {
		return false, nil
	}
	for _, c := range joined {
		if !c.Article.Answers() || c.Article.Topic != prev.Topic || c.Confidence < a.minConfidence {
			continue
		}
		r.FollowUp = true
		r.Candidates = joined
		a.answerWith(ctx, q, c, joined, r)
		return true, nil
	}
	if confident {
		return false, nil
	}
	r.Action, r.FollowUp = ActionNoAnswer, true
	r.Candidates = joined
	r.Topic = ""
	r.Text = msg(r.Lang, msgFollowUnclear)
	return true, nil
}

// rephrase asks the model to answer from the articles found. The
// knowledge-base text stays whenever the model fails, is slow, or says
// something the articles do not.
func (a *Assistant) rephrase(ctx context.Context, q Question, lang string, cands []Candidate, r *Reply) {
	var arts []*kb.Article
	for _, c := range cands {
		if c.Confidence >= a.minConfidence && c.Article.Answers() && len(arts) < 2 {
			arts = append(arts, c.Article)
		}
	}
	q.Lang = lang
	start := time.Now()
	text, noAnswer, err := a.rephraser.Rephrase(ctx, q, arts)
	r.LLMLatency = time.Since(start)
	switch {
	case err != nil:
		r.Fallback, r.FallbackDetail = ReasonOf(err), err.Error()
	case noAnswer:
		r.Action, r.Topic, r.ArticleID = ActionNoAnswer, "", ""
		r.Text = msg(lang, msgNoAnswer)
		r.Fallback, r.FallbackDetail = FallbackNoAnswer, "model: the articles do not answer"
	default:
		r.Text, r.Rephrased = text, true
	}
}

func (a *Assistant) codeReply(r Reply, c *kb.Code) Reply {
	r.Action, r.Topic, r.Code = ActionAnswer, kb.TopicDeclined, c.Code
	r.ArticleID = "response-code:" + c.Code
	r.Confidence = 1
	if r.Lang == LangEN && c.MeaningEN != "" && c.ActionEN != "" {
		r.Text = fmt.Sprintf("Response code %s: %s\nWhat to do: %s\n\n%s", c.Code, c.MeaningEN, c.ActionEN, msg(LangEN, msgCodeFooter))
	} else {
		r.Text = fmt.Sprintf("应答码 %s：%s\n怎么办：%s\n\n%s", c.Code, c.Meaning, c.Action, msg(LangZH, msgCodeFooter))
	}
	return r
}

func detectLang(text, hint string) string {
	switch {
	case textnorm.HasHan(text):
		return LangZH
	case textnorm.IsEnglish(text):
		return LangEN
	case strings.HasPrefix(strings.ToLower(hint), "en"):
		return LangEN
	}
	return LangZH
}

// MerchantTurn is a merchant's message as history.
func MerchantTurn(text string) Turn { return Turn{Role: RoleMerchant, Text: text} }

// BotTurn is posbot's reply as history: what was said and which article.
func BotTurn(r Reply) Turn {
	return Turn{Role: RoleBot, Text: r.Text, Article: r.ArticleID, Action: r.Action}
}
