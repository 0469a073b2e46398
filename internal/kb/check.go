package kb

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/posbot/posbot/internal/textnorm"
)

// What an editor owes each article, so that retrieval meets the ways
// merchants really ask: Chinese, English and traditional characters.
const (
	MinQuestions            = 8
	MinEnglishQuestions     = 2
	MinTraditionalQuestions = 1
	// MinRefusalExamples is what an out-of-scope group needs to be found.
	MinRefusalExamples = 4
	// MaxShort and MaxShortEN are the longest short answers, in
	// characters: what fits a phone screen above the buttons.
	MaxShort   = 150
	MaxShortEN = 250
)

// Check returns the editorial problems of a loaded knowledge base: what
// `posbot kb check` and CI insist on beyond what Load needs to serve.
func Check(k *KB) Problems {
	var ps Problems
	for _, a := range k.Articles {
		if !a.Answers() {
			if len(a.Questions) < MinRefusalExamples {
				ps = append(ps, Problem{a.File, a.Line, fmt.Sprintf("%s; an %s group needs at least %d", plural(len(a.Questions), "example question"), a.Topic, MinRefusalExamples)})
			}
			continue
		}
		if len(a.Questions) < MinQuestions {
			ps = append(ps, Problem{a.File, a.Line, fmt.Sprintf("%s; an article needs at least %d", plural(len(a.Questions), "example question"), MinQuestions)})
		}
		var english, traditional int
		for _, q := range a.Questions {
			if textnorm.IsEnglish(q) {
				english++
			}
			if textnorm.HasTraditional(q) {
				traditional++
			}
		}
		if english < MinEnglishQuestions {
			ps = append(ps, Problem{a.File, a.Line, fmt.Sprintf("%s in English; an article needs at least %d", plural(english, "example question"), MinEnglishQuestions)})
		}
		if traditional < MinTraditionalQuestions {
			ps = append(ps, Problem{a.File, a.Line, fmt.Sprintf("no example question in traditional characters; an article needs at least %d", MinTraditionalQuestions)})
		}
		if a.English == "" {
			ps = append(ps, Problem{a.File, a.Line, "no en answer: merchants who write English get it"})
		}
		for _, sh := range []struct {
			key, text string
			max       int
		}{{"short", a.Short, MaxShort}, {"short_en", a.ShortEN, MaxShortEN}} {
			switch n := utf8.RuneCountInString(sh.text); {
			case n == 0:
				ps = append(ps, Problem{a.File, a.Line, fmt.Sprintf("no %s: the short answer a merchant reads first, what to do now", sh.key)})
			case n > sh.max:
				ps = append(ps, Problem{a.File, a.Line, fmt.Sprintf("%s is %d characters; keep it to %d, the full steps follow on a button", sh.key, n, sh.max)})
			}
		}
		if dir := a.Dir(); ValidTopic(Topic(dir)) && Topic(dir) != a.Topic {
			ps = append(ps, Problem{a.File, a.Line, fmt.Sprintf("topic %q disagrees with the folder %s/", a.Topic, dir)})
		}
	}
	ps.sort()
	return ps
}

// refusalConflicts reports out-of-scope examples that repeat a question of
// an answer article: the same words cannot be both answered and refused.
func (k *KB) refusalConflicts() Problems {
	type where struct {
		a    *Article
		line int
	}
	asked := map[string]where{}
	for _, a := range k.Articles {
		if !a.Answers() {
			continue
		}
		for i, q := range a.Questions {
			if key := QuestionKey(q); key != "" {
				if _, seen := asked[key]; !seen {
					asked[key] = where{a, a.QuestionLines[i]}
				}
			}
		}
	}
	var ps Problems
	for _, a := range k.Articles {
		if a.Answers() {
			continue
		}
		for i, q := range a.Questions {
			if w, ok := asked[QuestionKey(q)]; ok {
				ps = append(ps, Problem{a.File, a.QuestionLines[i], fmt.Sprintf("%s example %q repeats a question of article %s (%s:%d)", a.Topic, q, w.a.ID, w.a.File, w.line)})
			}
		}
	}
	return ps
}

// QuestionKey is a question with case, width, script, spaces and
// punctuation folded away, to tell when two questions are the same.
func QuestionKey(q string) string {
	var b strings.Builder
	for _, r := range textnorm.Fold(q) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
