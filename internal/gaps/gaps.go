// Package gaps shows knowledge editors what the knowledge base lacks:
// questions posbot could not answer, answers merchants marked not helpful,
// and handoffs, grouped so that the same question asked many ways counts
// once, biggest group first.
package gaps

import (
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/posbot/posbot/internal/textnorm"
)

// Kind of event.
type Kind string

// Event kinds.
const (
	KindNoAnswer   Kind = "no_answer"
	KindNotHelpful Kind = "not_helpful"
	KindHandoff    Kind = "handoff"
)

// Event is one moment the knowledge base fell short. Question is stored with
// card numbers masked.
type Event struct {
	At       time.Time `json:"at"`
	Kind     Kind      `json:"kind"`
	Question string    `json:"question"`
	Article  string    `json:"article,omitempty"` // the article shown, or the closest one for no_answer
	Topic    string    `json:"topic,omitempty"`
}

// Group is similar questions counted together.
type Group struct {
	Count    int          `json:"count"`
	Kinds    map[Kind]int `json:"kinds"`
	Article  string       `json:"article,omitempty"` // the article most often shown for them
	Examples []string     `json:"examples"`
	Last     time.Time    `json:"last"`

	first    map[string]float64 // the group's first question, which others are compared with
	articles map[string]int
}

// similar is how much two questions must share to count as the same: the
// weighted overlap of their characters (half) and character pairs (one),
// filler left out, measured against the shorter question so that a short
// question inside a longer one groups with it.
const similar = 0.5

// Report groups events, biggest group first; examples holds up to n
// distinct questions per group.
func Report(events []Event, n int) []*Group {
	sorted := append([]Event(nil), events...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].At.Before(sorted[j].At) })
	var groups []*Group
	for _, e := range sorted {
		g := grams(e.Question)
		var best *Group
		bestSim := 0.0
		for _, gr := range groups {
			if s := overlap(g, gr.first); s > bestSim {
				best, bestSim = gr, s
			}
		}
		if best == nil || bestSim < similar || len(g) == 0 {
			best = &Group{Kinds: map[Kind]int{}, articles: map[string]int{}}
			groups = append(groups, best)
		}
		if best.first == nil {
			best.first = g
		}
		best.Count++
		best.Kinds[e.Kind]++
		best.Last = e.At
		if e.Article != "" {
			best.articles[e.Article]++
		}
		q := strings.TrimSpace(e.Question)
		if len(best.Examples) < n && q != "" && !containsStr(best.Examples, q) {
			best.Examples = append(best.Examples, q)
		}
	}
	for _, g := range groups {
		top := 0
		for a, c := range g.articles {
			if c > top || c == top && a < g.Article {
				g.Article, top = a, c
			}
		}
	}
	sort.SliceStable(groups, func(i, j int) bool {
		if groups[i].Count != groups[j].Count {
			return groups[i].Count > groups[j].Count
		}
		return groups[i].Last.After(groups[j].Last)
	})
	return groups
}

// filler carries no meaning for telling questions apart.
var filler = strings.NewReplacer("怎么办", " ", "怎么", " ", "为什么", " ", "什么", " ", "吗", " ", "呢", " ", "了", " ",
	"的", " ", "啊", " ", "我", " ", "你", " ", "请问", " ", "是不是", " ", "一下", " ")

// grams weighs a question's characters (0.5), character pairs (1) and
// Latin words (1).
func grams(q string) map[string]float64 {
	s := filler.Replace(textnorm.Fold(q))
	out := map[string]float64{}
	var run []rune
	flush := func() {
		for _, r := range run {
			out[string(r)] = 0.5
		}
		for i := 0; i+1 < len(run); i++ {
			out[string(run[i:i+2])] = 1
		}
		run = run[:0]
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for _, r := range w {
			if unicode.Is(unicode.Han, r) {
				run = append(run, r)
				continue
			}
			flush()
		}
		flush()
		if !textnorm.HasHan(w) && len(w) > 2 && !isDigits(w) {
			out[w] = 1
		}
	}
	return out
}

func isDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// overlap is the weight a and b share over the weight of the lighter one.
func overlap(a, b map[string]float64) float64 {
	var wa, wb, common float64
	for k, w := range a {
		wa += w
		if _, ok := b[k]; ok {
			common += w
		}
	}
	for _, w := range b {
		wb += w
	}
	if wa == 0 || wb == 0 {
		return 0
	}
	return common / min(wa, wb)
}

func containsStr(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
