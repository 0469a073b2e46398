// Package search indexes the knowledge base with bleve and finds the articles
// that fit a merchant's question, with a confidence the assistant can act on.
//
// Text goes through the same preparation on both sides: width, case and
// traditional characters folded (textnorm), synonyms folded into their
// canonical word, conversational filler cut out; then a bleve analyzer makes
// CJK bigrams plus unigrams and stems English words.
package search

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/textnorm"
)

const (
	analyzerName = "posbot"
	bigramFilter = "posbot_bigram"
	// maxQueryRunes bounds the work one question can cause; a merchant's
	// question never needs more.
	maxQueryRunes = 400
)

// Fields of an indexed article and how much a match in each counts.
var fields = []struct {
	name  string
	boost float64
	text  func(a *kb.Article) string
}{
	{"title", 3, func(a *kb.Article) string { return a.Title }},
	{"keywords", 3, func(a *kb.Article) string { return strings.Join(a.Keywords, " | ") }},
	{"questions", 2, func(a *kb.Article) string { return strings.Join(a.Questions, " | ") }},
	{"body", 1, func(a *kb.Article) string { return a.Body }},
	{"en", 1, func(a *kb.Article) string { return a.English }},
}

// Index answers questions over one knowledge base. It is safe for concurrent
// use and never changes after Build; reloading builds a new Index.
//
// bleve ranks the articles that share words with a question; posbot then
// scores each of them as a whole and by its closest example question (each
// example is matched as a document of its own, so a short question meets a
// short example), over one dictionary of analysed terms.
type Index struct {
	idx      bleve.Index
	analyzer analysis.Analyzer
	prep     *preparer
	articles map[string]*entry
	dict     map[string]uint32
	kinds    []termKind // by term id
	df       []int32    // by term id: entries with the term
	idw      []float64  // by term id: its weight, once df is known
	// offDomain marks, by term id, the words only refusal groups have
	// (iphone, 房东, 机票): no answer of ours uses them.
	offDomain []bool
	n         int
}

// entry is one article's term sets.
type entry struct {
	article  *kb.Article
	all      termSet   // every field
	head     termSet   // title, keywords and questions
	examples []termSet // title and each example question
	exWeight []float64 // each example's total term weight
}

// Build indexes the articles of k in memory.
func Build(k *kb.KB) (*Index, error) {
	im, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: create index: %w", err)
	}
	ix := &Index{
		idx:      idx,
		analyzer: im.AnalyzerNamed(analyzerName),
		prep:     newPreparer(k.Synonyms, k.Dialect),
		articles: make(map[string]*entry, len(k.Articles)),
		dict:     map[string]uint32{},
		n:        len(k.Articles),
	}
	batch := idx.NewBatch()
	for _, a := range k.Articles {
		doc := make(map[string]string, len(fields))
		e := &entry{article: a}
		var head, body []uint32
		for _, f := range fields {
			text := ix.prep.prepare(f.text(a))
			doc[f.name] = text
			ids := ix.intern(ix.analyzer.Analyze([]byte(text)))
			if f.name == "body" || f.name == "en" {
				body = append(body, ids...)
			} else {
				head = append(head, ids...)
			}
		}
		e.head = newTermSet(head)
		e.all = newTermSet(append(body, head...))
		e.examples = append(e.examples, ix.termsOf(a.Title))
		for _, q := range a.Questions {
			e.examples = append(e.examples, ix.termsOf(q))
		}
		for _, t := range e.all {
			ix.df[t]++
		}
		ix.articles[a.ID] = e
		if err := batch.Index(a.ID, doc); err != nil {
			idx.Close()
			return nil, fmt.Errorf("search: index %s: %w", a.File, err)
		}
	}
	if err := idx.Batch(batch); err != nil {
		idx.Close()
		return nil, fmt.Errorf("search: build index: %w", err)
	}
	// Weights depend on document frequencies: compute them once all
	// articles are in.
	ix.idw = make([]float64, len(ix.kinds))
	for id := range ix.idw {
		ix.idw[id] = ix.weight(qterm{id: uint32(id), known: true}, ix.kinds[id])
	}
	inScope := make([]bool, len(ix.kinds))
	for _, e := range ix.articles {
		if e.article.Topic != kb.TopicOutOfScope {
			for _, t := range e.all {
				inScope[t] = true
			}
		}
	}
	ix.offDomain = make([]bool, len(ix.kinds))
	for _, e := range ix.articles {
		if e.article.Topic == kb.TopicOutOfScope {
			for _, t := range e.head {
				// A lone character says too little to rule an answer out.
				ix.offDomain[t] = !inScope[t] && ix.kinds[t] != kindUnigram
			}
		}
	}
	for _, e := range ix.articles {
		e.exWeight = make([]float64, len(e.examples))
		for i, ex := range e.examples {
			e.exWeight[i] = ix.setWeight(ex)
		}
	}
	return ix, nil
}

func (ix *Index) termsOf(text string) termSet {
	return newTermSet(ix.intern(ix.analyzer.Analyze([]byte(ix.prep.prepare(text)))))
}

// intern gives every analysed term an id in the index's one dictionary.
func (ix *Index) intern(toks analysis.TokenStream) []uint32 {
	ids := make([]uint32, 0, len(toks))
	for _, t := range toks {
		id, ok := ix.dict[string(t.Term)]
		if !ok {
			id = uint32(len(ix.kinds))
			ix.dict[string(t.Term)] = id
			ix.kinds = append(ix.kinds, kindOf(t))
			ix.df = append(ix.df, 0)
		}
		ids = append(ids, id)
	}
	return ids
}

func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	im.ScoringModel = index.BM25Scoring
	if err := im.AddCustomTokenFilter(bigramFilter, map[string]interface{}{
		"type":           cjk.BigramName,
		"output_unigram": true,
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(analyzerName, map[string]interface{}{
		"type":      custom.Name,
		"tokenizer": unicode.Name,
		"token_filters": []string{
			lowercase.Name, bigramFilter, en.PossessiveName, en.StopName, porter.Name,
		},
	}); err != nil {
		return nil, err
	}
	doc := bleve.NewDocumentStaticMapping()
	for _, f := range fields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = analyzerName
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		doc.AddFieldMappingsAt(f.name, fm)
	}
	im.DefaultMapping = doc
	im.DefaultAnalyzer = analyzerName
	return im, nil
}

// Close releases the index.
func (ix *Index) Close() error { return ix.idx.Close() }

// Len is the number of articles indexed.
func (ix *Index) Len() int { return ix.n }

// Search returns up to limit articles for question, best first.
func (ix *Index) Search(question string, limit int) ([]assistant.Candidate, error) {
	text := ix.prep.prepare(textnorm.Truncate(question, maxQueryRunes))
	toks := ix.analyzer.Analyze([]byte(text))
	if len(toks) == 0 || limit <= 0 {
		return nil, nil
	}
	// One disjunction per field over the analysed terms, so that bleve's
	// BM25 ranks and the field boosts weigh where a term matched.
	// A term no article has matches nothing: leave it out of the query.
	terms := slices.DeleteFunc(uniqueTerms(toks), func(t string) bool { _, ok := ix.dict[t]; return !ok })
	if len(terms) == 0 {
		return nil, nil
	}
	qs := make([]query.Query, 0, len(fields)*len(terms))
	for _, f := range fields {
		for _, t := range terms {
			q := query.NewTermQuery(t)
			q.SetField(f.name)
			q.SetBoost(f.boost)
			qs = append(qs, q)
		}
	}
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), rerankDepth, 0, false)
	res, err := ix.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	q := ix.queryOf(toks)
	out := make([]assistant.Candidate, 0, len(res.Hits))
	for _, h := range res.Hits {
		e := ix.articles[h.ID]
		if e == nil {
			return nil, errors.New("search: index returned unknown article " + h.ID)
		}
		out = append(out, assistant.Candidate{
			Article:    e.article,
			Score:      h.Score,
			Confidence: ix.score(q, e),
		})
	}
	// bleve's BM25 ranks well but is no confidence: blend it in relative to
	// the best hit, scaled by that hit's own score.
	if len(out) > 0 {
		top := out[0].Score
		for i := range out {
			out[i].Confidence = (1-params.bm25)*out[i].Confidence + params.bm25*out[i].Score/top*out[0].Confidence
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Confidence > out[j].Confidence })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// rerankDepth is how many of bleve's best articles posbot scores itself.
const rerankDepth = 40

func uniqueTerms(toks analysis.TokenStream) []string {
	seen := make(map[string]struct{}, len(toks))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		s := string(t.Term)
		if _, ok := seen[s]; !ok {
			seen[s] = struct{}{}
			out = append(out, s)
		}
	}
	return out
}
