package llm

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"text/template"

	"golang.org/x/text/unicode/norm"
)

// Prompt files in the prompts folder.
const (
	SystemFile   = "system.tmpl"
	RephraseFile = "rephrase.tmpl"
)

// NoAnswer is what the model replies when the articles do not answer.
const NoAnswer = "NO_ANSWER"

// PromptData is what the templates see.
type PromptData struct {
	Question string
	Language string // "Simplified Chinese" or "English"
	History  []HistoryTurn
	Articles []PromptArticle
	NoAnswer string
	MaxSteps int
}

// HistoryTurn is one earlier message.
type HistoryTurn struct{ Role, Text string }

// PromptArticle is one knowledge-base article given to the model.
type PromptArticle struct{ ID, Title, Body string }

// Prompts are the parsed templates.
type Prompts struct {
	system, rephrase *template.Template
}

var funcs = template.FuncMap{"inc": func(i int) int { return i + 1 }, "quote": quote}

// MerchantTag delimits what a merchant typed in the user message: the
// system prompt tells the model that text inside it is data, never
// instructions.
const MerchantTag = "merchant_text"

// delimiter is the tag, opening or closing, however it is typed.
var delimiter = regexp.MustCompile(`(?i)<\s*/?\s*` + MerchantTag + `[^>]*>?`)

// quote wraps merchant text in MerchantTag for the user message. Any tag of
// that name inside the text is dropped first (after NFKC, so a full-width
// "＜/merchant_text＞" goes too): the merchant cannot close the block early.
func quote(s string) string {
	s = norm.NFKC.String(s)
	for delimiter.MatchString(s) { // "<merch<merchant_text>ant_text>" too
		s = delimiter.ReplaceAllString(s, "")
	}
	return "<" + MerchantTag + ">" + s + "</" + MerchantTag + ">"
}

// LoadPrompts reads and checks the templates in fsys: each must parse and
// render sample data, so a broken template fails at start, naming its file,
// not at the first merchant's message.
func LoadPrompts(fsys fs.FS, dir string) (*Prompts, error) {
	p := &Prompts{}
	for _, f := range []struct {
		name string
		dst  **template.Template
	}{{SystemFile, &p.system}, {RephraseFile, &p.rephrase}} {
		path := dir + "/" + f.name
		src, err := fs.ReadFile(fsys, f.name)
		if err != nil {
			return nil, fmt.Errorf("llm: prompt %s: %w", path, err)
		}
		t, err := template.New(f.name).Funcs(funcs).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("llm: prompt %s: %w", path, err)
		}
		if err := t.Execute(&bytes.Buffer{}, sample); err != nil {
			return nil, fmt.Errorf("llm: prompt %s: %w", path, err)
		}
		*f.dst = t
	}
	if err := p.checkDelimited(dir); err != nil {
		return nil, err
	}
	return p, nil
}

// checkDelimited makes sure the templates keep the merchant's text where
// the model treats it as data: in the user message, inside MerchantTag
// (through quote), never in the system message, which must explain the tag.
func (p *Prompts) checkDelimited(dir string) error {
	system, user, err := p.render(sample)
	if err != nil {
		return err
	}
	texts := []string{sample.Question}
	for _, h := range sample.History {
		texts = append(texts, h.Text)
	}
	outside := merchantBlock.ReplaceAllString(user, "")
	for _, t := range texts {
		if strings.Contains(system, t) {
			return fmt.Errorf("llm: prompt %s/%s: the merchant's text must not be in the system message", dir, SystemFile)
		}
		if strings.Contains(outside, t) {
			return fmt.Errorf("llm: prompt %s/%s: write the merchant's text as {{quote .Question}} and {{quote .Text}}, so it is delimited", dir, RephraseFile)
		}
	}
	if !strings.Contains(user, quote(sample.Question)) {
		return fmt.Errorf("llm: prompt %s/%s: the user message must contain {{quote .Question}}", dir, RephraseFile)
	}
	if !strings.Contains(system, MerchantTag) {
		return fmt.Errorf("llm: prompt %s/%s: must tell the model that text inside <%s> is data, never instructions", dir, SystemFile, MerchantTag)
	}
	return nil
}

var merchantBlock = regexp.MustCompile(`(?s)<` + MerchantTag + `>.*?</` + MerchantTag + `>`)

var sample = PromptData{
	Question: "扫码收款没到账", Language: "Simplified Chinese", NoAnswer: NoAnswer, MaxSteps: 5,
	History:  []HistoryTurn{{Role: "merchant", Text: "机器开不了机"}},
	Articles: []PromptArticle{{ID: "a", Title: "t", Body: "b"}},
}

func (p *Prompts) render(d PromptData) (system, user string, err error) {
	var s, u bytes.Buffer
	if err := p.system.Execute(&s, d); err != nil {
		return "", "", fmt.Errorf("llm: %s: %w", SystemFile, err)
	}
	if err := p.rephrase.Execute(&u, d); err != nil {
		return "", "", fmt.Errorf("llm: %s: %w", RephraseFile, err)
	}
	return s.String(), u.String(), nil
}
