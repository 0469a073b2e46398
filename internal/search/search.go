// Package search indexes the knowledge base with bleve and finds the articles
// that fit a merchant's question, with a confidence the assistant can act on.
//
// Text goes through the same preparation on both sides: width, case and
// traditional characters folded (textnorm), synonyms folded into their
// canonical word, conversational filler cut out; then a bleve analyzer makes
// CJK bigrams plus unigrams and stems English words.
package search

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/parallel"
	"github.com/posbot/posbot/internal/textnorm"
)

const (
	analyzerName = "posbot"
	bigramFilter = "posbot_bigram"
	// maxQueryRunes bounds the work one question can cause; a merchant's
	// question never needs more.
	maxQueryRunes = 400
)

// Fields of an indexed article and how much a match in each counts, in the
// order of analysed.fields.
var fields = []struct {
	name  string
	boost float64
}{
	{"title", 3},
	{"keywords", 3},
	{"questions", 2},
	{"body", 1},
	{"en", 1},
}

const (
	fieldTitle = iota
	fieldKeywords
	fieldQuestions
	fieldBody
	fieldEnglish
	numFields
)

// Index answers questions over one knowledge base. It is safe for concurrent
// use and never changes after Build; Update makes a new Index for an edited
// knowledge base, re-indexing only the articles that changed.
//
// bleve's BM25 ranks the articles that share words with a question, over
// the postings of a snapshot of bleve's index (bm25.go); posbot then scores
// the best of them as a whole and by its closest example question (each
// example is matched as a document of its own, so a short question meets a
// short example), over one dictionary of analysed terms.
type Index struct {
	shared *shared
	idx    bleve.Index
	// postings is this Index's snapshot of idx, opened once and closed by
	// Close.
	postings *postings
	analyzer analysis.Analyzer
	prep     *preparer
	articles map[string]*entry
	dict     map[string]uint32
	terms    []string   // by term id: the term itself
	kinds    []termKind // by term id
	df       []int32    // by term id: entries with the term
	idw      []float64  // by term id: its weight, once df is known
	// offDomain marks, by term id, the words only refusal groups have
	// (iphone, 房东, 机票): no answer of ours uses them.
	offDomain []bool
	n         int
	// fieldDF counts, by field and term id, the articles with the term in
	// that field; fieldCard is how many terms each field has. BM25 takes
	// its statistics from them, as bleve's search took them from posbot's
	// counts, so that an updated index, whose bleve segments still hold
	// deleted articles, scores as a fresh one does.
	fieldDF   [numFields][]int32
	fieldCard [numFields]int
	// scratch holds a *scratch for each question being answered.
	scratch sync.Pool
	// mark, epoch and ids serve setOf while the index is built or updated.
	mark  []uint32
	epoch uint32
	ids   []uint32
	// vocabulary is a digest of the synonyms and dialect, which change how
	// every text is prepared.
	vocabulary string
}

// shared is the bleve index an Index and the ones updated from it share.
type shared struct {
	mu     sync.Mutex
	refs   int    // Indexes not closed yet
	latest *Index // the only one that may be updated
	// segmentTerms are, by bleve's id of a segment, the terms its
	// documents have (postings.has).
	segmentTerms map[uint64][]uint64
}

// entry is one article's term sets.
type entry struct {
	article  *kb.Article
	digest   [sha256.Size]byte // of everything indexed
	all      termSet           // every field
	head     termSet           // title, keywords and questions
	examples []termSet         // title and each example question
	exWeight []float64         // each example's total term weight
	// minExample is the least of exWeight, for an upper bound of the
	// closest example's similarity.
	minExample float64
}

// analysed is one article's text, prepared and analysed once: the term ids
// of each field, and of the title and each example question on their own.
type analysed struct {
	fields   [numFields][]uint32
	examples [][]uint32
}

// buildChunk is how many articles are analysed and handed to bleve at a
// time: enough to keep every core busy, few enough that the analysed text
// of one chunk is all that is held at once.
const buildChunk = 256

// segmentArticles is how many articles go into one of bleve's segments.
// Every question looks each of its terms up in every segment, so fewer
// segments answer faster; a bigger one costs more memory while it is built.
const segmentArticles = 512

// Build indexes the articles of k in memory.
//
// Each text is prepared and analysed once, on every core, a chunk of
// articles at a time; posbot's term sets and bleve's index are both made
// from those tokens, bleve building one chunk's segment while the next
// chunk is analysed.
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
		idx:        idx,
		analyzer:   im.AnalyzerNamed(analyzerName),
		prep:       newPreparer(k.Synonyms, k.Dialect),
		articles:   make(map[string]*entry, len(k.Articles)),
		dict:       map[string]uint32{},
		n:          len(k.Articles),
		vocabulary: vocabularyOf(k),
	}
	ix.shared = &shared{refs: 1, latest: ix}
	// A pipeline: while the articles of one chunk are interned and their
	// bleve documents made, the next chunk is being analysed on every
	// core, and the chunk before is becoming bleve's segment, one at a
	// time.
	inflight := make(chan error, 1)
	inflight <- nil
	fail := func(err error) (*Index, error) {
		<-inflight
		idx.Close()
		return nil, err
	}
	chunks := slices.Collect(slices.Chunk(k.Articles, buildChunk))
	var next <-chan [][numFields][][]term
	if len(chunks) > 0 {
		next = ix.analyseAll(chunks[0])
	}
	var batch *bleve.Batch
	for c, part := range chunks {
		toks := <-next
		if c+1 < len(chunks) {
			next = ix.analyseAll(chunks[c+1])
		}
		if batch == nil {
			batch = idx.NewBatch()
		}
		for i, a := range part {
			an := ix.internArticle(&toks[i])
			toks[i] = [numFields][][]term{}
			ix.enter(a, an, digestOf(a))
			if err := batch.IndexAdvanced(ix.document(a.ID, an)); err != nil {
				return fail(fmt.Errorf("search: index %s: %w", a.File, err))
			}
		}
		if batch.Size() < segmentArticles && c+1 < len(chunks) {
			continue
		}
		if err := <-inflight; err != nil {
			idx.Close()
			return nil, err
		}
		go func(batch *bleve.Batch) {
			if err := idx.Batch(batch); err != nil {
				inflight <- fmt.Errorf("search: build index: %w", err)
				return
			}
			inflight <- nil
		}(batch)
		batch = nil
	}
	if err := <-inflight; err != nil {
		idx.Close()
		return nil, err
	}
	ix.finish()
	if ix.postings, err = ix.openPostings(idx); err != nil {
		idx.Close()
		return nil, err
	}
	return ix, nil
}

// analyseAll analyses part on every core; the result comes on the channel.
func (ix *Index) analyseAll(part []*kb.Article) <-chan [][numFields][][]term {
	out := make(chan [][numFields][][]term, 1)
	go func() {
		toks := make([][numFields][][]term, len(part))
		parallel.For(len(part), func(i int) { toks[i] = ix.analyse(part[i]) })
		out <- toks
	}()
	return out
}

// analyse prepares and analyses the texts of a: each field's tokens, the
// questions each as a stream of its own (together they are the questions
// field; each is an example too, as is the title).
func (ix *Index) analyse(a *kb.Article) [numFields][][]term {
	var out [numFields][][]term
	out[fieldTitle] = [][]term{ix.tokens(a.Title)}
	out[fieldKeywords] = [][]term{ix.tokens(strings.Join(a.Keywords, " | "))}
	qs := make([][]term, len(a.Questions))
	for i, q := range a.Questions {
		qs[i] = ix.tokens(q)
	}
	out[fieldQuestions] = qs
	out[fieldBody] = [][]term{ix.tokens(a.Body)}
	out[fieldEnglish] = [][]term{ix.tokens(a.English)}
	return out
}

// tokens prepares and analyses one text.
func (ix *Index) tokens(text string) []term {
	return ix.analyze(ix.prep.prepare(text), nil)
}

// internArticle turns an article's tokens into term ids.
func (ix *Index) internArticle(toks *[numFields][][]term) *analysed {
	an := &analysed{}
	for f := range numFields {
		for _, ts := range toks[f] {
			ids := ix.intern(ts)
			an.fields[f] = append(an.fields[f], ids...)
			if f == fieldTitle || f == fieldQuestions {
				an.examples = append(an.examples, ids)
			}
		}
	}
	return an
}

// enter adds a's term sets, counting its terms' document frequencies.
func (ix *Index) enter(a *kb.Article, an *analysed, digest [sha256.Size]byte) {
	e := &entry{article: a, digest: digest}
	var head, all []uint32
	for f, ids := range an.fields {
		if f != fieldBody && f != fieldEnglish {
			head = append(head, ids...)
		}
		all = append(all, ids...)
	}
	e.head = ix.setOf(head)
	e.all = ix.setOf(all)
	e.examples = make([]termSet, len(an.examples))
	for i, ids := range an.examples {
		e.examples[i] = ix.setOf(ids)
	}
	for _, t := range e.all {
		ix.df[t]++
	}
	ix.countFields(an, 1)
	ix.articles[a.ID] = e
}

// countFields adds delta to the field frequencies of an's terms.
func (ix *Index) countFields(an *analysed, delta int32) {
	for f, ids := range an.fields {
		for _, t := range ix.setOf(ids) {
			was := ix.fieldDF[f][t]
			ix.fieldDF[f][t] += delta
			switch now := ix.fieldDF[f][t]; {
			case was == 0 && now > 0:
				ix.fieldCard[f]++
			case was > 0 && now == 0:
				ix.fieldCard[f]--
			}
		}
	}
}

// setOf is the set of ids, leaving ids as they are. Duplicates are dropped
// by marking each id seen (ix.mark, by term id) before sorting, since an
// article's text repeats most of its terms many times.
func (ix *Index) setOf(ids []uint32) termSet {
	if len(ix.mark) < len(ix.kinds) {
		ix.mark = append(ix.mark, make([]uint32, len(ix.kinds)-len(ix.mark))...)
	}
	ix.epoch++
	if ix.epoch == 0 {
		clear(ix.mark)
		ix.epoch = 1
	}
	// Collected in a scratch buffer, so that the set kept is allocated at
	// its size: there are hundreds of thousands of them.
	ix.ids = ix.ids[:0]
	for _, id := range ids {
		if ix.mark[id] != ix.epoch {
			ix.mark[id] = ix.epoch
			ix.ids = append(ix.ids, id)
		}
	}
	out := termSet(slices.Clone(ix.ids))
	slices.Sort(out)
	return out
}

// digestOf is a digest of what Build indexes of a.
func digestOf(a *kb.Article) [sha256.Size]byte {
	h := sha256.New()
	for _, s := range [][]string{{a.ID, a.Title, string(a.Topic), a.Body, a.English}, a.Keywords, a.Questions} {
		for _, t := range s {
			fmt.Fprintf(h, "%d:%s", len(t), t)
		}
		h.Write([]byte{0})
	}
	return [sha256.Size]byte(h.Sum(nil))
}

// vocabularyOf is a digest of k's synonyms and dialect.
func vocabularyOf(k *kb.KB) string {
	h := sha256.New()
	for _, gs := range [][]kb.SynonymGroup{k.Synonyms, k.Dialect} {
		for _, g := range gs {
			for _, w := range g.Words {
				fmt.Fprintf(h, "%d:%s", len(w), w)
			}
			h.Write([]byte{1})
		}
		h.Write([]byte{0})
	}
	return string(h.Sum(nil))
}

// document is a's bleve document, its fields carrying the tokens posbot
// analysed, so that bleve need not analyse them again.
func (ix *Index) document(id string, an *analysed) *document.Document {
	doc := document.NewDocument(id)
	for f, ids := range an.fields {
		// The terms as they are now: ix.terms only grows, and the ids
		// are all in this much of it.
		doc.AddField(&termsField{name: fields[f].name, ids: ids, terms: ix.terms})
	}
	return doc
}

// termsField is a bleve text field made of terms analysed already (ids
// into terms): indexing it counts them, with no tokens made again.
type termsField struct {
	name   string
	ids    []uint32
	terms  []string
	length int
	freqs  index.TokenFrequencies
}

func (f *termsField) Name() string                        { return f.name }
func (f *termsField) ArrayPositions() []uint64            { return nil }
func (f *termsField) Options() index.FieldIndexingOptions { return index.IndexField }
func (f *termsField) Value() []byte                       { return nil }
func (f *termsField) NumPlainTextBytes() uint64           { return 0 }
func (f *termsField) EncodedFieldType() byte              { return 't' }
func (f *termsField) AnalyzedLength() int                 { return f.length }
func (f *termsField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	return f.freqs
}
func (f *termsField) Size() int { return 64 + 4*len(f.ids) }

// Analyze counts each term, as bleve's analysis.TokenFrequency would for
// the same tokens.
func (f *termsField) Analyze() {
	f.length = len(f.ids)
	f.freqs = make(index.TokenFrequencies, len(f.ids)/2+1)
	for _, id := range f.ids {
		t := f.terms[id]
		if tf, ok := f.freqs[t]; ok {
			tf.SetFrequency(tf.Frequency() + 1)
			continue
		}
		// bleve only reads a term's bytes (to count and index them), so
		// they can be the dictionary's own, not a copy.
		tf := &index.TokenFreq{Term: unsafe.Slice(unsafe.StringData(t), len(t))}
		tf.SetFrequency(1)
		f.freqs[t] = tf
	}
}

// finish computes what depends on every article: term weights, the words
// only refusal groups have, and each example's weight.
func (ix *Index) finish() {
	ix.mark, ix.ids = nil, nil
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
		e.minExample = math.Inf(1)
		for i, ex := range e.examples {
			e.exWeight[i] = ix.setWeight(ex)
			e.minExample = min(e.minExample, e.exWeight[i])
		}
		if len(e.examples) == 0 {
			e.minExample = 0
		}
	}
}

// intern gives every analysed term an id in the index's one dictionary.
func (ix *Index) intern(toks []term) []uint32 {
	ids := make([]uint32, 0, len(toks))
	for _, t := range toks {
		id, ok := ix.dict[t.text]
		if !ok {
			id = uint32(len(ix.kinds))
			// A copy: t.text may be part of a much longer text.
			term := strings.Clone(t.text)
			ix.dict[term] = id
			ix.terms = append(ix.terms, term)
			ix.kinds = append(ix.kinds, t.kind)
			ix.df = append(ix.df, 0)
			for f := range ix.fieldDF {
				ix.fieldDF[f] = append(ix.fieldDF[f], 0)
			}
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

// Close releases the index and its snapshot of bleve's; bleve's is closed
// once no Index updated from the same build uses it.
func (ix *Index) Close() error {
	ix.shared.mu.Lock()
	defer ix.shared.mu.Unlock()
	err := ix.postings.reader.Close()
	ix.shared.refs--
	if ix.shared.refs == 0 {
		err = cmp.Or(ix.idx.Close(), err)
	}
	if err != nil {
		return fmt.Errorf("search: close: %w", err)
	}
	return nil
}

// Len is the number of articles indexed.
func (ix *Index) Len() int { return ix.n }

// Search returns up to limit articles for question, best first.
func (ix *Index) Search(question string, limit int) ([]assistant.Candidate, error) {
	sc, _ := ix.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{seen: map[string]struct{}{}}
	}
	defer ix.scratch.Put(sc)
	text := ix.prep.prepare(textnorm.Truncate(question, maxQueryRunes))
	sc.toks = ix.analyze(text, sc.toks[:0])
	toks := sc.toks
	if len(toks) == 0 || limit <= 0 {
		return nil, nil
	}
	// One BM25 clause per term and field, so that bleve's BM25 and the
	// field boosts weigh where a term matched. A term no article has
	// matches nothing: leave it out of the query.
	terms := ix.queryTerms(toks, sc)
	if len(terms) == 0 {
		return nil, nil
	}
	q := ix.queryOf(toks, sc)
	hits, err := ix.bm25(terms, ix.rerankDepth(), &q, sc)
	if err != nil {
		return nil, err
	}
	return ix.rank(q, hits, limit, sc), nil
}

// scratch is what one question is worked out in, kept between questions
// (Index.scratch) so that a question allocates almost nothing but its
// answer.
type scratch struct {
	toks  []term
	ids   []uint32
	terms []fieldTerm
	seen  map[string]struct{}
	known []qterm
	bm25Scratch
	cands []cand
	order []int
	done  []int
	best  []float64 // the best confidences so far, best first
}

// cand is one hit as rank scores it.
type cand struct {
	e      *entry
	score  float64
	p      partialScore
	upper  float64 // of the blended confidence
	conf   float64
	scored bool
}

// rank scores BM25's hits with posbot's own score blended with BM25, and
// returns the best limit of them. Only the candidates that could still
// make the top are scored whole: the closest-example part, most of the
// cost, is skipped for one whose upper bound falls below the limit-th
// best, which leaves the result exactly as scoring them all would.
func (ix *Index) rank(q queryTerms, hits []hit, limit int, sc *scratch) []assistant.Candidate {
	cands := sc.cands[:0]
	for _, h := range hits {
		cands = append(cands, cand{e: h.e, score: h.score})
	}
	sc.cands = cands
	if len(cands) == 0 || q.total == 0 {
		return nil
	}
	for i := range cands {
		cands[i].p = ix.partial(q, hits[i])
	}
	// BM25 ranks well but is no confidence: blend it in relative to the
	// best hit, scaled by that hit's own score.
	top := cands[0].score
	close0 := ix.closest(q, cands[0].e)
	own0 := cands[0].p.own(close0)
	blend := func(own, score, closest float64) float64 {
		rel := score / top
		if closest >= exFloor && closest > rel {
			rel = closest
		}
		return (1-params.bm25)*own + params.bm25*rel*own0
	}
	for i := range cands {
		cands[i].upper = blend(cands[i].p.upper(), cands[i].score, cands[i].p.upperBest())
	}
	order := sc.order[:0]
	for i := range cands {
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cands[b].upper, cands[a].upper) })
	sc.order = order
	done, best := sc.done[:0], sc.best[:0]
	kth := math.Inf(-1)
	for _, i := range order {
		c := &cands[i]
		if len(done) >= limit && c.upper < kth-1e-9 {
			break
		}
		own, cl := own0, close0
		if i != 0 {
			cl = ix.closest(q, c.e)
			own = c.p.own(cl)
		}
		// Scores count to 12 decimals, so that the order never depends on
		// the order sums were taken in, which differs between an updated
		// index and a fresh one; ties go by id.
		c.conf = math.Round(blend(own, c.score, cl)*1e12) / 1e12
		c.scored = true
		done = append(done, i)
		// kth is the limit-th best confidence of those scored.
		at, _ := slices.BinarySearchFunc(best, c.conf, func(b, conf float64) int { return cmp.Compare(conf, b) })
		if at < limit {
			best = slices.Insert(best, at, c.conf)
			best = best[:min(len(best), limit)]
		}
		if len(done) >= limit {
			kth = best[limit-1]
		}
	}
	sc.done, sc.best = done, best
	slices.SortFunc(done, func(i, j int) int {
		return cmp.Or(cmp.Compare(cands[j].conf, cands[i].conf), strings.Compare(cands[i].e.article.ID, cands[j].e.article.ID))
	})
	out := make([]assistant.Candidate, 0, min(len(done), limit))
	for _, i := range done[:min(len(done), limit)] {
		out = append(out, assistant.Candidate{Article: cands[i].e.article, Score: cands[i].score, Confidence: cands[i].conf})
	}
	return out
}

// exFloor: a question (almost) the same as one of an article's examples
// is that article's, however little BM25 makes of it: "how was your day"
// reads as the single word "day", which BM25 gives to the article that
// says "working day" most, not to the chit-chat group that lists the
// question. From this similarity to its closest example on, an article's
// BM25 share counts at least that similarity (0.5 to 0.7: the dev set 305
// to 306 of 318 in scope, the held-out halves unchanged; 0.4 and below
// cost one held out).
const exFloor = 0.7

// rerankDepth is how many of bleve's best articles posbot scores itself:
// 40, and on a large knowledge base, where bleve's query leaves common
// characters out of the bodies, up to 160, one for every 60 articles.
// posbot's own score over more candidates wins back what bleve's bounded
// query costs: at 10,000 articles, depth 40 to 160 took the dev set from
// 250 to 259 of 318 in scope and 72 to 74 of 84 refused, against 261 and
// 73 with every term searched everywhere, at a fifth of the time.
func (ix *Index) rerankDepth() int { return min(max(40, ix.n/60), 160) }

// What one question may cost bleve, whatever the size of the knowledge
// base: at most maxQueryTerms terms, the rarest first, each searched in the
// fields where the articles it is in still fit in queryPostings. On the
// shipped knowledge base neither binds; on a large one a common character
// is searched in titles, keywords and questions, where few articles have
// it, but not in every body (posbot's own score still weighs it there).
const (
	maxQueryTerms = 48
	queryPostings = 10000
)

// fieldTerm is one term to search in one field.
type fieldTerm struct {
	id    uint32
	field int
}

// queryTerms are the terms of toks that some article has, each with the
// fields to search it in, within the bounds above.
func (ix *Index) queryTerms(toks []term, sc *scratch) []fieldTerm {
	ids := sc.ids[:0]
	for _, t := range toks {
		// A term only articles since removed had matches nothing.
		if id, ok := ix.dict[t.text]; ok && ix.df[id] > 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	slices.SortFunc(ids, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(ix.df[a], ix.df[b]), strings.Compare(ix.terms[a], ix.terms[b]))
	})
	sc.ids = ids
	out := sc.terms[:0]
	postings := 0
	for n, id := range ids {
		if n == maxQueryTerms {
			break
		}
		for f := range numFields {
			cost := int(ix.fieldDF[f][id])
			if cost == 0 || len(out) > 0 && postings+cost > queryPostings {
				continue
			}
			postings += cost
			out = append(out, fieldTerm{id, f})
		}
	}
	sc.terms = out
	return out
}
