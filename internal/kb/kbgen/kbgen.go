// Package kbgen generates large, realistic knowledge bases: the kind a
// payment company's knowledge grows into over the years, with an article
// for every terminal model and fault, acquirer and settlement variant,
// response code, product, bank and region. It exists to measure posbot at
// the size of 10,000 articles (issue 14); nothing it writes is meant for
// merchants.
//
// Articles are composed from vocabularies (invented terminal vendors and
// models, invented acquirers, real banks, cities, industries, fault
// symptoms, settlement modes, risk rules) and sentence pools, so that term
// statistics look like a real large knowledge base: many distinct words, and
// a realistic share of common ones. Every article meets what `posbot kb
// check` asks of an editor. Output is deterministic for a seed.
package kbgen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/textnorm"
	"github.com/posbot/posbot/knowledge"
)

// Generate returns a knowledge base of n articles in all: every article of
// base, kept as it is so that its questions still find their answers, and
// n-len(base.Articles) generated ones (none if base already has n). The
// response codes, synonyms and dialect words are base's; with a nil base
// they are the shipped ones, and no shipped article is included.
//
// The result is what kb.Load makes of the files Write would write, so ids,
// files and lines are all set. When n is beyond what the vocabularies can
// compose (about 30,000 articles) the result has fewer.
// The same n, seed and base always give the same knowledge base.
func Generate(n int, seed int64, base *kb.KB) *kb.KB {
	if base == nil {
		shipped, err := kb.Load(knowledge.FS)
		if err != nil {
			panic("kbgen: shipped knowledge base: " + err.Error())
		}
		base = &kb.KB{Codes: shipped.Codes, Synonyms: shipped.Synonyms, Dialect: shipped.Dialect}
	}
	g := newGen(seed, base)
	arts := append(slices.Clone(base.Articles), g.generate(n-len(base.Articles))...)
	files := fstest.MapFS{}
	for name, data := range render(&kb.KB{Articles: arts, Codes: base.Codes, Synonyms: base.Synonyms, Dialect: base.Dialect}) {
		files[name] = &fstest.MapFile{Data: data}
	}
	k, err := kb.Load(files)
	if err != nil {
		// A generator bug, or a base that was never valid.
		panic("kbgen: generated knowledge base does not load: " + err.Error())
	}
	return k
}

// Write writes k into dir as a knowledge folder that kb.Load and `posbot kb
// check` accept: one markdown file per article under its topic's folder (a
// base article keeps its file name), and response-codes.tsv, synonyms.txt
// and dialect.txt. It creates dir if needed and overwrites files of the
// same names; other files in dir are left alone.
func Write(k *kb.KB, dir string) error {
	files := render(k)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	made := map[string]bool{}
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// render gives the files of a knowledge folder holding k, by slash path.
func render(k *kb.KB) map[string][]byte {
	files := make(map[string][]byte, len(k.Articles)+3)
	for _, a := range k.Articles {
		files[articlePath(a)] = renderArticle(a)
	}
	if len(k.Codes) > 0 {
		var b bytes.Buffer
		b.WriteString("code\tmeaning\tmeaning_en\taction\taction_en\n")
		for _, c := range sortedCodes(k.Codes) {
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\n", c.Code, oneLine(c.Meaning), oneLine(c.MeaningEN), oneLine(c.Action), oneLine(c.ActionEN))
		}
		files[kb.CodesFile] = b.Bytes()
	}
	for _, f := range []struct {
		name   string
		groups []kb.SynonymGroup
	}{{kb.SynonymsFile, k.Synonyms}, {kb.DialectFile, k.Dialect}} {
		if len(f.groups) == 0 {
			continue
		}
		var b bytes.Buffer
		for _, g := range f.groups {
			b.WriteString(strings.Join(g.Words, " "))
			b.WriteByte('\n')
		}
		files[f.name] = b.Bytes()
	}
	return files
}

func articlePath(a *kb.Article) string {
	if p := path.Clean(a.File); a.File != "" && strings.HasSuffix(p, ".md") && !strings.HasPrefix(p, "../") && !path.IsAbs(p) {
		return p
	}
	return string(a.Topic) + "/" + a.ID + ".md"
}

// frontMatter is an article's YAML front matter, keys in the order editors
// write them.
type frontMatter struct {
	ID        string   `yaml:"id"`
	Title     string   `yaml:"title"`
	Short     string   `yaml:"short,omitempty"`
	ShortEN   string   `yaml:"short_en,omitempty"`
	Topic     string   `yaml:"topic"`
	Keywords  []string `yaml:"keywords,flow"`
	Questions []string `yaml:"questions"`
	English   string   `yaml:"en,omitempty"`
}

func renderArticle(a *kb.Article) []byte {
	fm, err := yaml.Marshal(frontMatter{
		ID: a.ID, Title: a.Title, Short: a.Short, ShortEN: a.ShortEN, Topic: string(a.Topic),
		Keywords: a.Keywords, Questions: a.Questions, English: a.English,
	})
	if err != nil {
		panic("kbgen: " + err.Error()) // strings and lists of strings always marshal
	}
	var b bytes.Buffer
	b.Grow(len(fm) + len(a.Body) + 16)
	b.WriteString("---\n")
	b.Write(fm)
	b.WriteString("---\n")
	b.WriteString(a.Body)
	b.WriteByte('\n')
	return b.Bytes()
}

func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\t' || r == '\n' || r == '\r' }), " ")
}

func sortedCodes(m map[string]*kb.Code) []*kb.Code {
	out := make([]*kb.Code, 0, len(m))
	for _, c := range m {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// gen is one generation run: the random source, the vocabularies drawn for
// this seed, and what has been used so far.
type gen struct {
	r         *rand.Rand
	codes     []*kb.Code
	models    []*model
	acquirers []*acquirer
	ids       map[string]bool
	titles    map[string]bool
	questions map[string]bool // by kb.QuestionKey
	combos    map[string]bool
}

func newGen(seed int64, base *kb.KB) *gen {
	g := &gen{
		r:         rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		codes:     sortedCodes(base.Codes),
		ids:       map[string]bool{},
		titles:    map[string]bool{},
		questions: map[string]bool{},
		combos:    map[string]bool{},
	}
	for _, a := range base.Articles {
		g.ids[a.ID] = true
		g.titles[a.Title] = true
		for _, q := range a.Questions {
			g.questions[kb.QuestionKey(q)] = true
		}
	}
	g.models = g.drawModels()
	g.acquirers = g.drawAcquirers()
	return g
}

// generate makes up to n articles: one per response code first, then the
// families in proportion to their weights.
func (g *gen) generate(n int) []*kb.Article {
	var out []*kb.Article
	for _, c := range g.codes {
		if len(out) >= n {
			return out
		}
		if a := g.finish(g.codeArticle(c)); a != nil {
			out = append(out, a)
		}
	}
	// A family that cannot make a new article in many tries has used up
	// its combinations: it is dropped.
	weights := make([]int, len(families))
	total := 0
	for i, f := range families {
		weights[i] = f.weight
		total += f.weight
	}
	fails := make([]int, len(families))
	for len(out) < n && total > 0 {
		w, fi := g.r.IntN(total), 0
		for w >= weights[fi] {
			w -= weights[fi]
			fi++
		}
		var a *kb.Article
		for try := 0; try < 50 && a == nil; try++ {
			d := families[fi].make(g)
			if d == nil || g.combos[d.combo] {
				continue
			}
			g.combos[d.combo] = true
			a = g.finish(d)
		}
		if a == nil {
			if fails[fi]++; fails[fi] >= 5 {
				total -= weights[fi]
				weights[fi] = 0
			}
			continue
		}
		fails[fi] = 0
		out = append(out, a)
	}
	return out
}

// family makes articles of one kind, each from a combination of words.
type family struct {
	name   string
	weight int
	make   func(g *gen) *draft
}

// draft is an article before its questions are chosen: candidates in
// Chinese, in English and to be written in traditional characters, more
// than it needs, so that it can skip those another article already has.
type draft struct {
	combo                  string // what makes it unique in its family
	id, title              string
	topic                  kb.Topic
	keywords               []string
	zh, en, trad           []qset
	v                      vars // fills the questions' placeholders
	short, shortEN, answer string
	body                   string
}

// finish picks the draft's questions and makes it an article, or returns
// nil when its id or title is taken or it cannot have questions enough.
func (g *gen) finish(d *draft) *kb.Article {
	if d == nil || g.ids[d.id] || g.titles[d.title] {
		return nil
	}
	taken := map[string]bool{}
	pick := func(sets []qset, want int, conv func(string) string) []string {
		var got []string
		total := 0
		for _, s := range sets {
			total += s.len()
		}
		for _, i := range g.r.Perm(total) {
			if len(got) == want {
				break
			}
			j := 0
			for i >= sets[j].len() {
				i -= sets[j].len()
				j++
			}
			q := tidy(sets[j].at(i, d.v))
			if q == "" {
				continue
			}
			if conv != nil {
				q = conv(q)
			}
			k := kb.QuestionKey(q)
			if k == "" || taken[k] || g.questions[k] {
				continue
			}
			taken[k] = true
			got = append(got, q)
		}
		return got
	}
	nzh := 6 + g.r.IntN(6)
	zh := pick(d.zh, nzh, g.colloquial)
	trad := pick(append(slices.Clone(d.trad), d.zh...), 1+g.r.IntN(2), g.traditional)
	trad = slices.DeleteFunc(trad, func(q string) bool { return !textnorm.HasTraditional(q) })
	en := pick(d.en, 2+g.r.IntN(2), nil)
	en = slices.DeleteFunc(en, func(q string) bool { return !textnorm.IsEnglish(q) })
	qs := append(append(zh, trad...), en...)
	if len(trad) < kb.MinTraditionalQuestions || len(en) < kb.MinEnglishQuestions || len(qs) < kb.MinQuestions {
		return nil
	}
	for _, q := range qs {
		g.questions[kb.QuestionKey(q)] = true
	}
	g.ids[d.id] = true
	g.titles[d.title] = true
	return &kb.Article{
		ID:        d.id,
		Title:     d.title,
		Topic:     d.topic,
		Keywords:  dedupe(d.keywords),
		Questions: qs,
		Body:      strings.TrimSpace(d.body),
		English:   strings.TrimSpace(d.answer),
		Short:     clip(d.short, kb.MaxShort, "。；！"),
		ShortEN:   clip(d.shortEN, kb.MaxShortEN, "."),
		File:      string(d.topic) + "/" + d.id + ".md",
	}
}

// tidy collapses the spaces templates leave.
func tidy(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, " ，", "，")
	s = strings.ReplaceAll(s, "， ", "，")
	s = strings.ReplaceAll(s, " ,", ",")
	s = strings.TrimLeft(s, " ，,")
	return s
}

// clip shortens s to max characters at the end of a sentence.
func clip(s string, max int, ends string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max]
	for i := len(r) - 1; i > max/3; i-- {
		if strings.ContainsRune(ends, r[i]) {
			return string(r[:i+1])
		}
	}
	return string(r[:max-1]) + "…"
}

func dedupe(words []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(words))
	for _, w := range words {
		w = strings.TrimSpace(w)
		k := strings.ToLower(w)
		if w == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, w)
	}
	return out
}

// traditional writes q in traditional characters, as a merchant in Hong
// Kong, Macao or Taiwan would, sometimes with a Cantonese ending.
func (g *gen) traditional(q string) string {
	var b strings.Builder
	for _, r := range q {
		if t, ok := s2t[r]; ok {
			r = t
		}
		b.WriteRune(r)
	}
	out := b.String()
	if !textnorm.HasTraditional(out) || (g.r.IntN(4) == 0 && !asksAlready(q)) {
		out += pick(g.r, []string{" 點算", " 點搞", "，點算好", " 怎麼辦", " 係咪壞咗", "，要點處理", " 唔該"})
	}
	return out
}

// pick returns one of list at random.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// sample returns k of list in random order (all of them if k is larger).
func sample[T any](r *rand.Rand, list []T, k int) []T {
	idx := r.Perm(len(list))
	if k < len(idx) {
		idx = idx[:k]
	}
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

// subset returns between lo and hi of list, keeping its order: steps stay
// in the order they are done.
func subset[T any](r *rand.Rand, list []T, lo, hi int) []T {
	if hi > len(list) {
		hi = len(list)
	}
	if lo > hi {
		lo = hi
	}
	k := lo + r.IntN(hi-lo+1)
	idx := r.Perm(len(list))[:k]
	sort.Ints(idx)
	out := make([]T, k)
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

// qset is a set of candidate questions: every subject, ask and tail
// combined, placeholders filled. Sets are large and few of their questions
// are used, so a question is only made when it is picked.
type qset struct{ subjects, asks, tails []string }

// cross combines subjects, asks and tails into candidate questions.
func cross(subjects, asks, tails []string) qset { return qset{subjects, asks, tails} }

// list is a set of whole questions.
func list(qs ...string) qset { return qset{[]string{""}, qs, []string{""}} }

func (s qset) len() int { return len(s.subjects) * len(s.asks) * len(s.tails) }

// at makes question i of the set, or "" if that combination reads wrong: a
// tail is only added to an ask that does not already end as a question,
// and a Chinese subject runs into a Chinese ask as merchants type it.
func (s qset) at(i int, v vars) string {
	t := s.tails[i%len(s.tails)]
	i /= len(s.tails)
	a := v.fill(s.asks[i%len(s.asks)])
	sub := v.fill(s.subjects[i/len(s.asks)])
	if t != "" && asksAlready(a) && !strings.ContainsAny(t, "？?!！") {
		return ""
	}
	// The subject names what the ask names already: "汇通支付扫码盒子关店了扫码盒子怎么注销".
	for _, k := range namedVars {
		if w := v[k]; w != "" && strings.Contains(sub, w) && strings.Contains(a, w) {
			return ""
		}
	}
	sep := " "
	if endsHan(sub) && startsHan(a) {
		sep = ""
	}
	return sub + sep + a + v.fill(t)
}

// namedVars are the placeholders that name a thing: a question names each once.
var namedVars = []string{"a", "A", "p", "P", "m", "t", "T", "w", "W", "k", "K", "c", "C", "b", "B", "i", "I", "mode", "Mode"}

// questionEnds are the endings of an ask that is a question already.
var questionEnds = []string{"么", "吗", "啥", "意思", "处理", "解决", "办", "咋弄", "咋整", "回事", "多少", "哪", "呢", "？", "?", "吧", "不", "没", "谁", "几天", "多久", "to fix", "do", "mean"}

func asksAlready(a string) bool {
	a = strings.TrimSpace(a)
	for _, e := range questionEnds {
		if strings.HasSuffix(a, e) {
			return true
		}
	}
	return false
}

func endsHan(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.Is(unicode.Han, r)
}

func startsHan(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.Han, r)
}

// vars fills {name} placeholders.
type vars map[string]string

func (v vars) fill(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+j]
		val, ok := v[name]
		if !ok {
			val = s[i : i+j+1]
		}
		b.WriteString(s[:i])
		b.WriteString(val)
		s = s[i+j+1:]
	}
}

func (v vars) all(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = v.fill(s)
	}
	return out
}

// section formats a body section: a heading and a list, numbered or not.
func section(b *strings.Builder, heading string, items []string, numbered bool) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(b, "## %s\n\n", heading)
	for i, it := range items {
		if numbered {
			fmt.Fprintf(b, "%d. %s\n", i+1, it)
		} else {
			fmt.Fprintf(b, "- %s\n", it)
		}
	}
	b.WriteByte('\n')
}

func para(b *strings.Builder, heading, text string) {
	if heading != "" {
		fmt.Fprintf(b, "## %s\n\n", heading)
	}
	b.WriteString(text)
	b.WriteString("\n\n")
}
