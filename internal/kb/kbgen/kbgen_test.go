package kbgen

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/textnorm"
	"github.com/posbot/posbot/knowledge"
)

func shipped(t *testing.T) *kb.KB {
	t.Helper()
	k, err := kb.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A generated knowledge base written to a folder loads, passes every
// editorial check, and keeps the shipped articles as they are.
func TestGenerateWriteLoadCheck(t *testing.T) {
	base := shipped(t)
	const n = 1000
	k := Generate(n, 1, base)
	if len(k.Articles) != n {
		t.Fatalf("%d articles, want %d", len(k.Articles), n)
	}
	dir := t.TempDir()
	if err := Write(k, dir); err != nil {
		t.Fatal(err)
	}
	loaded, err := kb.Load(os.DirFS(dir))
	if err != nil {
		t.Fatalf("kb.Load of the written folder: %v", err)
	}
	if ps := kb.Check(loaded); len(ps) > 0 {
		t.Errorf("kb check: %d problems, first: %v", len(ps), ps[:min(len(ps), 10)])
	}
	if len(loaded.Articles) != n || len(loaded.Codes) != len(base.Codes) || len(loaded.Synonyms) != len(base.Synonyms) || len(loaded.Dialect) != len(base.Dialect) {
		t.Errorf("loaded %d articles, %d codes, %d synonym and %d dialect groups; want %d, %d, %d, %d",
			len(loaded.Articles), len(loaded.Codes), len(loaded.Synonyms), len(loaded.Dialect), n, len(base.Codes), len(base.Synonyms), len(base.Dialect))
	}
	for _, a := range base.Articles {
		got := loaded.Article(a.ID)
		if got == nil {
			t.Errorf("shipped article %s missing", a.ID)
			continue
		}
		if got.File != a.File || got.Title != a.Title || got.Topic != a.Topic || got.Body != a.Body || got.English != a.English ||
			got.Short != a.Short || got.ShortEN != a.ShortEN || !reflect.DeepEqual(got.Questions, a.Questions) || !reflect.DeepEqual(got.Keywords, a.Keywords) {
			t.Errorf("shipped article %s changed on the way", a.ID)
		}
	}
	for _, c := range base.Codes {
		if got := loaded.Code(c.Code); got == nil || got.Meaning != c.Meaning || got.ActionEN != c.ActionEN {
			t.Errorf("code %s changed on the way: %+v", c.Code, got)
		}
	}
	// Every generated article sits in its topic's folder, and its English
	// is English.
	for _, a := range loaded.Articles {
		if a.Answers() && a.Dir() != string(a.Topic) {
			t.Errorf("%s: topic %s in folder %s", a.ID, a.Topic, a.Dir())
		}
		// Response code articles quote the code table, which says 退货.
		if base.Article(a.ID) == nil && !strings.HasPrefix(a.ID, "declined-code-") && (textnorm.HasHan(a.English) || textnorm.HasHan(a.ShortEN)) {
			t.Errorf("%s: Chinese in the English answer: %q / %q", a.ID, a.ShortEN, a.English)
		}
	}
}

// The generated articles are varied: distinct titles, no question twice
// across the knowledge base, every topic, one article per response code,
// and a vocabulary well beyond the shipped one.
func TestVariety(t *testing.T) {
	base := shipped(t)
	k := Generate(2000, 7, base)
	titles := map[string]bool{}
	questions := map[string]string{}
	topics := map[kb.Topic]int{}
	codeArticles := 0
	for _, a := range k.Articles {
		if titles[a.Title] {
			t.Errorf("title %q twice", a.Title)
		}
		titles[a.Title] = true
		topics[a.Topic]++
		if strings.HasPrefix(a.ID, "declined-code-") {
			codeArticles++
		}
		for _, q := range a.Questions {
			key := kb.QuestionKey(q)
			if prev, dup := questions[key]; dup {
				t.Errorf("question %q in %s and %s", q, prev, a.ID)
			}
			questions[key] = a.ID
		}
	}
	for _, topic := range kb.Topics {
		if topics[topic] < 20 {
			t.Errorf("only %d articles on %s", topics[topic], topic)
		}
	}
	if codeArticles != len(base.Codes) {
		t.Errorf("%d response code articles, want one per code (%d)", codeArticles, len(base.Codes))
	}
	shippedWords, shippedN := vocabulary(base.Articles)
	allWords, allN := vocabulary(k.Articles)
	t.Logf("vocabulary: shipped %d words over %d tokens; generated KB %d words over %d tokens", len(shippedWords), shippedN, len(allWords), allN)
	// Proper nouns (models, acquirers, banks, cities, shops, people) keep
	// bringing new words, as they do in a growing knowledge base: at 2,000
	// articles about as many new words as the shipped articles have in all
	// (18,000 new against 18,000 shipped on 2026-12-07). Copies of the
	// shipped text would bring none.
	fresh := 0
	for w := range allWords {
		if _, ok := shippedWords[w]; !ok {
			fresh++
		}
	}
	if fresh < len(shippedWords)*4/5 {
		t.Errorf("%d words the shipped articles lack, want at least 4/5 of their %d", fresh, len(shippedWords))
	}
	// A realistic share of common words: the hundred most frequent carry a
	// good part of the text, but far from all of it.
	if top := topShare(allWords, allN, 100); top < 0.15 || top > 0.7 {
		t.Errorf("the 100 commonest words are %.0f%% of the text", 100*top)
	}
	// Bodies are composed, not copied: few bodies repeat.
	bodies := map[string]bool{}
	for _, a := range k.Articles {
		bodies[a.Body] = true
	}
	if len(bodies) < len(k.Articles)*95/100 {
		t.Errorf("%d distinct bodies over %d articles", len(bodies), len(k.Articles))
	}
}

// vocabulary counts the words of articles: CJK bigrams and Latin words.
func vocabulary(arts []*kb.Article) (map[string]int, int) {
	words := map[string]int{}
	n := 0
	for _, a := range arts {
		text := textnorm.Fold(strings.Join(append(append([]string{a.Title, a.Body, a.English}, a.Questions...), a.Keywords...), " "))
		var prev rune
		var latin strings.Builder
		flush := func() {
			if latin.Len() > 1 {
				words[latin.String()]++
				n++
			}
			latin.Reset()
		}
		for _, r := range text {
			switch {
			case r >= 0x4e00 && r <= 0x9fff:
				flush()
				if prev != 0 {
					words[string([]rune{prev, r})]++
					n++
				}
				prev = r
				continue
			case r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
				latin.WriteRune(r)
			default:
				flush()
			}
			prev = 0
		}
		flush()
	}
	return words, n
}

func topShare(words map[string]int, n, top int) float64 {
	counts := make([]int, 0, len(words))
	for _, c := range words {
		counts = append(counts, c)
	}
	// partial selection sort is enough for a test
	sum := 0
	for i := 0; i < top && i < len(counts); i++ {
		m := i
		for j := i + 1; j < len(counts); j++ {
			if counts[j] > counts[m] {
				m = j
			}
		}
		counts[i], counts[m] = counts[m], counts[i]
		sum += counts[i]
	}
	return float64(sum) / float64(n)
}

func TestDeterministic(t *testing.T) {
	base := shipped(t)
	a, b := Generate(400, 42, base), Generate(400, 42, base)
	c := Generate(400, 43, base)
	if !reflect.DeepEqual(render(a), render(b)) {
		t.Error("the same seed gave different knowledge bases")
	}
	if reflect.DeepEqual(render(a), render(c)) {
		t.Error("different seeds gave the same knowledge base")
	}
}

// Without a base there are no shipped articles, but the shipped codes and
// synonyms; with fewer articles asked for than base has, base is kept whole.
func TestBaseEdges(t *testing.T) {
	k := Generate(150, 1, nil)
	if len(k.Articles) != 150 || len(k.Codes) == 0 || len(k.Synonyms) == 0 {
		t.Fatalf("nil base: %d articles, %d codes, %d synonym groups", len(k.Articles), len(k.Codes), len(k.Synonyms))
	}
	for _, a := range k.Articles {
		if !strings.HasPrefix(a.ID, "declined-code-") && !strings.Contains(a.ID, "-") {
			t.Errorf("odd id %s", a.ID)
		}
	}
	base := shipped(t)
	if k := Generate(10, 1, base); len(k.Articles) != len(base.Articles) {
		t.Errorf("n below the base: %d articles, want the base's %d", len(k.Articles), len(base.Articles))
	}
	if ps := kb.Check(k); len(ps) > 0 {
		t.Errorf("kb check: %v", ps[:min(len(ps), 10)])
	}
}

// Every traditional form the generator writes folds back to the simplified
// character it came from.
func TestTraditionalTable(t *testing.T) {
	for s, tr := range s2t {
		if got := textnorm.Fold(string(tr)); got != string(s) {
			t.Errorf("%c → %c folds to %s", s, tr, got)
		}
	}
}

// Slugs of a vocabulary are unique, or ids could collide.
func TestSlugsUnique(t *testing.T) {
	for name, list := range map[string][]term{"vendors": vendorTerms, "acquirers": acquirerTerms, "banks": banks, "industries": industries, "merchant types": merchantTypes, "wallets": wallets, "cards": cardTypes} {
		seen := map[string]bool{}
		for _, x := range list {
			if seen[x.slug] || slug(x.slug) != x.slug {
				t.Errorf("%s: slug %q repeated or not a slug", name, x.slug)
			}
			seen[x.slug] = true
		}
	}
	seen := map[string]bool{}
	for _, c := range cities {
		if seen[c.slug] {
			t.Errorf("city slug %q twice", c.slug)
		}
		seen[c.slug] = true
	}
}

func TestWriteCreatesFolders(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := Write(Generate(100, 3, nil), dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, kb.CodesFile)); err != nil {
		t.Error(err)
	}
}

// Every industry has goods for its cases.
func TestGoodsForEveryIndustry(t *testing.T) {
	for _, in := range industries {
		if len(goods[in.slug]) == 0 {
			t.Errorf("no goods for %s", in.slug)
		}
	}
}
