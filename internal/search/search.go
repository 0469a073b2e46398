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
	"math"
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
type Index struct {
	idx      bleve.Index
	analyzer analysis.Analyzer
	prep     *preparer
	articles map[string]*kb.Article
	terms    map[string]map[string]struct{} // article id -> terms in any field
	df       map[string]int                 // term -> number of articles with it
	n        int
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
		prep:     newPreparer(k.Synonyms),
		articles: make(map[string]*kb.Article, len(k.Articles)),
		terms:    make(map[string]map[string]struct{}, len(k.Articles)),
		df:       map[string]int{},
		n:        len(k.Articles),
	}
	batch := idx.NewBatch()
	for _, a := range k.Articles {
		doc := make(map[string]string, len(fields))
		set := map[string]struct{}{}
		for _, f := range fields {
			text := ix.prep.prepare(f.text(a))
			doc[f.name] = text
			for _, tok := range ix.analyzer.Analyze([]byte(text)) {
				set[string(tok.Term)] = struct{}{}
			}
		}
		for t := range set {
			ix.df[t]++
		}
		ix.terms[a.ID] = set
		ix.articles[a.ID] = a
		if err := batch.Index(a.ID, doc); err != nil {
			idx.Close()
			return nil, fmt.Errorf("search: index %s: %w", a.File, err)
		}
	}
	if err := idx.Batch(batch); err != nil {
		idx.Close()
		return nil, fmt.Errorf("search: build index: %w", err)
	}
	return ix, nil
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
	terms := uniqueTerms(toks)
	qs := make([]query.Query, 0, len(fields)*len(terms))
	for _, f := range fields {
		for _, t := range terms {
			q := query.NewTermQuery(t)
			q.SetField(f.name)
			q.SetBoost(f.boost)
			qs = append(qs, q)
		}
	}
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), limit, 0, false)
	res, err := ix.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	units := ix.units(text, toks)
	out := make([]assistant.Candidate, 0, len(res.Hits))
	for _, h := range res.Hits {
		a := ix.articles[h.ID]
		if a == nil {
			return nil, errors.New("search: index returned unknown article " + h.ID)
		}
		out = append(out, assistant.Candidate{
			Article:    a,
			Score:      h.Score,
			Confidence: ix.coverage(units, ix.terms[h.ID]),
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out, nil
}

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

// A unit is one piece of meaning in the question: a Chinese character or a
// (stemmed) word. It is covered by an article when the article has the word,
// or one of the bigrams the character is part of; a character standing alone
// is covered by the character itself.
type unit struct {
	weight float64
	alts   []string // terms any of which covers the unit
}

func (ix *Index) units(text string, toks analysis.TokenStream) []unit {
	var us []unit
	byStart := map[int]int{} // byte offset of a Han character -> index in us
	for _, t := range toks {
		switch t.Type {
		case analysis.Single:
			byStart[t.Start] = len(us)
			us = append(us, unit{weight: ix.idf(string(t.Term))})
		case analysis.AlphaNumeric:
			us = append(us, unit{weight: ix.idf(string(t.Term)), alts: []string{string(t.Term)}})
		}
	}
	for _, t := range toks {
		if t.Type != analysis.Double {
			continue
		}
		// A bigram spans the character at Start and the one right after.
		if i, ok := byStart[t.Start]; ok {
			us[i].alts = append(us[i].alts, string(t.Term))
		}
		if i, ok := byStart[t.End-len(lastRune(t.Term))]; ok {
			us[i].alts = append(us[i].alts, string(t.Term))
		}
	}
	// A character in no bigram stood alone: it covers itself.
	for _, t := range toks {
		if i, ok := byStart[t.Start]; ok && t.Type == analysis.Single && len(us[i].alts) == 0 {
			us[i].alts = []string{string(t.Term)}
		}
	}
	return us
}

func lastRune(b []byte) string {
	r := []rune(string(b))
	return string(r[len(r)-1])
}

// idf weighs a term by how rare it is among the articles; a term no article
// has weighs most, since it is what the knowledge base cannot explain.
func (ix *Index) idf(term string) float64 {
	return math.Log(1 + float64(ix.n)/(float64(ix.df[term])+0.5))
}

// coverage is the share of the question's weight that the article explains.
func (ix *Index) coverage(us []unit, terms map[string]struct{}) float64 {
	var total, got float64
	for _, u := range us {
		total += u.weight
		for _, alt := range u.alts {
			if _, ok := terms[alt]; ok {
				got += u.weight
				break
			}
		}
	}
	if total == 0 {
		return 0
	}
	return got / total
}
