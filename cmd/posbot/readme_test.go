package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/gaps"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/store"
)

// The README is what a new editor or operator reads first, so its examples
// must be true of the shipped knowledge base. TestReadmeExamples finds every
// documented invocation of posbot in README.md (code blocks and inline code
// with `go run ./cmd/posbot …`), runs it in-process through run, as from the
// repository's root, and checks that it exits 0. Where the README shows what
// an example prints, the claim is checked too: today that is the gap report,
// whose questions must still be ones the shipped knowledge base cannot
// answer. When an edit to knowledge/ makes an example untrue, this test
// fails and names the README line to update.
//
// Not every example can run in a test:
//   - serve runs the Telegram bot until it is stopped and needs a token
//     (its README example has a placeholder); it is skipped, and
//     TestReadmeCommands checks that serve --help works.
//   - chat is interactive: it gets a question and /quit on standard input,
//     as someone trying it would type, and must exit 0 having said at once
//     that it is loading the knowledge base, as the README promises.
//
// run builds the knowledge base's index afresh for every command, so the
// cost is one build per example (about 0.2 s each); the gap report's
// questions are asked through one ask --json, one build for all of them.
func TestReadmeExamples(t *testing.T) {
	examples := readmeExamples(t, readmeText(t))
	if len(examples) < 5 {
		t.Fatalf("found %d examples of %s in README.md; the parser in readme_test.go no longer understands it", len(examples), readmeGoRun)
	}
	// go run ./cmd/posbot is run from the repository's root: knowledge/ and
	// the paths the examples name are relative to it.
	t.Chdir("../..")
	seen := map[string]bool{}
	for _, ex := range examples {
		key := ex.text + "\x00" + strings.Join(ex.output, "\n")
		if seen[key] {
			continue
		}
		seen[key] = true
		t.Run(fmt.Sprintf("README.md:%d %s", ex.line, ex.text), func(t *testing.T) {
			args, stdin, env, err := readmeCommand(ex.text)
			if err != nil {
				t.Fatalf("README.md:%d: %v; write examples as [echo TEXT |] [VAR=value …] %s ARGS", ex.line, err, readmeGoRun)
			}
			if len(args) == 0 {
				t.Fatalf("README.md:%d: %q names no subcommand", ex.line, ex.text)
			}
			switch args[0] {
			case "serve":
				t.Skip("serve runs the Telegram bot until stopped and needs a token; TestReadmeCommands checks serve --help")
			case "chat":
				if stdin == "" {
					stdin = "扫码没到账\n/quit\n"
				}
			}
			code, out, errs := runCmd(t, stdin, env, args...)
			if code != 0 {
				t.Fatalf("README.md:%d: %s: exit %d, want 0\nstderr:\n%s\nstdout:\n%s", ex.line, ex.text, code, errs, readmeTail(out))
			}
			if args[0] == "chat" && !strings.HasPrefix(out, "posbot chat: loading the knowledge base…\n") {
				t.Errorf("README.md:%d: chat does not say first that it is loading the knowledge base:\n%s", ex.line, readmeTail(out))
			}
			if slices.Contains(args, "--json") {
				for i, l := range strings.Split(strings.TrimSpace(out), "\n") {
					if !json.Valid([]byte(l)) {
						t.Errorf("README.md:%d: line %d of the output is not JSON: %q", ex.line, i+1, l)
					}
				}
			}
			if len(ex.output) == 0 {
				return
			}
			switch args[0] {
			case "gaps":
				readmeCheckGaps(t, ex, args)
			default:
				t.Errorf("README.md:%d shows what %q prints, and readme_test.go has no check for it: add one", ex.line, ex.text)
			}
		})
	}
}

// Every subcommand the README's Commands table names exists: NAME --help
// exits 0 with its usage, and posbot --help lists it.
func TestReadmeCommands(t *testing.T) {
	readme := readmeText(t)
	start := strings.Index(readme, "\n## Commands\n")
	if start < 0 {
		t.Fatal("README.md has no Commands section")
	}
	section := readme[start+1:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	row := regexp.MustCompile("(?m)^\\| `posbot ([a-z]+)")
	var names []string
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	if len(names) < 5 {
		t.Fatalf("found %d commands in the README's Commands table: %v", len(names), names)
	}
	code, usage, errs := runCmd(t, "", nil, "--help")
	if code != 0 {
		t.Fatalf("posbot --help: exit %d: %s", code, errs)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(usage, "  posbot "+name) {
				t.Errorf("posbot --help does not list %s, which the README's Commands table names:\n%s", name, usage)
			}
			code, out, errs := runCmd(t, "", nil, name, "--help")
			if code != 0 || !strings.HasPrefix(out, "Usage: posbot "+name) {
				t.Errorf("posbot %s --help: exit %d, stderr %q, stdout:\n%s", name, code, errs, readmeTail(out))
			}
		})
	}
}

const readmeGoRun = "go run ./cmd/posbot"

func readmeText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readmeExample is one documented invocation of posbot.
type readmeExample struct {
	line   int    // its line in README.md
	text   string // the command as written, without a leading "$ "
	output []string
	// outLine is the line of output[0] in README.md.
	outLine int
}

var readmeSpan = regexp.MustCompile("`([^`]+)`")

// readmeExamples finds the examples: in code blocks, every line with
// `go run ./cmd/posbot`, and after one that starts with "$ " the lines up
// to the next command or the end of the block, which are its output; in
// the text, every inline code span with it (a span may wrap a line).
func readmeExamples(t *testing.T, readme string) []readmeExample {
	t.Helper()
	var out []readmeExample
	var para []string
	paraStart := 0
	flush := func() {
		p := strings.Join(para, "\n")
		for _, m := range readmeSpan.FindAllStringSubmatchIndex(p, -1) {
			span := strings.Join(strings.Fields(p[m[2]:m[3]]), " ")
			if strings.Contains(span, readmeGoRun) {
				out = append(out, readmeExample{line: paraStart + strings.Count(p[:m[0]], "\n"), text: span})
			}
		}
		para = nil
	}
	inFence := false
	cur := -1 // the example the lines of a block belong to, as its output
	for i, l := range strings.Split(readme, "\n") {
		n := i + 1
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			if inFence && cur >= 0 {
				o := out[cur].output
				for len(o) > 0 && strings.TrimSpace(o[len(o)-1]) == "" {
					o = o[:len(o)-1]
				}
				out[cur].output = o
			}
			flush()
			inFence, cur = !inFence, -1
			continue
		}
		if inFence {
			trimmed := strings.TrimSpace(l)
			switch {
			case strings.Contains(l, readmeGoRun):
				out = append(out, readmeExample{line: n, text: strings.TrimPrefix(trimmed, "$ ")})
				cur = -1
				if strings.HasPrefix(trimmed, "$ ") {
					cur = len(out) - 1
					out[cur].outLine = n + 1
				}
			case strings.HasPrefix(trimmed, "$ "):
				cur = -1 // some other program's example
			case cur >= 0:
				out[cur].output = append(out[cur].output, strings.TrimRight(l, " \t"))
			}
			continue
		}
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		if len(para) == 0 {
			paraStart = n
		}
		para = append(para, l)
	}
	flush()
	return out
}

var readmeAssignment = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*=`)

// readmeCommand reads an example the way the shell would, for the forms
// the README uses: [echo TEXT |] [VAR=value …] go run ./cmd/posbot ARGS.
func readmeCommand(text string) (args []string, stdin string, env map[string]string, err error) {
	words, err := readmeShellWords(text)
	if err != nil {
		return nil, "", nil, err
	}
	if i := slices.Index(words, "|"); i >= 0 {
		if i == 0 || words[0] != "echo" || slices.Contains(words[i+1:], "|") {
			return nil, "", nil, fmt.Errorf("%q: only echo … | may feed posbot", text)
		}
		stdin = strings.Join(words[1:i], " ") + "\n"
		words = words[i+1:]
	}
	env = map[string]string{}
	for len(words) > 0 && readmeAssignment.MatchString(words[0]) {
		k, v, _ := strings.Cut(words[0], "=")
		env[k] = v
		words = words[1:]
	}
	if len(words) < 3 || strings.Join(words[:3], " ") != readmeGoRun {
		return nil, "", nil, fmt.Errorf("%q is not an invocation of %s", text, readmeGoRun)
	}
	return words[3:], stdin, env, nil
}

// readmeShellWords splits a command line into words, with '…' and "…"
// quoting and | as a word of its own.
func readmeShellWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	end := func() {
		if inWord {
			words = append(words, w.String())
			w.Reset()
			inWord = false
		}
	}
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			end()
		case r == '|':
			end()
			words = append(words, "|")
		case r == '\\' || r == '$' || r == '`' || r == ';' || r == '&' || r == '<' || r == '>':
			return nil, fmt.Errorf("%q: %c is more shell than this test reads", s, r)
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("%q: unterminated quote", s)
	}
	end()
	return words, nil
}

// readmeGapGroup is one group of the gap report as the README shows it.
type readmeGapGroup struct {
	line     int
	kinds    map[gaps.Kind]int
	article  string
	examples []string
}

var (
	readmeGapHead = regexp.MustCompile(`^\s*\d+\. (\d+)× \(([^)]*)\), last \d{4}-\d\d-\d\d \d\d:\d\d$`)
	readmeGapLast = regexp.MustCompile(`, last \d{4}-\d\d-\d\d \d\d:\d\d$`)
)

// readmeCheckGaps checks the gap report the README shows. Every question
// listed must still get, from the shipped knowledge base, what its group
// says the knowledge base did with it (no_answer for a group of no_answer
// and handoff, an answer for not_helpful), and the article shown must
// exist. Then the events are recorded as the dialogue engine records them
// (the closest article with a no_answer) in a fresh database, and gaps, run
// as the README runs it, must print what the README shows, times aside.
func readmeCheckGaps(t *testing.T, ex readmeExample, args []string) {
	var groups []*readmeGapGroup
	for i, l := range ex.output {
		n := ex.outLine + i
		s := strings.TrimSpace(l)
		if m := readmeGapHead.FindStringSubmatch(l); m != nil {
			g := &readmeGapGroup{line: n, kinds: map[gaps.Kind]int{}}
			total := 0
			for _, part := range strings.Split(m[2], ", ") {
				k, c, _ := strings.Cut(part, " ")
				cnt, err := strconv.Atoi(c)
				if err != nil {
					t.Fatalf("README.md:%d: cannot read the count %q", n, part)
				}
				g.kinds[gaps.Kind(k)] = cnt
				total += cnt
			}
			if c, _ := strconv.Atoi(m[1]); c != total {
				t.Errorf("README.md:%d: the group counts %d× but its kinds add up to %d", n, c, total)
			}
			groups = append(groups, g)
			continue
		}
		if len(groups) == 0 {
			continue
		}
		g := groups[len(groups)-1]
		if a, ok := strings.CutPrefix(s, "article shown: "); ok {
			g.article = a
		} else if q, ok := strings.CutPrefix(s, "· "); ok {
			g.examples = append(g.examples, q)
		}
	}
	if len(groups) == 0 {
		t.Fatalf("README.md:%d: no group in the gap report shown:\n%s", ex.outLine, strings.Join(ex.output, "\n"))
	}

	// One ask for all the questions: one index build.
	var qs []string
	for _, g := range groups {
		qs = append(qs, g.examples...)
	}
	code, out, errs := runCmd(t, strings.Join(qs, "\n")+"\n", nil, "ask", "--json")
	if code != 0 {
		t.Fatalf("ask --json: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(qs) {
		t.Fatalf("%d answers for %d questions:\n%s", len(lines), len(qs), out)
	}
	answers := map[string]askJSON{}
	for i, l := range lines {
		var a askJSON
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatalf("%q: %v", qs[i], err)
		}
		answers[qs[i]] = a
	}

	k, err := kb.Load(os.DirFS("knowledge"))
	if err != nil {
		t.Fatal(err)
	}
	var events []gaps.Event
	at := time.Now().Add(-time.Hour)
	record := func(e gaps.Event) {
		at = at.Add(time.Second)
		e.At = at
		events = append(events, e)
	}
	// The group shown first is recorded last, the latest, as in the report.
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g.article != "" && k.Article(g.article) == nil {
			t.Errorf("README.md:%d: the gap report shows article %q, which knowledge/ does not have", g.line, g.article)
		}
		if len(g.examples) == 0 {
			t.Errorf("README.md:%d: the group lists no question", g.line)
			continue
		}
		left := maps.Clone(g.kinds)
		var last gaps.Event
		for _, q := range g.examples {
			a := answers[q]
			e := gaps.Event{Question: q}
			switch a.Action {
			case "no_answer":
				e.Kind = gaps.KindNoAnswer
				if len(a.Candidates) > 0 {
					e.Article = a.Candidates[0].Article
				}
			case "handoff":
				e.Kind = gaps.KindHandoff
			default:
				e.Kind, e.Article = gaps.KindNotHelpful, a.Article
			}
			if left[e.Kind] == 0 {
				t.Errorf("README.md:%d: the gap report lists %q as a question the knowledge base could not answer (%s), "+
					"but the shipped knowledge base gives it %s %s (confidence %.3f): update the README's example to "+
					"questions it cannot answer (check each with ask --json) and the output shown",
					g.line, q, readmeKinds(g.kinds), a.Action, a.Article, a.Score)
				continue
			}
			left[e.Kind]--
			record(e)
			last = e
		}
		if last.Question == "" {
			continue
		}
		// The rest of the count: the last question asked again, or the
		// merchant pressing for a person after it (a handoff names no
		// article).
		for _, kind := range slices.Sorted(maps.Keys(left)) {
			for ; left[kind] > 0; left[kind]-- {
				e := last
				e.Kind = kind
				if kind == gaps.KindHandoff {
					e.Article = ""
				}
				record(e)
			}
		}
	}
	if t.Failed() {
		return
	}

	url := "sqlite://" + filepath.Join(t.TempDir(), "gaps.db")
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if err := db.RecordGap(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	code, out, errs = runCmd(t, "", map[string]string{"DATABASE_URL": url}, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	norm := func(lines []string) string {
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(readmeGapLast.ReplaceAllString(strings.TrimRight(l, " \t"), ", last …") + "\n")
		}
		return strings.TrimRight(b.String(), "\n")
	}
	got, want := norm(strings.Split(out, "\n")), norm(ex.output)
	if got != want {
		t.Errorf("README.md:%d: with these questions asked, posbot %s prints\n%s\n\nbut the README shows\n%s",
			ex.line, strings.Join(args, " "), got, want)
	}
}

// readmeKinds is a group's kinds as the report prints them.
func readmeKinds(m map[gaps.Kind]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// readmeTail is the end of a long output, for a failure message.
func readmeTail(s string) string {
	if r := []rune(s); len(r) > 2000 {
		return "…" + string(r[len(r)-2000:])
	}
	return s
}
