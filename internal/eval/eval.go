// Package eval scores the assistant on a labelled question file, so editors
// and CI can see how a change to the knowledge base moves accuracy.
//
// Two formats are read, told apart by the first question line:
//   - labels: `label<TAB>question`, where label is a topic, handoff or
//     no_answer, or several joined by '|' (any of them is right). More
//     tab-separated questions make a conversation: every field but the
//     label is a merchant turn, oldest first, and the label scores the last.
//   - codes: `question<TAB>word|word`: the reply must contain one of the
//     words (case, width and script folded).
package eval

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/textnorm"
)

// Labels besides the topics.
const (
	LabelHandoff  = "handoff"
	LabelNoAnswer = "no_answer"
	// LabelClose is a short close to thanks or "ok"; it is a no_answer too,
	// so a no_answer label accepts it.
	LabelClose = "close"
)

// Case is one scored question, with the conversation before it.
type Case struct {
	// Labels are the acceptable labels of a labels file, any one right.
	Labels []string
	// Words are, in a codes file, the words one of which the reply holds.
	Words    []string
	Before   []string // earlier merchant turns, oldest first
	Question string
	Line     int
	// At is when the question is asked: set by a "# now: 2026-10-09T10:00:00+08:00"
	// line for the cases after it, so that relative days and due dates
	// are scored against a fixed clock.
	At time.Time
}

// Label is the case's labels as written.
func (c Case) Label() string { return strings.Join(c.Labels, "|") }

// labelLike is the shape of a label field, to tell the formats apart.
var labelLike = regexp.MustCompile(`^[a-z_-]+(\|[a-z_-]+)*$`)

// Questions reads the file name of fsys as Parse does and returns its
// questions in order, for benchmarks and tests that only ask them.
func Questions(fsys fs.FS, name string) ([]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cases, err := Parse(f, name)
	if err != nil {
		return nil, err
	}
	qs := make([]string, len(cases))
	for i, c := range cases {
		qs[i] = c.Question
	}
	return qs, nil
}

// Parse reads a labels file or a codes file; blank lines and lines starting
// with '#' are skipped. Problems are reported as name:line: message.
func Parse(r io.Reader, name string) ([]Case, error) {
	var cases []Case
	var problems []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	n := 0
	codes, decided := false, false
	var at time.Time
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if v, ok := strings.CutPrefix(line, "# now:"); ok {
			t, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s:%d: # now: want a time such as 2026-10-09T10:00:00+08:00", name, n))
			}
			at = t
			continue
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if !decided {
			codes, decided = len(fields) > 1 && !labelLike.MatchString(fields[0]), true
		}
		if codes {
			c, problem := parseCode(fields, n)
			if problem != "" {
				problems = append(problems, fmt.Sprintf("%s:%d: %s", name, n, problem))
				continue
			}
			c.At = at
			cases = append(cases, c)
			continue
		}
		c, problem := parseLabelled(fields, n)
		if problem != "" {
			problems = append(problems, fmt.Sprintf("%s:%d: %s", name, n, problem))
			continue
		}
		c.At = at
		cases = append(cases, c)
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

func parseLabelled(fields []string, line int) (Case, string) {
	if len(fields) < 2 {
		return Case{}, "want label<TAB>question"
	}
	turns := fields[1:]
	for _, t := range turns {
		if t == "" {
			return Case{}, "want label<TAB>question (an empty question)"
		}
	}
	labels := strings.Split(fields[0], "|")
	for _, l := range labels {
		if !validLabel(l) {
			return Case{}, fmt.Sprintf("unknown label %q (want a topic, %s, %s or %s)", l, LabelHandoff, LabelNoAnswer, LabelClose)
		}
	}
	return Case{Labels: labels, Before: turns[:len(turns)-1], Question: turns[len(turns)-1], Line: line}, ""
}

func parseCode(fields []string, line int) (Case, string) {
	if len(fields) != 2 || fields[0] == "" || fields[1] == "" {
		return Case{}, "want question<TAB>word|word"
	}
	var words []string
	for _, w := range strings.Split(fields[1], "|") {
		if w = strings.TrimSpace(w); w != "" {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return Case{}, "want question<TAB>word|word"
	}
	return Case{Words: words, Question: fields[0], Line: line}, ""
}

func validLabel(l string) bool {
	return l == LabelHandoff || l == LabelNoAnswer || l == LabelClose || kb.ValidTopic(kb.Topic(l))
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
	Lang    string // the script the question is written in
}

// Tally counts results.
type Tally struct{ Correct, Total int }

// Rate is Correct/Total, or 1 when there is nothing to count.
func (t Tally) Rate() float64 {
	if t.Total == 0 {
		return 1
	}
	return float64(t.Correct) / float64(t.Total)
}

func (t *Tally) add(ok bool) {
	t.Total++
	if ok {
		t.Correct++
	}
}

// Scripts a question is written in, as the report splits them.
const (
	ScriptSimplified  = "simplified"
	ScriptTraditional = "traditional"
	ScriptEnglish     = "english"
	ScriptMixed       = "mixed"
)

// Scripts lists them in report order.
var Scripts = []string{ScriptSimplified, ScriptTraditional, ScriptEnglish, ScriptMixed}

// latinWord is an English word in a Chinese sentence; the acronyms every
// merchant writes in Chinese (POS, SN, T+1) don't make a sentence mixed.
var (
	latinWord = regexp.MustCompile(`[A-Za-z]{3,}`)
	acronyms  = map[string]bool{"pos": true, "app": true, "mcc": true, "nfc": true, "pin": true, "cvv": true, "sim": true, "wifi": true, "atm": true, "posm": true, "ic": true}
)

// ScriptOf tells which of Scripts a question is written in.
func ScriptOf(q string) string {
	switch {
	case textnorm.IsEnglish(q):
		return ScriptEnglish
	case textnorm.HasTraditional(q):
		return ScriptTraditional
	case textnorm.HasHan(q):
		for _, w := range latinWord.FindAllString(q, -1) {
			if !acronyms[strings.ToLower(w)] {
				return ScriptMixed
			}
		}
	}
	return ScriptSimplified
}

// Report sums up a run.
type Report struct {
	Results []Result
	// ByLabel counts cases by their first label; a codes file counts under
	// "codes".
	ByLabel map[string]*Tally
	// InScope counts cases a topic answers (with or without handoff as an
	// alternative); OffTopic those only no_answer fits; Handoff those only a
	// handoff fits; Codes the cases of a codes file.
	InScope, OffTopic, Handoff, Codes Tally
	// Conversations counts the cases with earlier turns.
	Conversations Tally
	ByScript      map[string]*Tally
	Overall       Tally
	// FalseAnswers counts off-topic questions that got an article.
	FalseAnswers int
	// FalseHandoffs counts questions handed to a person unasked.
	FalseHandoffs int
}

// LabelCodes is the ByLabel key of a codes file's cases.
const LabelCodes = "codes"

// Run answers every case and scores it. A conversation's earlier turns are
// answered in order, and each reply joins the history of the next.
func Run(a Answerer, cases []Case) (*Report, error) {
	rep := &Report{ByLabel: map[string]*Tally{}, ByScript: map[string]*Tally{}}
	for _, c := range cases {
		var history []assistant.Turn
		for _, t := range c.Before {
			r, err := a.Answer(assistant.Question{Text: t, History: history, At: c.At})
			if err != nil {
				return nil, fmt.Errorf("eval: line %d: %w", c.Line, err)
			}
			history = append(history, assistant.MerchantTurn(t), assistant.BotTurn(r))
		}
		reply, err := a.Answer(assistant.Question{Text: c.Question, History: history, At: c.At})
		if err != nil {
			return nil, fmt.Errorf("eval: line %d: %w", c.Line, err)
		}
		rep.add(c, reply)
	}
	return rep, nil
}

func (rep *Report) add(c Case, reply assistant.Reply) {
	res := Result{Case: c, Reply: reply, Lang: ScriptOf(c.Question)}
	key := LabelCodes
	if c.Words != nil {
		res.Got = LabelOf(reply)
		res.Correct = containsAny(reply.Text, c.Words)
		rep.Codes.add(res.Correct)
	} else {
		key = c.Labels[0]
		res.Got = LabelOf(reply)
		for _, l := range c.Labels {
			res.Correct = res.Correct || l == res.Got || l == LabelNoAnswer && res.Got == LabelClose
		}
		if len(c.Before) > 0 {
			rep.Conversations.add(res.Correct)
		}
		switch {
		case only(c.Labels, LabelClose):
		case only(c.Labels, LabelNoAnswer):
			rep.OffTopic.add(res.Correct)
			if reply.Action == assistant.ActionAnswer {
				rep.FalseAnswers++
			}
		case only(c.Labels, LabelHandoff):
			rep.Handoff.add(res.Correct)
		default:
			rep.InScope.add(res.Correct)
		}
		if reply.Action == assistant.ActionHandoff && !has(c.Labels, LabelHandoff) {
			rep.FalseHandoffs++
		}
	}
	rep.Results = append(rep.Results, res)
	tally(rep.ByLabel, key).add(res.Correct)
	tally(rep.ByScript, res.Lang).add(res.Correct)
	rep.Overall.add(res.Correct)
}

func tally(m map[string]*Tally, key string) *Tally {
	t := m[key]
	if t == nil {
		t = &Tally{}
		m[key] = t
	}
	return t
}

func only(labels []string, l string) bool { return len(labels) == 1 && labels[0] == l }

func has(labels []string, l string) bool {
	for _, x := range labels {
		if x == l {
			return true
		}
	}
	return false
}

func containsAny(text string, words []string) bool {
	t := textnorm.Fold(text)
	for _, w := range words {
		if strings.Contains(t, textnorm.Fold(w)) {
			return true
		}
	}
	return false
}

// LabelOf is the label a reply amounts to.
func LabelOf(r assistant.Reply) string {
	switch r.Action {
	case assistant.ActionHandoff:
		return LabelHandoff
	case assistant.ActionNoAnswer:
		if r.Courtesy == assistant.CourtesyClose {
			return LabelClose
		}
		return LabelNoAnswer
	}
	return string(r.Topic)
}

// Print writes the report: a line per label and per script, the summary
// lines, and with verbose every miss.
func (rep *Report) Print(w io.Writer, verbose bool) {
	if verbose {
		for _, r := range rep.Results {
			if r.Correct {
				continue
			}
			best := "-"
			if len(r.Reply.Candidates) > 0 {
				best = r.Reply.Candidates[0].Article.ID
			}
			want := r.Label()
			if r.Words != nil {
				want = strings.Join(r.Words, "|")
			}
			fmt.Fprintf(w, "MISS line %d: want %s, got %s %s (best %s, %.2f): %s\n", r.Line, want, r.Got, r.Reply.ArticleID, best, r.Reply.Confidence, r.Question)
		}
	}
	fmt.Fprintf(w, "%-20s %8s %6s\n", "label", "correct", "rate")
	labels := make([]string, 0, len(rep.ByLabel))
	for _, t := range kb.Topics {
		labels = append(labels, string(t))
	}
	labels = append(labels, LabelHandoff, LabelNoAnswer, LabelClose, LabelCodes)
	for _, l := range labels {
		if t := rep.ByLabel[l]; t != nil {
			fmt.Fprintf(w, "%-20s %4d/%-4d %5.1f%%\n", l, t.Correct, t.Total, 100*t.Rate())
		}
	}
	for _, s := range Scripts {
		if t := rep.ByScript[s]; t != nil {
			fmt.Fprintf(w, "%-20s %4d/%-4d %5.1f%%\n", "lang "+s, t.Correct, t.Total, 100*t.Rate())
		}
	}
	for _, g := range []struct {
		name string
		t    Tally
	}{{"in-scope answered", rep.InScope}, {"off-topic refused", rep.OffTopic}, {"handoff detected", rep.Handoff}, {"codes explained", rep.Codes}, {"conversations", rep.Conversations}} {
		if g.t.Total > 0 {
			fmt.Fprintf(w, "%-20s %4d/%-4d %5.1f%%\n", g.name, g.t.Correct, g.t.Total, 100*g.t.Rate())
		}
	}
	if rep.Codes.Total < rep.Overall.Total {
		fmt.Fprintf(w, "off-topic answered: %d, handed off unasked: %d\n", rep.FalseAnswers, rep.FalseHandoffs)
	}
	fmt.Fprintf(w, "accuracy: %d/%d %.1f%%\n", rep.Overall.Correct, rep.Overall.Total, 100*rep.Overall.Rate())
}
