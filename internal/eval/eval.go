// Package eval scores the assistant on a labelled question file, so editors
// and CI can see how a change to the knowledge base moves accuracy.
package eval

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/kb"
)

// Labels besides the topics.
const (
	LabelHandoff  = "handoff"
	LabelNoAnswer = "no_answer"
)

// Case is one labelled question.
type Case struct {
	Label    string
	Question string
	Line     int
}

// Parse reads `label<TAB>question` lines; blank lines and lines starting
// with '#' are skipped. Problems are reported as name:line: message.
func Parse(r io.Reader, name string) ([]Case, error) {
	var cases []Case
	var problems []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label, q, ok := strings.Cut(line, "\t")
		label = strings.TrimSpace(label)
		switch {
		case !ok || strings.TrimSpace(q) == "":
			problems = append(problems, fmt.Sprintf("%s:%d: want label<TAB>question", name, n))
		case !validLabel(label):
			problems = append(problems, fmt.Sprintf("%s:%d: unknown label %q", name, n, label))
		default:
			cases = append(cases, Case{Label: label, Question: q, Line: n})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", name, err)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("eval: %s", strings.Join(problems, "\n"))
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("eval: %s: no questions", name)
	}
	return cases, nil
}

func validLabel(l string) bool {
	return l == LabelHandoff || l == LabelNoAnswer || kb.ValidTopic(kb.Topic(l))
}

// Answerer is the part of the assistant eval needs.
type Answerer interface {
	Answer(q assistant.Question) (assistant.Reply, error)
}

// Result is one scored case.
type Result struct {
	Case
	Got     string // the label the reply amounts to
	Reply   assistant.Reply
	Correct bool
}

// Tally counts results for one label.
type Tally struct{ Correct, Total int }

// Rate is Correct/Total, or 1 when there is nothing to count.
func (t Tally) Rate() float64 {
	if t.Total == 0 {
		return 1
	}
	return float64(t.Correct) / float64(t.Total)
}

// Report sums up a run.
type Report struct {
	Results []Result
	ByLabel map[string]*Tally
	Overall Tally
	// FalseAnswers counts off-topic questions that got an article.
	FalseAnswers int
	// FalseHandoffs counts questions handed to a person unasked.
	FalseHandoffs int
}

// Run answers every case and scores it.
func Run(a Answerer, cases []Case) (*Report, error) {
	rep := &Report{ByLabel: map[string]*Tally{}}
	for _, c := range cases {
		reply, err := a.Answer(assistant.Question{Text: c.Question})
		if err != nil {
			return nil, fmt.Errorf("eval: line %d: %w", c.Line, err)
		}
		got := LabelOf(reply)
		res := Result{Case: c, Got: got, Reply: reply, Correct: got == c.Label}
		rep.Results = append(rep.Results, res)
		t := rep.ByLabel[c.Label]
		if t == nil {
			t = &Tally{}
			rep.ByLabel[c.Label] = t
		}
		t.Total++
		rep.Overall.Total++
		if res.Correct {
			t.Correct++
			rep.Overall.Correct++
		}
		if c.Label == LabelNoAnswer && reply.Action == assistant.ActionAnswer {
			rep.FalseAnswers++
		}
		if c.Label != LabelHandoff && reply.Action == assistant.ActionHandoff {
			rep.FalseHandoffs++
		}
	}
	return rep, nil
}

// LabelOf is the label a reply amounts to.
func LabelOf(r assistant.Reply) string {
	switch r.Action {
	case assistant.ActionHandoff:
		return LabelHandoff
	case assistant.ActionNoAnswer:
		return LabelNoAnswer
	}
	return string(r.Topic)
}

// Print writes the report: a line per label, the summary lines, and with
// verbose every miss.
func (rep *Report) Print(w io.Writer, verbose bool) {
	labels := make([]string, 0, len(rep.ByLabel))
	for _, t := range kb.Topics {
		if rep.ByLabel[string(t)] != nil {
			labels = append(labels, string(t))
		}
	}
	fmt.Fprintf(w, "%-16s %8s %6s\n", "topic", "correct", "rate")
	for _, l := range labels {
		t := rep.ByLabel[l]
		fmt.Fprintf(w, "%-16s %4d/%-3d %5.1f%%\n", l, t.Correct, t.Total, 100*t.Rate())
	}
	for _, l := range []string{LabelHandoff, LabelNoAnswer} {
		if t := rep.ByLabel[l]; t != nil {
			name := map[string]string{LabelHandoff: "handoff detection", LabelNoAnswer: "off-topic rejection"}[l]
			fmt.Fprintf(w, "%-20s %4d/%-3d %5.1f%%\n", name, t.Correct, t.Total, 100*t.Rate())
		}
	}
	fmt.Fprintf(w, "off-topic answered: %d, handed off unasked: %d\n", rep.FalseAnswers, rep.FalseHandoffs)
	fmt.Fprintf(w, "accuracy: %d/%d %.1f%%\n", rep.Overall.Correct, rep.Overall.Total, 100*rep.Overall.Rate())
	if !verbose {
		return
	}
	for _, r := range rep.Results {
		if r.Correct {
			continue
		}
		best := "-"
		if len(r.Reply.Candidates) > 0 {
			best = r.Reply.Candidates[0].Article.ID
		}
		fmt.Fprintf(w, "MISS line %d: want %s, got %s (best %s, %.2f): %s\n", r.Line, r.Label, r.Got, best, r.Reply.Confidence, r.Question)
	}
}
