package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/posbot/posbot/internal/config"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/search"
)

func (e *env) kb(args []string) error {
	fl := e.flags("kb")
	strict := fl.Bool("strict", false, "fail on the editorial minimums (example questions, answer lengths) too, not only warn")
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	if fl.NArg() == 0 || fl.Arg(0) != "check" {
		return usageError("usage: posbot kb check [--strict]")
	}
	// The flags may come after the word check too.
	if err := fl.Parse(fl.Args()[1:]); err != nil {
		return exitError{code: 2}
	}
	if fl.NArg() > 0 {
		return usageError("usage: posbot kb check [--strict]")
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
