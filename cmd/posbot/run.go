package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

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

// command is a subcommand as help shows it: its flags and arguments in
// short, what it does, and one example. posbot --help gives one line to
// each; its own --help adds every flag with its default.
type command struct {
	name, synopsis, summary, example string
	more                             func(io.Writer) // what the flags do not say
}

// commands lists the subcommands in the order help shows them.
var commands = []command{
	{name: "serve", summary: "run the Telegram bot (settings: serve --help)", more: writeSettings,
		example: "TELEGRAM_BOT_TOKEN_FILE=/run/secrets/bot SUPPORT_CHAT_ID=-1001234567890 posbot serve"},
	{name: "ask", synopsis: "[--json] [--llm] [QUESTION]", summary: "answer one question, or one per line from standard input",
		example: "posbot ask --json 刷卡提示51"},
	{name: "chat", synopsis: "[--quiet]", summary: "talk to posbot in the console; /agent answers as support",
		example: "posbot chat --quiet"},
	{name: "tickets", synopsis: "[--all] [--json] [-n N] [--show ID]", summary: "list tickets (open ones by default), or show one whole",
		example: "posbot tickets --all -n 10"},
	{name: "incidents", synopsis: "[-n N]", summary: "past and active incidents, with the merchants told",
		example: "posbot incidents -n 5"},
	{name: "gaps", synopsis: "[--since 30d] [--kind KIND] [--top N] [--json]", summary: "what the knowledge base could not answer, grouped",
		example: "posbot gaps --since 7d --kind no_answer --top 10"},
	{name: "kb", synopsis: "check [--strict] | generate --articles N DIR", summary: "validate the knowledge base, or generate a large one for benchmarks",
		example: "posbot kb check --strict"},
	{name: "eval", synopsis: "[--min RATE] [--sweep] [-v] FILE", summary: "score a labelled question file",
		example: "posbot eval --min 0.95 -v knowledge/eval/questions.tsv"},
}

// lookup returns the subcommand called name; one missing from commands
// still gets its flags listed.
func lookup(name string) command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return command{name: name, example: "posbot " + name}
}

// writeUsage is posbot --help: one line for every subcommand.
func writeUsage(w io.Writer) {
	fmt.Fprint(w, "posbot: a support assistant for merchants with bank-card and QR-code POS terminals\n\nUsage:\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  posbot %s\t%s\n", strings.TrimSpace(c.name+" "+c.synopsis), c.summary)
	}
	tw.Flush()
	fmt.Fprint(w, `
posbot COMMAND --help lists the command's flags with their defaults, and an example;
posbot serve --help lists the settings, environment variables such as DATABASE_URL.
`)
}

// env is what every subcommand gets.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// helped is set when a subcommand was asked for its --help, which it
	// printed: the parse "error" that ends it is then a success.
	helped bool
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 {
		writeUsage(stderr)
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
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			// posbot help ask is posbot ask --help.
			return run(ctx, []string{args[1], "--help"}, stdin, stdout, stderr, getenv)
		}
		writeUsage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "posbot: unknown command %q\n\n", args[0])
		writeUsage(stderr)
		return 2
	}
	var ee exitError
	switch {
	case e.helped:
		return 0
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

// flags returns the flag set of subcommand name. Its Parse prints the
// subcommand's help to standard output on -h or --help; after a bad flag,
// which the flag package has explained on standard error, it adds the
// usage line there. Either way callers return exitError{code: 2} with no
// message, and run turns a help request into status 0.
func (e *env) flags(name string) *flagSet {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	fl.Usage = func() {} // Parse prints it, knowing whether help was asked for
	return &flagSet{FlagSet: fl, e: e}
}

type flagSet struct {
	*flag.FlagSet
	e *env
}

func (f *flagSet) Parse(args []string) error {
	err := f.FlagSet.Parse(args)
	c := lookup(f.Name())
	switch {
	case errors.Is(err, flag.ErrHelp):
		f.e.helped = true
		f.help(f.e.stdout, c)
	case err != nil:
		fmt.Fprintf(f.e.stderr, "usage: posbot %s; posbot %s --help for more\n", strings.TrimSpace(c.name+" "+c.synopsis), c.name)
	}
	return err
}

// help prints the subcommand's usage, every flag with its default, and
// an example.
func (f *flagSet) help(w io.Writer, c command) {
	fmt.Fprintf(w, "Usage: posbot %s\n\n%s.\n", strings.TrimSpace(c.name+" "+c.synopsis), upperFirst(c.summary))
	n := 0
	f.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		fmt.Fprint(w, "\nFlags: none.\n")
	} else {
		fmt.Fprint(w, "\nFlags:\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		f.VisitAll(func(fl *flag.Flag) {
			kind, usage := flag.UnquoteUsage(fl)
			name := "--" + fl.Name
			if len(fl.Name) == 1 {
				name = "-" + fl.Name
			}
			def := fl.DefValue
			if g, ok := fl.Value.(flag.Getter); ok {
				if _, isString := g.Get().(string); isString {
					def = strconv.Quote(def)
				}
			}
			fmt.Fprintf(tw, "  %s\t%s (default %s)\n", strings.TrimSpace(name+" "+kind), usage, def)
		})
		tw.Flush()
	}
	if c.more != nil {
		c.more(w)
	}
	fmt.Fprintf(w, "\nExample:\n  %s\n", c.example)
}

// writeSettings lists the environment variables, for serve --help.
func writeSettings(w io.Writer) {
	fmt.Fprint(w, "\nSettings, from environment variables (— for none by default):\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	// Defaults that live with the packages they belong to.
	defaults := map[string]string{
		config.EnvMinConfidence: strconv.FormatFloat(assistant.DefaultMinConfidence, 'f', -1, 64),
		config.EnvOpenAIModel:   llm.DefaultModel,
	}
	for _, v := range config.Vars() {
		def := cmp.Or(v.Default, defaults[v.Name], "—")
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", v.Name, def, v.Accepts)
	}
	tw.Flush()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// plural counts in words: "1 problem", "2 problems".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
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
	// digest is of the files the latest build read, to skip a rebuild
	// when nothing changed.
	digest string
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
	k, _, err := reloadKB(en.cfg, en.kb)
	if err != nil {
		return nil, err
	}
	digest := k.Digest
	var prompts *llm.Prompts
	if en.withLLM && en.cfg.LLMEnabled() {
		if prompts, err = loadPrompts(en.cfg); err != nil {
			return nil, err
		}
		digest += "+" + promptsDigest(en.cfg)
	}
	if en.index != nil && digest == en.digest {
		return nil, live.ErrUnchanged
	}
	// After the first build, only the articles that changed are indexed
	// again.
	var ix *search.Index
	if en.index != nil {
		ix, err = en.index.Update(k)
	} else {
		ix, err = search.Build(k)
	}
	if err != nil {
		return nil, err
	}
	opts := []assistant.Option{assistant.WithSettlement(en.cfg.Settlement)}
	if en.cfg.MinConfidence > 0 {
		opts = append(opts, assistant.WithMinConfidence(en.cfg.MinConfidence))
	}
	var rephraser *llm.Rephraser
	if prompts != nil {
		rephraser = llm.New(llm.Config{APIKey: en.cfg.OpenAIKey, BaseURL: en.cfg.OpenAIBaseURL, Model: en.cfg.OpenAIModel, Timeout: en.cfg.LLMTimeout}, prompts)
		opts = append(opts, assistant.WithRephraser(rephraser))
	}
	a := assistant.New(k, ix, opts...)
	en.kb, en.index, en.assistant, en.llm, en.digest = k, ix, a, rephraser, digest
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

// promptsDigest is a digest of the prompt files loadPrompts reads.
func promptsDigest(cfg *config.Config) string {
	var fsys fs.FS = prompts.FS
	if st, err := os.Stat(cfg.PromptsDir); err == nil && st.IsDir() {
		fsys = os.DirFS(cfg.PromptsDir)
	}
	h := sha256.New()
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(fsys, p)
			fmt.Fprintf(h, "%s\x00%d\x00%s", p, len(b), b)
		}
		return nil
	})
	return fmt.Sprintf("%x", h.Sum(nil))
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
	return reloadKB(cfg, nil)
}

// reloadKB is loadKB reusing the articles of prev whose files did not
// change.
func reloadKB(cfg *config.Config, prev *kb.KB) (*kb.KB, string, error) {
	fsys, name := knowledgeFS(cfg)
	k, err := kb.LoadReusing(fsys, prev)
	var ps kb.Problems
	if errors.As(err, &ps) {
		for i := range ps {
			ps[i].File = filepath.Join(name, ps[i].File)
		}
		return k, name, ps
	}
	return k, name, err
}
