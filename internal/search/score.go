package search

import (
	"math"
	"slices"

	"github.com/posbot/posbot/internal/kb"
)

// termSet is a sorted set of term ids.
type termSet []uint32

func newTermSet(ids []uint32) termSet {
	slices.Sort(ids)
	return slices.Compact(ids)
}

func (s termSet) has(id uint32) bool {
	_, ok := slices.BinarySearch(s, id)
	return ok
}

// termKind tells a Chinese character, a pair of them, and a word apart:
// they carry different amounts of meaning.
type termKind uint8

const (
	kindWord termKind = iota
	kindUnigram
	kindBigram
)

// params weigh the parts of the score, chosen on the dev set and on half of
// independently written sets, the other half held out to check that the
// gain carries over (bm25 0.7 to 0.5 and alpha 0.4 to 0.3 took the held-out
// halves from 0.817 to 0.854 in scope, 0.871 to 0.886 off-topic).
var params = struct {
	unigram float64 // weight of a single Chinese character against a pair
	alpha   float64 // share of the closest example in posbot's own score
	body    float64 // credit for a term found only in the body
	bm25    float64 // share of bleve's BM25 rank, relative to the best hit
	// offDomain is how many times over a word only refusal groups have
	// counts against an answer that lacks it.
	offDomain float64
	// unknownWord weighs an English word no article has.
	unknownWord float64
}{unigram: 1, alpha: 0.3, body: 0.6, bm25: 0.5, offDomain: 1, unknownWord: 0.7}

// qterm is one term of a question: its id (or none, for a term no article
// has) and its weight.
type qterm struct {
	id     uint32
	known  bool
	weight float64
}

type queryTerms struct {
	total float64
	// known are the terms some article has, sorted by id, to intersect
	// with an article's sets in one pass.
	known []qterm
	// inHead and inAll mark, by place in known (the first 64), the terms
	// BM25 searched in every field of the head, or in every field, that
	// has them: for those a hit's own marks (hit.inHead, hit.inAll) say
	// whether it has them, with no need to look.
	inHead, inAll uint64
}

func (ix *Index) queryOf(toks []term, sc *scratch) queryTerms {
	q := queryTerms{known: sc.known[:0]}
	seen := sc.seen
	clear(seen)
	for _, t := range toks {
		s := t.text
		if _, ok := seen[s]; ok {
			continue
		}
		seen[s] = struct{}{}
		qt := qterm{}
		kind := t.kind
		// A term only articles since removed had is as unknown as one no
		// article ever had, so that an updated index scores as a fresh one.
		if id, ok := ix.dict[s]; ok && ix.df[id] > 0 {
			qt.id, qt.known = id, true
			qt.weight = ix.idw[id]
		} else {
			qt.weight = ix.weight(qt, kind)
			if kind == kindWord {
				// An English word no article has is more often a way of
				// putting the question than a subject we lack: it counts
				// less than a Chinese term we lack (the held-out halves of
				// today's independent sets: 243 to 244 of 288 in scope, the
				// dev set unchanged; 0.5 cost an off-topic refusal).
				qt.weight *= params.unknownWord
			}
		}
		q.total += qt.weight
		if qt.known {
			q.known = append(q.known, qt)
		}
	}
	slices.SortFunc(q.known, func(a, b qterm) int { return int(a.id) - int(b.id) })
	sc.known = q.known
	return q
}

// overlapKnown is overlap(s) for a hit whose marks are has: the terms
// marked in known are taken from has, the others looked up in s. It adds
// the same weights in the same order as overlap, so the sum is the same.
func (q *queryTerms) overlapKnown(s termSet, known, has uint64) float64 {
	if known == 0 {
		return q.overlap(s)
	}
	var w float64
	for i, t := range q.known {
		if bit := uint64(1) << i; i < 64 && known&bit != 0 {
			if has&bit != 0 {
				w += t.weight
			}
			continue
		}
		if _, ok := slices.BinarySearch(s, t.id); ok {
			w += t.weight
		}
	}
	return w
}

// overlap is the weight of the query's terms that s has.
func (q *queryTerms) overlap(s termSet) float64 {
	var w float64
	if len(s) > 8*len(q.known) {
		// A whole article against a short question: look each term up
		// rather than walk the article's thousand.
		for _, t := range q.known {
			i, ok := slices.BinarySearch(s, t.id)
			if ok {
				w += t.weight
			}
			s = s[i:]
		}
		return w
	}
	i, j := 0, 0
	for i < len(q.known) && j < len(s) {
		switch a, b := q.known[i].id, s[j]; {
		case a == b:
			w += q.known[i].weight
			i++
			j++
		case a < b:
			i++
		default:
			j++
		}
	}
	return w
}

func (ix *Index) weight(qt qterm, kind termKind) float64 {
	df := 0.0
	if qt.known {
		df = float64(ix.df[qt.id])
	}
	w := math.Log(1 + float64(ix.n)/(df+0.5))
	if kind == kindUnigram {
		w *= params.unigram
	}
	return w
}

func (ix *Index) setWeight(s termSet) float64 {
	var w float64
	for _, id := range s {
		if ix.idw != nil {
			w += ix.idw[id]
		} else {
			w += ix.weight(qterm{id: id, known: true}, ix.kinds[id])
		}
	}
	return w
}

// An article's score says how well it answers q, from 0 to 1: the share of
// the question the article covers, blended with how close the question is
// to the article's nearest example question. partialScore is the part of
// it that costs little: its coverage of the question and the off-domain
// factor, with what they imply for the closest example.
type partialScore struct {
	head, covered, total float64
	factor               float64 // the off-domain penalty, 1 for none
	minExample           float64 // the lightest example's weight
}

func (ix *Index) partial(q queryTerms, h hit) partialScore {
	e := h.e
	// A term in the head counts whole, one only in the body partly.
	head := q.overlapKnown(e.head, q.inHead, h.inHead)
	p := partialScore{head: head, covered: head + params.body*(q.overlapKnown(e.all, q.inAll, h.inAll)-head), total: q.total, factor: 1, minExample: e.minExample}
	if e.article.Topic != kb.TopicOutOfScope && params.offDomain > 0 {
		var off float64
		for _, t := range q.known {
			if ix.offDomain[t.id] {
				off += t.weight
			}
		}
		p.factor = max(0, 1-params.offDomain*off/q.total)
	}
	return p
}

// own is the score with best, the closest example's similarity.
func (p partialScore) own(best float64) float64 {
	s := params.alpha*best + (1-params.alpha)*p.covered/p.total
	if p.factor != 1 {
		s *= p.factor
	}
	return s
}

// upper bounds own: an example is part of the head, so it shares at most
// the head's overlap with the question.
func (p partialScore) upper() float64 { return p.own(p.upperBest()) }

// upperBest bounds the closest example's similarity.
func (p partialScore) upperBest() float64 {
	best := 1.0
	if p.minExample > 0 {
		best = min(1, p.head/math.Sqrt(p.total*p.minExample))
	}
	return best
}

// closest is the similarity of the question to the article's closest
// example question.
func (ix *Index) closest(q queryTerms, e *entry) float64 {
	best := 0.0
	for i, ex := range e.examples {
		overlap := q.overlap(ex)
		if overlap == 0 {
			continue
		}
		if sim := overlap / math.Sqrt(q.total*e.exWeight[i]); sim > best {
			best = sim
		}
	}
	return best
}
