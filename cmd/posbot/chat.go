package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/config"
	"github.com/posbot/posbot/internal/dialogue"
	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/store"
)

// chat is the console channel: the same dialogue engine as Telegram, so
// gaps and feedback are recorded here too. It plays the support side as
// well: "/agent 文本" answers the open ticket as an agent, "/agent /close"
// closes it, and what the desk sends either side is printed.
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
	// Building the knowledge base takes a moment: say something at once.
	fmt.Fprintln(e.stdout, "posbot chat: loading the knowledge base…")
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
	desk.InZone(cfg.Zone)
	desk.UseHours(cfg.Hours)
	desk.ReopenWindow(cfg.ReopenWindow)
	desk.Memory(cfg.Memory)
	desk.ShowAgentNames(cfg.AgentNames)
	desk.UseLibrary(dialogue.Library(func() *assistant.Assistant { return en.assistant }))
	// The console is its own channel, with one conversation.
	me := escalation.Merchant{Channel: "console", ID: "local", Name: "console", Lang: assistant.LangZH}
	if u, err := user.Current(); err == nil {
		me.Username = u.Username
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	c := &console{
		ctx: e.ctx, out: out, stderr: e.stderr, me: me, desk: desk, quiet: *quiet,
	}
	c.engine = dialogue.New(verbose{en.assistant, c}, dialogue.Options{Desk: desk, Feedback: db, Gaps: db, Hours: desk.HoursText})
	c.outbox = escalation.NewOutbox(db, c, escalation.OutboxOptions{Owner: fmt.Sprintf("console-%d", os.Getpid())})

	fmt.Fprintf(out, "posbot chat: %d articles, %d response codes. Type your question; /more for an answer's full steps, /human for a person, /agent 文本 to answer as support, /quit to leave.\n> ",
		len(en.kb.Articles), len(en.kb.Codes))
	out.Flush()
	err = eachLineUntil(e.ctx, e.stdin, func(line string) error {
		text := strings.TrimSpace(line)
		switch {
		case text == "/quit" || text == "/exit" || text == "/q":
			return errQuit
		case text == "/agent" || strings.HasPrefix(text, "/agent "):
			c.asAgent(strings.TrimSpace(strings.TrimPrefix(text, "/agent")))
		default:
			in := dialogue.Inbound{Merchant: me, Text: line}
			if data, ok := c.press(text); ok {
				in = dialogue.Inbound{Merchant: me, Pressed: true, Button: data, Shown: c.shown}
			} else if text == "/more" {
				// The full steps of the short answer last shown.
				if data, ok := c.moreButton(); ok {
					in = dialogue.Inbound{Merchant: me, Pressed: true, Button: data, Shown: c.shown}
				}
			}
			outs, err := c.engine.Handle(e.ctx, in)
			c.fail(err)
			c.show(outs)
			c.toMerchant = 0
			c.deliver()
			if len(outs) == 0 && c.toMerchant == 0 && text != "" {
				if t, _ := desk.OpenTicket(e.ctx, me.Key()); t != nil {
					fmt.Fprintf(out, "（已转给客服，工单 #%d。/agent 文本 以客服身份回复，/agent /close 关闭工单，/done 问题已解决）\n", t.ID)
				}
			}
		}
		c.deliver()
		fmt.Fprint(out, "> ")
		return out.Flush()
	})
	fmt.Fprintln(out)
	if err == errQuit || errors.Is(err, context.Canceled) {
		// /quit, or Ctrl-C: a clean exit, at once.
		return nil
	}
	return err
}

// eachLineUntil is eachLine that returns as soon as ctx ends (Ctrl-C),
// without waiting for the line being typed.
func eachLineUntil(ctx context.Context, r io.Reader, fn func(string) error) error {
	lines := make(chan string)
	done := make(chan error, 1)
	go func() {
		done <- eachLine(r, func(line string) error {
			select {
			case lines <- line:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-done:
			return err
		case line := <-lines:
			if err := fn(line); err != nil {
				return err
			}
		}
	}
}

var errQuit = exitError{code: 0}

type console struct {
	ctx    context.Context
	out    *bufio.Writer
	stderr interface{ Write([]byte) (int, error) }
	me     escalation.Merchant
	desk   *escalation.Desk
	engine *dialogue.Engine
	outbox *escalation.Outbox
	quiet  bool
	// toMerchant counts what the outbox printed for the merchant this turn.
	toMerchant int
	pending    [][]escalation.Button // the buttons last shown, pressed by typing their number
	shown      string                // the text those buttons were under
}

// moreButton is the 详细步骤 button of the answer last shown.
func (c *console) moreButton() (string, bool) {
	for _, row := range c.pending {
		for _, b := range row {
			if strings.HasPrefix(b.Data, "more:") {
				return b.Data, true
			}
		}
	}
	return "", false
}

func (c *console) fail(err error) {
	if err != nil {
		fmt.Fprintln(c.stderr, "posbot: "+err.Error())
	}
}

// show prints the engine's replies; buttons are numbered to be pressed.
func (c *console) show(outs []dialogue.Outbound) {
	for _, o := range outs {
		switch {
		case o.Clear:
			c.pending = nil
		case o.Toast:
			fmt.Fprintf(c.out, "（%s）\n", o.Text)
		default:
			c.print(o.Text, o.Buttons)
		}
	}
}

func (c *console) print(text string, buttons [][]escalation.Button) {
	fmt.Fprintln(c.out, text)
	n := 0
	for _, row := range buttons {
		for _, b := range row {
			n++
			fmt.Fprintf(c.out, "  [%d] %s", n, b.Text)
		}
	}
	if n > 0 {
		fmt.Fprintln(c.out)
		c.pending, c.shown = buttons, text
	}
}

func (c *console) press(line string) (string, bool) {
	i, err := strconv.Atoi(line)
	if err != nil || len(c.pending) == 0 {
		return "", false
	}
	n := 0
	for _, row := range c.pending {
		for _, b := range row {
			n++
			if n == i {
				return b.Data, true
			}
		}
	}
	return "", false
}

// asAgent answers or closes the console merchant's open ticket as an agent
// would from the support group.
func (c *console) asAgent(text string) {
	t, err := c.desk.OpenTicket(c.ctx, c.me.Key())
	switch {
	case err != nil:
		c.fail(err)
		return
	case t == nil:
		fmt.Fprintln(c.out, "（没有打开的工单：先 /human 或说“转人工”，提交后再用 /agent 回复）")
		return
	case text == "":
		fmt.Fprintln(c.out, "（用法：/agent 回复内容，或 /agent /close 关闭工单；/agent /help 列出客服命令）")
		return
	}
	note, err := c.desk.FromSupport(c.ctx, t, escalation.Agent{Name: "console agent", FirstName: "console"}, text)
	if note != "" {
		fmt.Fprintln(c.out, "  [客服群] "+strings.ReplaceAll(note, "\n", "\n  [客服群] "))
	}
	c.fail(err)
}

// deliver prints what the desk queued for the console's tickets, through
// the same outbox every channel uses.
func (c *console) deliver() {
	_, err := c.outbox.Once(c.ctx)
	c.fail(err)
}

// Send prints a delivery of the console's own tickets: to the merchant as
// messages, to the support side marked [客服群]. Other chats' deliveries
// are left for their channel.
func (c *console) Send(_ context.Context, d escalation.Delivery, t *escalation.Ticket) (escalation.Sent, error) {
	if t.Merchant.Key() != c.me.Key() {
		return escalation.Sent{}, escalation.ErrNotMine
	}
	switch d.Kind {
	case escalation.KindToMerchant:
		c.print(d.Text, d.Buttons)
		c.toMerchant++
	default:
		fmt.Fprintln(c.out, "  [客服群] "+strings.ReplaceAll(d.Text, "\n", "\n  [客服群] "))
	}
	return escalation.Sent{}, nil
}

// verbose shows, under each answer, the action, topic, article and
// confidence, unless -quiet.
type verbose struct {
	core interface {
		AnswerContext(ctx context.Context, q assistant.Question) (assistant.Reply, error)
	}
	c *console
}

func (v verbose) AnswerContext(ctx context.Context, q assistant.Question) (assistant.Reply, error) {
	r, err := v.core.AnswerContext(ctx, q)
	if !v.c.quiet {
		fmt.Fprintf(v.c.out, "  · %s %s %s %.2f", r.Action, r.Topic, r.ArticleID, r.Confidence)
		if r.Rephrased {
			fmt.Fprintf(v.c.out, " rephrased in %s", r.LLMLatency.Round(time.Millisecond))
		} else if r.Fallback != "" {
			fmt.Fprintf(v.c.out, " (model not used: %s)", r.FallbackDetail)
		}
		fmt.Fprintln(v.c.out)
	}
	return r, err
}
