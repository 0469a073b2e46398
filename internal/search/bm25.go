package search

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"unsafe"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// postings is the snapshot of bleve's index an Index reads the postings of
// its questions from, opened once for the Index: it stays as it was when
// the Index was made, whatever later updates add to bleve's index.
type postings struct {
	reader index.IndexReader
	segs   []*scorch.SegmentSnapshot
	// offsets are, by segment, the number of its first document: bleve
	// numbers the documents of its segments one after the other.
	offsets []uint32
	// has is, by segment, a bit set of the term ids its documents have,
	// in any field: a term it lacks is not looked up in it. A term newer
	// than the segment is past the end of its set.
	has [][]uint64
	// docs are the entries by bleve's document number; nil for a document
	// deleted or replaced since, which is passed over.
	docs []*entry
}

// openPostings opens a snapshot of idx and numbers ix's entries as it does.
func (ix *Index) openPostings(idx bleve.Index) (*postings, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: open index: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: open index: %w", err)
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("search: open index: a %T, not scorch's snapshot", r)
	}
	p := &postings{reader: r, segs: snap.Segments()}
	ix.shared.mu.Lock()
	defer ix.shared.mu.Unlock()
	if ix.shared.segmentTerms == nil {
		ix.shared.segmentTerms = map[uint64][]uint64{}
	}
	for _, s := range p.segs {
		first := len(p.docs)
		p.offsets = append(p.offsets, uint32(first))
		deleted := s.Deleted()
		for num := range s.Segment().Count() {
			var e *entry
			if deleted == nil || !deleted.Contains(uint32(num)) {
				id, err := s.DocID(num)
				if err != nil {
					r.Close()
					return nil, fmt.Errorf("search: open index: %w", err)
				}
				e = ix.articles[string(id)]
			}
			p.docs = append(p.docs, e)
		}
		// A segment never changes but for deletions, and every document
		// of it is live when it is first seen: its terms are those of
		// the entries it was made of.
		has, ok := ix.shared.segmentTerms[s.Id()]
		if !ok {
			has = make([]uint64, (len(ix.terms)+63)/64)
			for _, e := range p.docs[first:] {
				if e == nil {
					continue
				}
				for _, t := range e.all {
					has[t/64] |= 1 << (t % 64)
				}
			}
			ix.shared.segmentTerms[s.Id()] = has
		}
		p.has = append(p.has, has)
	}
	return p, nil
}

// segmentReader reads the postings of a snapshot's segments for one
// question at a time: a term dictionary of each segment and field, made
// when first needed, and one postings list and iterator, reused for every
// term.
type segmentReader struct {
	dicts [][numFields]segment.TermDictionary
	list  segment.PostingsList
	iter  segment.PostingsIterator
}

// iterator returns an iterator over the documents of segment s that have
// term t in field f, or nil if none has it. bleve's deleted documents of
// the segment (replaced or removed by an update) are left out, as bleve's
// own readers leave them out.
func (sr *segmentReader) iterator(p *postings, s int, f int, t uint32, term []byte) (segment.PostingsIterator, error) {
	if has := p.has[s]; int(t/64) >= len(has) || has[t/64]&(1<<(t%64)) == 0 {
		return nil, nil
	}
	if len(sr.dicts) < len(p.segs) {
		sr.dicts = make([][numFields]segment.TermDictionary, len(p.segs))
	}
	seg := p.segs[s]
	d := sr.dicts[s][f]
	if d == nil {
		var err error
		if d, err = seg.Segment().Dictionary(fields[f].name); err != nil {
			return nil, err
		}
		sr.dicts[s][f] = d
	}
	list, err := d.PostingsList(term, seg.Deleted(), sr.list)
	if err != nil {
		return nil, err
	}
	sr.list = list
	sr.iter = list.Iterator(true, true, false, sr.iter)
	return sr.iter, nil
}

// hit is an article the question's terms found, with its BM25 score and
// which of them it has (by place in queryTerms.known, the first 64): in
// its head, and anywhere.
type hit struct {
	e             *entry
	doc           uint32 // its number in bleve's index
	score         float64
	inHead, inAll uint64
}

// docSum is what BM25 adds up for one document: its score so far, how
// many of the query's clauses it matched and its marks (hit.inHead,
// hit.inAll).
type docSum struct {
	sum           float64
	matched       uint32
	inHead, inAll uint64
}

// bm25Scratch is what BM25 works out one question in, part of scratch.
type bm25Scratch struct {
	acc     []docSum  // by document number
	bits    []uint64  // by query term: its mark
	touched []uint32  // the documents with any
	weights []float64 // by query term
	idf     []float64 // by query term
	segmentReader
	heap []hit
	hits []hit
}

// bm25 ranks the articles that have any of terms and returns the best
// depth of them, best first, as bleve's search ranks them: one BM25 term
// query per term and field, boosted by the field, their disjunction scored
// as bleve's DisjunctionQueryScorer scores it (the sum of the matched
// clauses' scores times the share of clauses matched), with the statistics
// bleve took from posbot's counts. The postings, term frequencies and norms
// are read from the segments of the Index's snapshot of bleve's index,
// leaving out documents deleted or replaced, as bleve's term searchers read
// them. Every step of the arithmetic is bleve's own (search/scorer:
// TermQueryScorer, the disjunction searchers' query norm), so the scores
// are bleve's but for the order of the sum's terms, and equal scores go by
// document number, as bleve's collector takes them. TestBM25MatchesBleve
// checks them against bleve's search of the same index.
//
// On the way it marks which terms of q each hit has, and sets q.inHead and
// q.inAll to the terms for which those marks are complete.
func (ix *Index) bm25(terms []fieldTerm, depth int, q *queryTerms, sc *scratch) ([]hit, error) {
	docs := ix.postings.docs
	if len(sc.acc) < len(docs) {
		sc.acc = make([]docSum, len(docs))
	}
	k1, b := search.BM25_k1, search.BM25_b
	docTotal := float64(uint64(ix.n))
	// Each clause's query weight: its boost and idf over the norm of all.
	// bleve counts a term's documents as posbot does (fieldDF): both leave
	// out the ones deleted.
	sc.weights, sc.idf = sc.weights[:0], sc.idf[:0]
	var sumOfSquaredWeights float64
	for _, ft := range terms {
		docTerm := float64(ix.fieldDF[ft.field][ft.id])
		idf := math.Log(1 + (docTotal-docTerm+0.5)/(docTerm+0.5))
		w := fields[ft.field].boost * idf
		sumOfSquaredWeights += w * w
		sc.idf = append(sc.idf, idf)
	}
	queryNorm := 1.0 / math.Sqrt(sumOfSquaredWeights)
	for i, ft := range terms {
		sc.weights = append(sc.weights, fields[ft.field].boost*sc.idf[i]*queryNorm)
	}
	ix.markTerms(terms, q, sc)
	sc.touched = sc.touched[:0]
	for i, ft := range terms {
		idf, queryWeight := sc.idf[i], sc.weights[i]
		bit, headBit := sc.bits[i], uint64(0)
		if ft.field < fieldBody {
			headBit = bit
		}
		avgDocLength := math.Ceil(float64(ix.fieldCard[ft.field]) / docTotal)
		t := ix.terms[ft.id]
		// bleve only reads the term's bytes.
		term := unsafe.Slice(unsafe.StringData(t), len(t))
		for s, off := range ix.postings.offsets {
			it, err := sc.segmentReader.iterator(ix.postings, s, ft.field, ft.id, term)
			if err != nil {
				return nil, fmt.Errorf("search: read postings: %w", err)
			}
			for it != nil {
				p, err := it.Next()
				if err != nil {
					return nil, fmt.Errorf("search: read postings: %w", err)
				}
				if p == nil {
					break
				}
				d := off + uint32(p.Number())
				tf := math.Sqrt(float64(p.Frequency()))
				norm := p.Norm()
				fieldLength := 1 / (norm * norm)
				score := idf * (tf * k1) / (tf + k1*(1-b+(b*fieldLength/avgDocLength)))
				if queryWeight != 1.0 {
					score = score * queryWeight
				}
				a := &sc.acc[d]
				if a.matched == 0 {
					sc.touched = append(sc.touched, d)
				}
				a.sum += score
				a.matched++
				a.inHead |= headBit
				a.inAll |= bit
			}
		}
	}
	// The best depth, kept in a heap whose root is the worst of them.
	h := sc.heap[:0]
	countTotal := float64(len(terms))
	for _, d := range sc.touched {
		a := sc.acc[d]
		sc.acc[d] = docSum{}
		if docs[d] == nil {
			// Not live in this Index's snapshot (bleve's readers leave
			// those out already).
			continue
		}
		c := hit{e: docs[d], doc: d, score: a.sum * (float64(a.matched) / countTotal), inHead: a.inHead, inAll: a.inAll}
		switch {
		case len(h) < depth:
			h = append(h, c)
			siftUp(h, len(h)-1)
		case better(c, h[0]):
			h[0] = c
			siftDown(h, 0)
		}
	}
	sc.heap = h
	out := slices.Grow(sc.hits[:0], len(h))[:len(h)]
	sc.hits = out
	for i := len(h) - 1; i >= 0; i-- {
		out[i] = h[0]
		h[0] = h[i]
		siftDown(h[:i], 0)
	}
	return out, nil
}

// markTerms gives each clause of terms its term's mark (sc.bits) and sets
// q.inHead and q.inAll to the terms searched in every field, of the head
// or of all, that has them.
func (ix *Index) markTerms(terms []fieldTerm, q *queryTerms, sc *scratch) {
	var searched [numFields]uint64
	sc.bits = sc.bits[:0]
	for _, ft := range terms {
		var bit uint64
		// Every term searched is known: some article has it.
		if i, ok := slices.BinarySearchFunc(q.known, ft.id, func(t qterm, id uint32) int { return cmp.Compare(t.id, id) }); ok && i < 64 {
			bit = 1 << i
		}
		sc.bits = append(sc.bits, bit)
		searched[ft.field] |= bit
	}
	q.inHead, q.inAll = 0, 0
	for i, t := range q.known[:min(len(q.known), 64)] {
		bit := uint64(1) << i
		head, all := true, true
		for f := range numFields {
			if ix.fieldDF[f][t.id] > 0 && searched[f]&bit == 0 {
				all = false
				head = head && f >= fieldBody
			}
		}
		if head {
			q.inHead |= bit
		}
		if all {
			q.inAll |= bit
		}
	}
}

// better reports whether a ranks before b: by score, then by document
// number, as bleve's collector ranks its hits.
func better(a, b hit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.doc < b.doc
}

// siftUp and siftDown keep h a heap with the worst hit at its root.
func siftUp(h []hit, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !better(h[p], h[i]) {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func siftDown(h []hit, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && better(h[c], h[c+1]) {
			c++
		}
		if !better(h[i], h[c]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
