package search

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/kb/kbgen"
	"github.com/posbot/posbot/knowledge"
)

// posbot's BM25 over the postings of bleve's index ranks the articles as
// bleve's own search of that index does: the same articles, best first,
// with the same scores, for the same query terms. Checked on the shipped
// knowledge base, on it updated (bleve's segments then hold the replaced
// and deleted articles too), and on a generated one large enough that a
// question's postings budget leaves terms out.
func TestBM25MatchesBleve(t *testing.T) {
	k, err := kb.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Build(k)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	qs := bm25Questions(k)
	sameAsBleve(t, ix, qs)

	// One article changed, one removed, one added.
	k2 := &kb.KB{Synonyms: k.Synonyms, Dialect: k.Dialect, Codes: k.Codes}
	for i, a := range k.Articles {
		switch i {
		case 3:
			continue
		case 10:
			b := *a
			b.Body += "\n\n扫码收款没到账时，先核对结算卡。"
			b.Questions = append(append([]string(nil), a.Questions...), "扫码的钱一直不到账")
			a = &b
		}
		k2.Articles = append(k2.Articles, a)
	}
	k2.Articles = append(k2.Articles, &kb.Article{
		ID: "device-battery-swelling", Topic: "device", Title: "电签POS电池鼓包",
		Keywords: []string{"电池鼓包"}, Questions: []string{"机器电池鼓起来了", "the battery is swollen"},
		Body: "电池鼓包有起火风险：立即停用。", English: "A swollen battery can catch fire.", File: "device/battery.md",
	})
	nx, err := ix.Update(k2)
	if err != nil {
		t.Fatal(err)
	}
	defer nx.Close()
	if len(nx.postings.docs) <= nx.n {
		t.Fatalf("updated index: %d documents in bleve's segments for %d articles; want the replaced ones still there", len(nx.postings.docs), nx.n)
	}
	sameAsBleve(t, nx, append(qs, "电池鼓包", "扫码的钱一直不到账"))

	if testing.Short() {
		return
	}
	big := kbgen.Generate(2000, 1, k)
	bx, err := Build(big)
	if err != nil {
		t.Fatal(err)
	}
	defer bx.Close()
	sameAsBleve(t, bx, bm25Questions(big)[:600])
}

// bm25Questions are k's titles and example questions, some of them run
// together so that a question has many terms.
func bm25Questions(k *kb.KB) []string {
	var qs []string
	for i, a := range k.Articles {
		qs = append(qs, a.Title)
		qs = append(qs, a.Questions...)
		if i > 0 {
			qs = append(qs, a.Title+" "+strings.Join(k.Articles[i-1].Questions, " "))
		}
	}
	return qs
}

// sameAsBleve fails unless ix.bm25 gives, for every question, the hits
// bleve's search of ix's bleve index gives for the same terms: one term
// query per term and field, boosted by the field, in a disjunction, with
// the statistics taken from posbot's counts. ix must be the latest Index
// of its bleve index.
func sameAsBleve(t *testing.T, ix *Index, qs []string) {
	t.Helper()
	stats := &search.BM25Stats{DocCount: float64(ix.n), FieldCardinality: map[string]int{}}
	for f := range numFields {
		stats.FieldCardinality[fields[f].name] = ix.fieldCard[f]
	}
	ctx := context.WithValue(context.Background(), search.BM25StatsKey, stats)
	sc := &scratch{seen: map[string]struct{}{}}
	bad, n := 0, 0
	for _, question := range qs {
		toks := ix.analyze(ix.prep.prepare(question), nil)
		terms := ix.queryTerms(toks, sc)
		if len(terms) == 0 {
			continue
		}
		for _, depth := range []int{5, ix.rerankDepth()} {
			clauses := make([]query.Query, 0, len(terms))
			for _, ft := range terms {
				q := query.NewTermQuery(ix.terms[ft.id])
				q.SetField(fields[ft.field].name)
				q.SetBoost(fields[ft.field].boost)
				clauses = append(clauses, q)
			}
			res, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(clauses), depth, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			q := ix.queryOf(toks, sc)
			got, err := ix.bm25(terms, depth, &q, sc)
			if err != nil {
				t.Fatal(err)
			}
			n++
			// A hit's marks say what looking its terms up says.
			for _, h := range got {
				if q.overlapKnown(h.e.head, q.inHead, h.inHead) != q.overlap(h.e.head) || q.overlapKnown(h.e.all, q.inAll, h.inAll) != q.overlap(h.e.all) {
					t.Errorf("%q: %s's marks unlike its terms", question, h.e.article.ID)
				}
			}
			if msg := compareHits(got, res.Hits); msg != "" {
				bad++
				if bad <= 5 {
					t.Errorf("%q, depth %d: %s", question, depth, msg)
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d rankings unlike bleve's", bad, n)
	}
}

// compareHits says how got differs from bleve's hits, or "" if they are
// the same articles in the same order with the same scores, but for the
// order their sums were taken in: two scores that differ by that much may
// come in either order (and at the cut, either may be kept). Equal scores
// go by document number, as bleve's collector takes them.
func compareHits(got []hit, want search.DocumentMatchCollection) string {
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
	if len(got) != len(want) {
		return fmt.Sprintf("%d hits, bleve %d", len(got), len(want))
	}
	byID, gotByID := map[string]float64{}, map[string]float64{}
	for i, h := range want {
		byID[h.ID] = h.Score
		gotByID[got[i].e.article.ID] = got[i].score
	}
	for i, h := range got {
		if !close(h.score, want[i].Score) {
			return fmt.Sprintf("hit %d: %s scores %v, bleve's %s %v", i, h.e.article.ID, h.score, want[i].ID, want[i].Score)
		}
		if h.e.article.ID == want[i].ID {
			continue
		}
		s, ok := byID[h.e.article.ID]
		switch {
		case ok && !close(h.score, s), !ok && !close(h.score, want[len(want)-1].Score):
			return fmt.Sprintf("%s is not among bleve's hits", h.e.article.ID)
		case ok && s == want[i].Score && gotByID[want[i].ID] == h.score:
			return fmt.Sprintf("hit %d: %s, bleve's %s at the same score", i, h.e.article.ID, want[i].ID)
		}
	}
	return ""
}
