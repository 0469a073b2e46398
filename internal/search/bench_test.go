package search_test

// Benchmarks at the sizes a knowledge base grows to: the shipped one, and
// generated ones of 1,000 and 10,000 articles (internal/kb/kbgen), which
// keep the shipped articles. Run them with
//
//	go test -run '^$' -bench . -benchtime=3x ./internal/search/
//
// The 10,000-article cases take a minute and several GB; -short skips them.
// Generating the knowledge bases, loading the questions and building the
// index a question benchmark needs all happen before the timer starts, once
// per size for the whole run.

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/eval"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/kb/kbgen"
	"github.com/posbot/posbot/internal/search"
	"github.com/posbot/posbot/knowledge"
)

// benchSizes are the knowledge base sizes benchmarked; 0 is the shipped
// knowledge base as it is.
var benchSizes = []int{0, 1000, 10000}

// benchSeed makes every run benchmark the same generated articles.
const benchSeed = 1

var (
	kbMu    sync.Mutex
	kbCache = map[int]*kb.KB{}
	ixCache = map[int]*search.Index{}
)

// generatedKB is a knowledge base of n articles in all: the shipped ones
// and generated ones (n = 0: the shipped ones only). It is made once per n.
func generatedKB(tb testing.TB, n int) *kb.KB {
	tb.Helper()
	kbMu.Lock()
	defer kbMu.Unlock()
	if k := kbCache[n]; k != nil {
		return k
	}
	shipped := kbCache[0]
	if shipped == nil {
		var err error
		if shipped, err = kb.Load(knowledge.FS); err != nil {
			tb.Fatal(err)
		}
		kbCache[0] = shipped
	}
	if n == 0 {
		return shipped
	}
	k := kbgen.Generate(n, benchSeed, shipped)
	kbCache[n] = k
	return k
}

// benchIndex is the index of generatedKB(n), built once per n and kept for
// the run: the question benchmarks must not pay for the build.
func benchIndex(tb testing.TB, n int) (*kb.KB, *search.Index) {
	tb.Helper()
	k := generatedKB(tb, n)
	kbMu.Lock()
	defer kbMu.Unlock()
	if ix := ixCache[n]; ix != nil {
		return k, ix
	}
	ix, err := search.Build(k)
	if err != nil {
		tb.Fatal(err)
	}
	ixCache[n] = ix
	return k, ix
}

// eachSize runs f as a sub-benchmark articles=N for every size.
func eachSize(b *testing.B, f func(b *testing.B, n int)) {
	for _, n := range benchSizes {
		if n >= 10000 && testing.Short() {
			continue
		}
		k := generatedKB(b, n)
		b.Run(fmt.Sprintf("articles=%d", len(k.Articles)), func(b *testing.B) { f(b, n) })
	}
}

// heapSampler records the most heap in use while it runs, reading
// runtime/metrics every few milliseconds.
type heapSampler struct {
	stop chan struct{}
	done chan uint64
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func sampleHeap(every time.Duration) *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan uint64, 1)}
	go func() {
		s := []metrics.Sample{{Name: heapMetric}}
		var peak uint64
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-h.stop:
				metrics.Read(s)
				h.done <- max(peak, s[0].Value.Uint64())
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// Stop ends the sampling and returns the peak, in bytes.
func (h *heapSampler) Stop() uint64 {
	close(h.stop)
	return <-h.done
}

// BenchmarkBuild measures building the index: time and allocations per
// build (ns/op, B/op, allocs/op), and
//   - peak-MB: the most heap the build used above what was live before it
//     (the knowledge base itself is not counted), sampled every 5 ms;
//   - index-MB: what the built index keeps, live after a GC.
func BenchmarkBuild(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		k := generatedKB(b, n)
		b.ReportAllocs()
		var peak, kept uint64
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			runtime.GC()
			before := heapNow()
			h := sampleHeap(5 * time.Millisecond)
			b.StartTimer()
			ix, err := search.Build(k)
			b.StopTimer()
			p := h.Stop()
			if err != nil {
				b.Fatal(err)
			}
			peak = max(peak, p-min(p, before))
			runtime.GC()
			if after := heapNow(); after > before {
				kept = max(kept, after-before)
			}
			runtime.KeepAlive(ix)
			ix.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		b.ReportMetric(float64(kept)/(1<<20), "index-MB")
	})
}

// BenchmarkAnswer measures one question's latency over a varied set of
// questions: the shipped evaluation questions and questions of the
// knowledge base asked the way merchants type them. One op asks every
// question once; median-µs and p99-µs are per question.
//   - search: the index alone, ix.Search(q, 5);
//   - assistant: the whole answer path, as posbot ask and the bot run it.
func BenchmarkAnswer(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		k, ix := benchIndex(b, n)
		qs := benchQuestions(b, k)
		a := assistant.New(k, ix)
		for _, path := range []struct {
			name string
			ask  func(q string) error
		}{
			{"search", func(q string) error { _, err := ix.Search(q, 5); return err }},
			{"assistant", func(q string) error { _, err := a.Answer(assistant.Question{Text: q}); return err }},
		} {
			b.Run(path.name, func(b *testing.B) {
				took := make([]time.Duration, 0, b.N*len(qs))
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					for _, q := range qs {
						start := time.Now()
						if err := path.ask(q); err != nil {
							b.Fatalf("%q: %v", q, err)
						}
						took = append(took, time.Since(start))
					}
				}
				b.StopTimer()
				sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
				b.ReportMetric(float64(took[len(took)/2].Nanoseconds())/1e3, "median-µs")
				b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds())/1e3, "p99-µs")
				b.ReportMetric(float64(len(qs)), "questions/op")
			})
		}
	})
}

// benchQuestions are the shipped evaluation questions and 400 questions of
// k's articles, picked at random (the same for a size every run) and typed
// the way merchants do: with a greeting, particulars or punctuation.
func benchQuestions(tb testing.TB, k *kb.KB) []string {
	tb.Helper()
	qs, err := eval.Questions(knowledge.FS, "eval/questions.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewPCG(benchSeed, uint64(len(k.Articles))))
	for range 400 {
		a := k.Articles[r.IntN(len(k.Articles))]
		q := a.Questions[r.IntN(len(a.Questions))]
		switch r.IntN(5) {
		case 0:
			q = []string{"你好，", "在吗 ", "请问 ", "客服 "}[r.IntN(4)] + q
		case 1:
			q = "商户号898440153990123 " + q
		case 2:
			q += []string{"？", " 急", "！！", " 谢谢"}[r.IntN(4)]
		}
		qs = append(qs, q)
	}
	return qs
}

// BenchmarkReload measures what a reload costs after an editor changed one
// article: reading the folder again (kb.LoadReusing parses only the changed
// file) and updating the index with it, as the engine does while serving.
func BenchmarkReload(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		dir := b.TempDir()
		if err := kbgen.Write(generatedKB(b, n), dir); err != nil {
			b.Fatal(err)
		}
		fsys := os.DirFS(dir)
		k, err := kb.Load(fsys)
		if err != nil {
			b.Fatal(err)
		}
		ix, err := search.Build(k)
		if err != nil {
			b.Fatal(err)
		}
		a := k.Articles[len(k.Articles)/2]
		path := filepath.Join(dir, filepath.FromSlash(a.File))
		orig, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			edited := strings.Replace(string(orig), "questions:\n", fmt.Sprintf("questions:\n  - 第%d次改过的问题\n", i), 1)
			if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			k2, err := kb.LoadReusing(fsys, k)
			if err != nil {
				b.Fatal(err)
			}
			nx, err := ix.Update(k2)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			ix.Close()
			k, ix = k2, nx
			b.StartTimer()
		}
		b.StopTimer()
		ix.Close()
	})
}
