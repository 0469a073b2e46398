package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/posbot/posbot/internal/config"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/kb/kbgen"
	"github.com/posbot/posbot/internal/search"
)

const kbUsage = "usage: posbot kb check [--strict] | posbot kb generate --articles N [--seed S] DIR"

func (e *env) kb(args []string) error {
	fl := e.flags("kb")
	strict := fl.Bool("strict", false, "fail on the editorial minimums (example questions, answer lengths) too, not only warn")
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	if fl.NArg() > 0 && fl.Arg(0) == "generate" {
		return e.kbGenerate(fl.Args()[1:])
	}
	if fl.NArg() == 0 || fl.Arg(0) != "check" {
		return usageError(kbUsage)
	}
	// The flags may come after the word check too.
	if err := fl.Parse(fl.Args()[1:]); err != nil {
		return exitError{code: 2}
	}
	if fl.NArg() > 0 {
		return usageError(kbUsage)
	}
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	k, name, err := loadKB(cfg)
	var ps kb.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(e.stdout, p.String())
		}
		return exitError{code: 1, msg: fmt.Sprintf("%s: %s", name, plural(len(ps), "problem", "problems"))}
	}
	if err != nil {
		return err
	}
	// The editorial minimums are warnings until every shipped article
	// meets them; --strict makes them fail.
	if ps := kb.Check(k); len(ps) > 0 {
		for _, p := range ps {
			p.File = filepath.Join(name, p.File)
			fmt.Fprintln(e.stdout, "warning: "+p.String())
		}
		if *strict {
			return exitError{code: 1, msg: fmt.Sprintf("%s: %s", name, plural(len(ps), "problem", "problems"))}
		}
	}
	ix, err := search.Build(k)
	if err != nil {
		return err
	}
	defer ix.Close()
	fmt.Fprintf(e.stdout, "%s: ok, %s, %s, %s\n", name, plural(len(k.Articles), "article", "articles"),
		plural(len(k.Codes), "response code", "response codes"), plural(len(k.Synonyms), "synonym group", "synonym groups"))
	return nil
}

// kbGenerateCommand is posbot kb generate as its --help shows it.
var kbGenerateCommand = command{
	name:     "kb generate",
	synopsis: "--articles N [--seed S] DIR",
	summary:  "write a generated knowledge base of N articles into DIR, for measuring posbot at scale: the knowledge base in use (KNOWLEDGE_DIR or the embedded one) and generated articles on terminal models, faults, acquirers, settlement, fees, response codes, banks and regions; DIR must be empty or not exist",
	example:  "posbot kb generate --articles 10000 /tmp/kb10k && KNOWLEDGE_DIR=/tmp/kb10k posbot kb check",
}

// kbGenerate is posbot kb generate.
func (e *env) kbGenerate(args []string) error {
	set := flag.NewFlagSet("kb generate", flag.ContinueOnError)
	set.SetOutput(e.stderr)
	set.Usage = func() {}
	fl := &flagSet{FlagSet: set, e: e}
	n := set.Int("articles", 0, "number of articles in all, the knowledge base's own included (required)")
	seed := set.Int64("seed", 1, "random seed: the same seed gives the same articles")
	usage := func() error {
		fmt.Fprintf(e.stderr, "usage: posbot %s %s; posbot kb generate --help for more\n", kbGenerateCommand.name, kbGenerateCommand.synopsis)
		return exitError{code: 2}
	}
	// Flags may come before or after DIR.
	var rest []string
	for {
		if err := set.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				e.helped = true
				fl.help(e.stdout, kbGenerateCommand)
				return exitError{code: 2}
			}
			return usage()
		}
		if set.NArg() == 0 {
			break
		}
		rest = append(rest, set.Arg(0))
		args = set.Args()[1:]
	}
	if len(rest) != 1 || *n <= 0 {
		if *n <= 0 {
			fmt.Fprintln(e.stderr, "posbot: kb generate needs --articles N, N > 0")
		}
		return usage()
	}
	dir := rest[0]
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("%s is not empty: give a new or empty folder", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	base, name, err := loadKB(cfg)
	if err != nil {
		return fmt.Errorf("the knowledge base to start from: %w", err)
	}
	k := kbgen.Generate(*n, *seed, base)
	if err := kbgen.Write(k, dir); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s (%d from %s, %d generated, seed %d), %s\n", dir, plural(len(k.Articles), "article", "articles"),
		len(base.Articles), name, len(k.Articles)-len(base.Articles), *seed, plural(len(k.Codes), "response code", "response codes"))
	return nil
}
