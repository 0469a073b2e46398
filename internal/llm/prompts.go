package llm

import (
	"bytes"
	"fmt"
	"io/fs"
	"text/template"
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

var funcs = template.FuncMap{"inc": func(i int) int { return i + 1 }}

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
	return p, nil
}

var sample = PromptData{
	Question: "扫码收款没到账", Language: "Simplified Chinese", NoAnswer: NoAnswer, MaxSteps: 5,
	History:  []HistoryTurn{{Role: "merchant", Text: "你好"}},
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
