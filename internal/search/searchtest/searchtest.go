// Package searchtest builds real indexes for tests.
package searchtest

import (
	"io/fs"
	"testing"

	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/search"
	"github.com/posbot/posbot/knowledge"
)

// Build loads the knowledge base in fsys and indexes it; the index is
// closed when the test ends.
func Build(tb testing.TB, fsys fs.FS) (*kb.KB, *search.Index) {
	tb.Helper()
	k, err := kb.Load(fsys)
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := search.Build(k)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return k, ix
}

// Shipped indexes the knowledge base posbot ships.
func Shipped(tb testing.TB) (*kb.KB, *search.Index) {
	tb.Helper()
	return Build(tb, knowledge.FS)
}
