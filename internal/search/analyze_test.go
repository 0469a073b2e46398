package search

import (
	"bufio"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/knowledge"
)

// analyze gives the terms bleve's analyzer gives, on the knowledge base,
// the evaluation questions and random text mixing Chinese, English,
// punctuation and the characters that send text to bleve whole.
func TestAnalyzeMatchesBleve(t *testing.T) {
	k, err := kb.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Build(k)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var texts []string
	for _, a := range k.Articles {
		texts = append(texts, a.Title, a.Body, a.English, strings.Join(a.Keywords, " | "))
		texts = append(texts, a.Questions...)
	}
	for _, name := range []string{"../../knowledge/eval/questions.tsv", "../../knowledge/eval/conversations.tsv"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			texts = append(texts, strings.Split(sc.Text(), "\t")...)
		}
		f.Close()
	}
	// The knowledge base and real questions take the one-pass path.
	slow := 0
	for _, text := range texts {
		if !plainText(ix.prep.prepare(text)) {
			slow++
		}
	}
	if slow > len(texts)/100 {
		t.Errorf("%d of %d real texts went to bleve whole", slow, len(texts))
	}
	pieces := []string{"扫", "码", "没到账", "終端", "pos", "POS", "machine's", "don't", "don’t", "it’s", "a.b", "e.g.", "t+1", "the", "is", "running", "  ",
		"，", "。", "、", "“", "”", "‘", "’", "·", "—", "…", "（", "）", "【", "】", "《", "》", "-", "_", "'", ".", ":", "?", "!", "/", "%", "#",
		"7", "42", "3.5", "¥", "×", "→", "✅", "📖", "👍🏻", "e\u0301", "カード", "ひらがな", "한국", "ไทย", "\u3005", "〇", "𠀀", "\u200d", "\ufe0f", "Ⅱ", "ＡＢ", "ß"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		for _, s := range []string{text, ix.prep.prepare(text)} {
			got, want := ix.analyze(s, nil), ix.bleveTerms(s, nil)
			if !sameTerms(got, want) {
				t.Errorf("analyze(%q):\n got %v\nwant %v", s, got, want)
			}
		}
	}
}

func sameTerms(a, b []term) bool {
	key := func(ts []term) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = string(rune('0'+t.kind)) + t.text
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}
