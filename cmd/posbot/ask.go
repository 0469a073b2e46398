package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/posbot/posbot/internal/assistant"
)

// maxLineBytes bounds one question read from standard input; the rest of a
// longer line is skipped, not kept in memory.
const maxLineBytes = 1 << 20

type askJSON struct {
	Action  assistant.Action `json:"action"`
	Topic   string           `json:"topic"`
	Article string           `json:"article"`
	Code    string           `json:"code,omitempty"`
	Score   float64          `json:"score"`
	Lang    string           `json:"lang"`
	Text    string           `json:"text"`
	// Short is what the merchant is sent first when the article has a
	// short answer; Text, the full answer, follows on 详细步骤.
	Short string `json:"short,omitempty"`
	// Rephrased is set when the text is the model's wording.
	Rephrased bool `json:"rephrased,omitempty"`
	// Candidates are the articles search found, best first: what an editor
	// needs to see why a question got the answer it got.
	Candidates []candidateJSON `json:"candidates,omitempty"`
}

type candidateJSON struct {
	Article    string  `json:"article"`
	Confidence float64 `json:"confidence"`
	Rank       float64 `json:"rank_score"`
}

func (e *env) ask(args []string) error {
	fl := e.flags("ask")
	asJSON := fl.Bool("json", false, "print each answer as one JSON object per line")
	useLLM := fl.Bool("llm", false, "rephrase answers with the configured model (OPENAI_API_KEY or OPENAI_BASE_URL)")
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	en, err := e.engine(*useLLM)
	if err != nil {
		return err
	}
	defer en.Close()
	if *useLLM && !en.cfg.LLMEnabled() {
		fmt.Fprintln(e.stderr, "posbot: --llm: no model configured (set OPENAI_API_KEY or OPENAI_BASE_URL); answering from the knowledge base")
	}

	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	answer := func(q string) error {
		r, err := en.assistant.AnswerContext(e.ctx, assistant.Question{Text: q})
		if r.Fallback != "" {
			fmt.Fprintln(e.stderr, "posbot: knowledge-base text sent: "+r.FallbackDetail)
		}
		if err != nil {
			fmt.Fprintln(e.stderr, "posbot: "+err.Error())
		}
		if *asJSON {
			rec := askJSON{
				Action: r.Action, Topic: string(r.Topic), Article: r.ArticleID, Code: r.Code,
				Score: round3(r.Confidence), Lang: r.Lang, Text: r.Text, Short: r.Short, Rephrased: r.Rephrased,
			}
			for _, c := range r.Candidates {
				rec.Candidates = append(rec.Candidates, candidateJSON{c.Article.ID, round3(c.Confidence), round3(c.Score)})
			}
			b, err := json.Marshal(rec)
			if err != nil {
				return err
			}
			out.Write(b)
			return out.WriteByte('\n')
		}
		if r.Short != "" {
			// What the merchant reads first, then what 详细步骤 shows.
			_, err = fmt.Fprintf(out, "%s\n\n%s\n%s\n\n", r.Short, assistant.ButtonMore(r.Lang), r.Text)
			return err
		}
		_, err = fmt.Fprintf(out, "%s\n\n", r.Text)
		return err
	}
	if fl.NArg() > 0 {
		return answer(strings.Join(fl.Args(), " "))
	}
	if f, ok := e.stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintln(e.stderr, "posbot ask: reading questions from the terminal, one per line (Ctrl-D to end)")
		}
	}
	return eachLine(e.stdin, func(line string) error {
		if err := answer(line); err != nil {
			return err
		}
		return out.Flush()
	})
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// eachLine calls fn with every line of r, cut to maxLineBytes.
func eachLine(r io.Reader, fn func(string) error) error {
	br := bufio.NewReaderSize(r, 64*1024)
	for {
		var b strings.Builder
		var err error
		for {
			var chunk []byte
			var more bool
			chunk, more, err = br.ReadLine()
			if b.Len() < maxLineBytes {
				b.Write(chunk[:min(len(chunk), maxLineBytes-b.Len())])
			}
			if err != nil || !more {
				break
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading questions: %w", err)
		}
		if err := fn(b.String()); err != nil {
			return err
		}
	}
}
