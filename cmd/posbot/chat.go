package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/posbot/posbot/internal/assistant"
)

func (e *env) chat(args []string) error {
	fl := e.flags("chat")
	quiet := fl.Bool("quiet", false, "hide the line showing action, topic, article and confidence")
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	en, err := e.engine()
	if err != nil {
		return err
	}
	defer en.Close()

	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	fmt.Fprintf(out, "posbot chat: %d articles, %d response codes. Type your question; /quit to leave.\n> ", len(en.kb.Articles), len(en.kb.Codes))
	out.Flush()
	err = eachLine(e.stdin, func(line string) error {
		if e.ctx.Err() != nil {
			return e.ctx.Err()
		}
		switch strings.TrimSpace(line) {
		case "/quit", "/exit", "/q":
			return errQuit
		}
		r, err := en.assistant.Answer(assistant.Question{Text: line})
		if err != nil {
			fmt.Fprintln(e.stderr, "posbot: "+err.Error())
		}
		if !*quiet {
			fmt.Fprintf(out, "  · %s %s %s %.2f\n", r.Action, r.Topic, r.ArticleID, r.Confidence)
		}
		fmt.Fprintf(out, "%s\n> ", r.Text)
		return out.Flush()
	})
	fmt.Fprintln(out)
	if err == errQuit {
		return nil
	}
	return err
}

var errQuit = exitError{code: 0}
