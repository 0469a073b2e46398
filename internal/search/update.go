package search

import (
	"fmt"
	"maps"
	"slices"

	"github.com/posbot/posbot/internal/kb"
)

// Update returns an Index for k, an edited version of the knowledge base ix
// was built from. Only the articles whose indexed content changed are
// analysed and re-indexed; document frequencies, term weights and BM25's
// statistics are updated to match, so the new Index answers exactly as
// Build(k) would. ix keeps answering as before, from its own snapshot of
// bleve's index, until it is closed; both must be closed.
//
// A change to the synonyms or dialect, which changes how every text is
// prepared, builds anew; so does updating an Index that was updated
// already.
func (ix *Index) Update(k *kb.KB) (*Index, error) {
	ix.shared.mu.Lock()
	latest := ix.shared.latest == ix
	ix.shared.mu.Unlock()
	if !latest || vocabularyOf(k) != ix.vocabulary {
		return Build(k)
	}
	var removed []*entry // old entries whose article went or changed
	var added []*kb.Article
	digests := make(map[string][32]byte, len(k.Articles))
	for _, a := range k.Articles {
		d := digestOf(a)
		digests[a.ID] = d
		if old := ix.articles[a.ID]; old == nil || old.digest != d {
			added = append(added, a)
		}
	}
	for id, e := range ix.articles {
		if d, ok := digests[id]; !ok || d != e.digest {
			removed = append(removed, e)
		}
	}
	nx := &Index{
		idx:        ix.idx,
		shared:     ix.shared,
		analyzer:   ix.analyzer,
		prep:       ix.prep,
		articles:   make(map[string]*entry, len(k.Articles)),
		n:          len(k.Articles),
		vocabulary: ix.vocabulary,
	}
	if len(added) == 0 && len(removed) == 0 {
		// Nothing indexed changed (an edit of a short answer, say): share
		// every table, with entries pointing at the new articles.
		nx.dict, nx.terms, nx.kinds, nx.df, nx.idw, nx.offDomain = ix.dict, ix.terms, ix.kinds, ix.df, ix.idw, ix.offDomain
		nx.fieldDF, nx.fieldCard = ix.fieldDF, ix.fieldCard
		for _, a := range k.Articles {
			e := *ix.articles[a.ID]
			e.article = a
			nx.articles[a.ID] = &e
		}
		return nx.publish()
	}
	// Copy what changes; ix keeps its own.
	nx.dict = maps.Clone(ix.dict)
	nx.terms = slices.Clone(ix.terms)
	nx.kinds = slices.Clone(ix.kinds)
	nx.df = slices.Clone(ix.df)
	for f := range numFields {
		nx.fieldDF[f] = slices.Clone(ix.fieldDF[f])
	}
	nx.fieldCard = ix.fieldCard
	batch := ix.idx.NewBatch()
	for _, e := range removed {
		for _, t := range e.all {
			nx.df[t]--
		}
		toks := nx.analyse(e.article)
		nx.countFields(nx.internArticle(&toks), -1)
		if _, ok := digests[e.article.ID]; !ok {
			batch.Delete(e.article.ID)
		}
	}
	for _, a := range added {
		toks := nx.analyse(a)
		an := nx.internArticle(&toks)
		nx.enter(a, an, digests[a.ID])
		// Indexing an id bleve has replaces its document.
		if err := batch.IndexAdvanced(nx.document(a.ID, an)); err != nil {
			return nil, fmt.Errorf("search: index %s: %w", a.File, err)
		}
	}
	for _, a := range k.Articles {
		if nx.articles[a.ID] == nil {
			e := *ix.articles[a.ID]
			e.article = a
			nx.articles[a.ID] = &e
		}
	}
	if err := ix.idx.Batch(batch); err != nil {
		return nil, fmt.Errorf("search: update index: %w", err)
	}
	nx.finish()
	return nx.publish()
}

// publish opens nx's snapshot of its shared bleve index and makes nx the
// Index of it that may be updated.
func (nx *Index) publish() (*Index, error) {
	p, err := nx.openPostings(nx.idx)
	nx.shared.mu.Lock()
	defer nx.shared.mu.Unlock()
	if err != nil {
		// bleve's index may hold nx's articles already: whatever is
		// updated next builds anew.
		nx.shared.latest = nil
		return nil, err
	}
	nx.postings = p
	nx.shared.refs++
	nx.shared.latest = nx
	return nx, nil
}
