package main

import (
	"bufio"
	"context"
	"fmt"
	"os/user"
	"strconv"
	"strings"
	"time"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/config"
	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/store"
)

// consoleChatID identifies the console merchant in the database; Telegram
// chat ids are never this small and negative.
const consoleChatID = -1

func (e *env) chat(args []string) error {
	fl := e.flags("chat")
	quiet := fl.Bool("quiet", false, "hide the line showing action, topic, article and confidence")
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	en, err := e.engine(true)
	if err != nil {
		return err
	}
	defer en.Close()
	db, err := store.Open(e.ctx, cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("%s: %w", config.EnvDatabaseURL, err)
	}
	defer db.Close()
	desk := escalation.NewDesk(db, time.Now)
	me := escalation.Merchant{ChatID: consoleChatID, UserID: consoleChatID, Name: "console", Lang: assistant.LangZH}
	if u, err := user.Current(); err == nil {
		me.Name, me.Username = "console", u.Username
	}

	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	var pending [][]escalation.Button // the buttons last shown, pressed by typing their number
	show := func(replies []escalation.Reply) {
		pending = nil
		for _, r := range replies {
			fmt.Fprintln(out, r.Text)
			n := 0
			for _, row := range r.Buttons {
				for _, b := range row {
					n++
					fmt.Fprintf(out, "  [%d] %s", n, b.Text)
				}
			}
			if n > 0 {
				fmt.Fprintln(out)
				pending = r.Buttons
			}
		}
	}
	press := func(line string) (string, bool) {
		i, err := strconv.Atoi(strings.TrimSpace(line))
		if err != nil || len(pending) == 0 {
			return "", false
		}
		n := 0
		for _, row := range pending {
			for _, b := range row {
				n++
				if n == i {
					return b.Data, true
				}
			}
		}
		return "", false
	}
	fmt.Fprintf(out, "posbot chat: %d articles, %d response codes. Type your question; /human for a person, /quit to leave.\n> ",
		len(en.kb.Articles), len(en.kb.Codes))
	out.Flush()
	err = eachLine(e.stdin, func(line string) error {
		if e.ctx.Err() != nil {
			return e.ctx.Err()
		}
		text := strings.TrimSpace(line)
		switch text {
		case "/quit", "/exit", "/q":
			return errQuit
		}
		var replies []escalation.Reply
		var derr error
		handled := false
		if data, ok := press(text); ok {
			replies, handled, derr = desk.Press(e.ctx, me, data)
		}
		if !handled && text == "/human" {
			replies, derr = desk.Begin(e.ctx, me, "", "")
			handled = true
		}
		if !handled {
			replies, handled, derr = desk.Handle(e.ctx, me, line)
		}
		if !handled {
			r, err := en.assistant.AnswerContext(e.ctx, assistant.Question{Text: line, History: history(e.ctx, desk, me.ChatID)})
			if err != nil {
				fmt.Fprintln(e.stderr, "posbot: "+err.Error())
			}
			if !*quiet {
				fmt.Fprintf(out, "  · %s %s %s %.2f", r.Action, r.Topic, r.ArticleID, r.Confidence)
				if r.Rephrased {
					fmt.Fprintf(out, " rephrased in %s", r.LLMLatency.Round(time.Millisecond))
				} else if r.Fallback != "" {
					fmt.Fprintf(out, " (model not used: %s)", r.Fallback)
				}
				fmt.Fprintln(out)
			}
			if r.Action == assistant.ActionHandoff {
				replies, derr = desk.Begin(e.ctx, me, line, r.ArticleID)
			} else {
				derr = desk.Noted(e.ctx, me, line, r.Text, string(r.Topic), r.ArticleID)
				replies = []escalation.Reply{{Text: r.Text}}
			}
		}
		if derr != nil {
			fmt.Fprintln(e.stderr, "posbot: "+derr.Error())
		}
		if handled && len(replies) == 0 && derr == nil {
			// An open ticket: the message went to the agents.
			replies = []escalation.Reply{{Text: "（已转给客服）"}}
		}
		show(replies)
		fmt.Fprint(out, "> ")
		return out.Flush()
	})
	fmt.Fprintln(out)
	if err == errQuit {
		return nil
	}
	return err
}

var errQuit = exitError{code: 0}

// history is the recent conversation as the core takes it.
func history(ctx context.Context, d *escalation.Desk, chatID int64) []assistant.Turn {
	turns, err := d.Recent(ctx, chatID)
	if err != nil {
		return nil
	}
	out := make([]assistant.Turn, 0, len(turns))
	for _, t := range turns {
		out = append(out, assistant.Turn{Role: string(t.Role), Text: t.Text, Article: t.Article, At: t.At})
	}
	return out
}
