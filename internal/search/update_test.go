package search_test

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/eval"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/search"
	"github.com/posbot/posbot/knowledge"
)

// edited returns a copy of k with one article's text changed, one removed
// and one added.
func edited(t *testing.T, k *kb.KB, step int) *kb.KB {
	t.Helper()
	out := &kb.KB{Synonyms: k.Synonyms, Dialect: k.Dialect, Codes: k.Codes}
	for i, a := range k.Articles {
		switch {
		case i == step: // removed
			continue
		case i == step+1:
			b := *a
			b.Body = a.Body + "\n\n若仍无法解决，请记下终端序列号和出错时间，联系客服。"
			b.Questions = append(cloneStrings(a.Questions), "这个问题反复出现怎么处理")
			out.Articles = append(out.Articles, &b)
		default:
			out.Articles = append(out.Articles, a)
		}
	}
	model := []string{"A8", "K300", "MP70"}[step%3]
	out.Articles = append(out.Articles, &kb.Article{
		ID: "device-battery-swelling-" + strings.ToLower(model), Topic: "device", Title: model + "电签POS电池鼓包",
		Keywords:  []string{"电池鼓包", "后盖顶起", "battery swelling"},
		Questions: []string{model + "机器电池鼓起来了", "后盖被顶开了", "电池变形还能用吗", "the battery of my " + model + " is swollen"},
		Body:      "电池鼓包有起火风险：立即停用，关机后放在远离易燃物的地方，不要充电，联系服务商换电池或换机。",
		English:   "A swollen battery can catch fire: stop using the terminal, keep it away from anything flammable, do not charge it, and ask for a replacement.",
		File:      "device/battery.md",
	})
	return out
}

func cloneStrings(s []string) []string { return append([]string(nil), s...) }

func questionsFor(t *testing.T, ks ...*kb.KB) []string {
	var qs []string
	for _, k := range ks {
		for _, a := range k.Articles {
			qs = append(qs, a.Title)
			qs = append(qs, a.Questions...)
		}
	}
	f, err := os.Open("../../knowledge/eval/questions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := eval.Parse(f, "questions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		qs = append(qs, c.Question)
	}
	return append(qs, "電池鼓包了", "反复出现", "终端序列号", "扫码没到账", "51")
}

// sameAnswers fails unless got and want rank the same articles with the
// same confidences for every question.
func sameAnswers(t *testing.T, got, want *search.Index, qs []string) {
	t.Helper()
	bad := 0
	for _, q := range qs {
		g, err := got.Search(q, 5)
		if err != nil {
			t.Fatal(err)
		}
		w, err := want.Search(q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if !sameHits(g, w) {
			bad++
			if bad <= 5 {
				t.Errorf("Search(%q):\nupdated %v\nfresh   %v", q, ids(g), ids(w))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d questions answered differently", bad, len(qs))
	}
}

func sameHits(a, b []assistant.Candidate) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Article.ID != b[i].Article.ID || math.Abs(a[i].Confidence-b[i].Confidence) > 1e-9 || math.Abs(a[i].Score-b[i].Score) > 1e-9 {
			return false
		}
	}
	return true
}

// An updated index answers exactly as one built afresh from the same
// articles, after one update and after several.
func TestUpdateAnswersAsFreshBuild(t *testing.T) {
	k0, err := kb.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Build(k0)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	k := k0
	cur := ix
	for step := range 3 {
		k = edited(t, k, step*7)
		next, err := cur.Update(k)
		if err != nil {
			t.Fatal(err)
		}
		defer next.Close()
		fresh, err := search.Build(k)
		if err != nil {
			t.Fatal(err)
		}
		sameAnswers(t, next, fresh, questionsFor(t, k0, k))
		fresh.Close()
		if next.Len() != len(k.Articles) {
			t.Errorf("Len = %d, want %d", next.Len(), len(k.Articles))
		}
		// The index updated from keeps answering, without the new article.
		if _, err := cur.Search("電池鼓包了", 3); err != nil {
			t.Errorf("old index: %v", err)
		}
		cur = next
	}
	hits, _ := cur.Search("机器电池鼓起来了", 1)
	if len(hits) == 0 || !strings.HasPrefix(hits[0].Article.ID, "device-battery-swelling") {
		t.Errorf("added article not found: %v", ids(hits))
	}
	// An index updated already builds anew when updated again, and still
	// answers right.
	stale, err := ix.Update(k)
	if err != nil {
		t.Fatal(err)
	}
	defer stale.Close()
	fresh, err := search.Build(k)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	sameAnswers(t, stale, fresh, questionsFor(t, k))
	// None of the updates changed the index they were made from: it
	// answers from its own snapshot of bleve's index.
	fresh0, err := search.Build(k0)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh0.Close()
	sameAnswers(t, ix, fresh0, questionsFor(t, k0, k))
}

// A knowledge base with nothing indexed changed shares the index; a change
// of synonyms builds anew.
func TestUpdateUnchangedAndSynonyms(t *testing.T) {
	k, err := kb.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Build(k)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	same, err := ix.Update(k)
	if err != nil {
		t.Fatal(err)
	}
	defer same.Close()
	sameAnswers(t, same, ix, questionsFor(t, k))
	k2 := *k
	k2.Synonyms = append(append([]kb.SynonymGroup(nil), k.Synonyms...), kb.SynonymGroup{Words: []string{"鼓包", "鼓起来"}})
	k2.Articles = edited(t, k, 3).Articles
	syn, err := same.Update(&k2)
	if err != nil {
		t.Fatal(err)
	}
	defer syn.Close()
	fresh, err := search.Build(&k2)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	sameAnswers(t, syn, fresh, questionsFor(t, &k2))
	// Closing every index, in any order, closes bleve's once (no panic,
	// no error).
}
