package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/config"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/live"
	"github.com/posbot/posbot/internal/llm"
	"github.com/posbot/posbot/internal/search"
	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/knowledge"
	"github.com/posbot/posbot/prompts"
)

const usage = `posbot: a support assistant for merchants with bank-card and QR-code POS terminals

Usage:
  posbot serve                     run the Telegram bot (settings: see README.md)
  posbot ask [--json] [QUESTION]   answer one question, or one per line from standard input
  posbot chat                      talk to posbot in the console
  posbot tickets [--all] [--json]  list tickets (open ones by default)
  posbot incidents [-n N]          past and active incidents, with the merchants told
  posbot gaps [--since 30d]         what the knowledge base could not answer, grouped
  posbot kb check                  validate the knowledge base
  posbot eval [--min RATE] [-v] FILE   score a labelled question file

Settings are environment variables; see README.md.
`

// env is what every subcommand gets.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = e.serve(args[1:])
	case "ask":
		err = e.ask(args[1:])
	case "tickets":
		err = e.tickets(args[1:])
	case "gaps":
		err = e.gaps(args[1:])
	case "incidents":
		err = e.incidents(args[1:])
	case "chat":
		err = e.chat(args[1:])
	case "kb":
		err = e.kb(args[1:])
	case "eval":
		err = e.eval(args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "posbot: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintln(stderr, "posbot: "+ee.msg)
		}
		return ee.code
	default:
		fmt.Fprintln(stderr, "posbot: "+err.Error())
		return 1
	}
}

// exitError ends a subcommand with a given exit status.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// flags returns a flag set whose errors go to standard error; a parse error
// is already explained there, so callers exit with status 2 and no message.
func (e *env) flags(name string) *flag.FlagSet {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	return fl
}

func usageError(format string, a ...any) error {
	return exitError{code: 2, msg: fmt.Sprintf(format, a...)}
}

// engine is the answering core wired to its adapters. live rebuilds it when
// the knowledge or the prompts change; kb, index and assistant are the
// latest build, for the one-shot commands.
type engine struct {
	cfg       *config.Config
	withLLM   bool
	live      *live.Engine
	kb        *kb.KB
	index     *search.Index
	assistant *assistant.Assistant
	llm       *llm.Rephraser // nil without a model
}

func (en *engine) Close() error { return en.live.Close() }

// engine wires the answering core; withLLM adds the rephrasing step when a
// model is configured. It refuses a knowledge base or prompts with errors.
func (e *env) engine(withLLM bool, log ...*slog.Logger) (*engine, error) {
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return nil, err
	}
	lg := slog.New(slog.DiscardHandler)
	if len(log) > 0 {
		lg = log[0]
	}
	en := &engine{cfg: cfg, withLLM: withLLM}
	en.live, err = live.New(en.build, lg)
	if err != nil {
		return nil, fmt.Errorf("refusing to start: %w", err)
	}
	return en, nil
}

// build loads the knowledge base and prompts as they are now on disk (or
// embedded) and builds a core from them.
func (en *engine) build() (*live.Core, error) {
	k, _, err := loadKB(en.cfg)
	if err != nil {
		return nil, err
	}
	ix, err := search.Build(k)
	if err != nil {
		return nil, err
	}
	opts := []assistant.Option{assistant.WithSettlement(en.cfg.Settlement)}
	if en.cfg.MinConfidence > 0 {
		opts = append(opts, assistant.WithMinConfidence(en.cfg.MinConfidence))
	}
	var rephraser *llm.Rephraser
	if en.withLLM && en.cfg.LLMEnabled() {
		p, err := loadPrompts(en.cfg)
		if err != nil {
			ix.Close()
			return nil, err
		}
		rephraser = llm.New(llm.Config{APIKey: en.cfg.OpenAIKey, BaseURL: en.cfg.OpenAIBaseURL, Model: en.cfg.OpenAIModel, Timeout: en.cfg.LLMTimeout}, p)
		opts = append(opts, assistant.WithRephraser(rephraser))
	}
	a := assistant.New(k, ix, opts...)
	en.kb, en.index, en.assistant, en.llm = k, ix, a, rephraser
	return &live.Core{Assistant: a, Close: ix.Close, Articles: len(k.Articles)}, nil
}

// watched lists the folders on disk whose changes should rebuild the core.
func (en *engine) watched() []string {
	var dirs []string
	for _, d := range []string{en.cfg.KnowledgeDir, en.cfg.PromptsDir} {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			dirs = append(dirs, d)
		}
	}
	if !en.withLLM || !en.cfg.LLMEnabled() {
		dirs = dirs[:min(len(dirs), 1)]
	}
	return dirs
}

// loadPrompts reads the templates from PROMPTS_DIR, or the embedded ones
// when the default folder does not exist.
func loadPrompts(cfg *config.Config) (*llm.Prompts, error) {
	if st, err := os.Stat(cfg.PromptsDir); err == nil && st.IsDir() {
		return llm.LoadPrompts(os.DirFS(cfg.PromptsDir), cfg.PromptsDir)
	} else if cfg.PromptsDir != config.DefaultPromptsDir {
		return nil, fmt.Errorf("%s=%q: not a folder", config.EnvPromptsDir, cfg.PromptsDir)
	}
	return llm.LoadPrompts(prompts.FS, "prompts (embedded)")
}

// openStore opens the database DATABASE_URL names.
func (e *env) openStore() (*store.DB, error) {
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(e.ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", config.EnvDatabaseURL, err)
	}
	return db, nil
}

// knowledgeFS picks the knowledge base: the folder when it exists (or was
// set explicitly), the embedded copy otherwise. name is how files are shown.
func knowledgeFS(cfg *config.Config) (fsys fs.FS, name string) {
	if st, err := os.Stat(cfg.KnowledgeDir); cfg.KnowledgeDirSet || (err == nil && st.IsDir()) {
		return os.DirFS(cfg.KnowledgeDir), cfg.KnowledgeDir
	}
	return knowledge.FS, "knowledge (embedded)"
}

// loadKB loads and validates the knowledge base, naming every problem with
// its file and line.
func loadKB(cfg *config.Config) (*kb.KB, string, error) {
	fsys, name := knowledgeFS(cfg)
	k, err := kb.Load(fsys)
	var ps kb.Problems
	if errors.As(err, &ps) {
		for i := range ps {
			ps[i].File = filepath.Join(name, ps[i].File)
		}
		return k, name, ps
	}
	return k, name, err
}
