package main

import (
	"errors"
	"fmt"

	"github.com/posbot/posbot/internal/config"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/search"
)

func (e *env) kb(args []string) error {
	if len(args) != 1 || args[0] != "check" {
		return usageError("usage: posbot kb check")
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
		return exitError{code: 1, msg: fmt.Sprintf("%s: %d problems", name, len(ps))}
	}
	if err != nil {
		return err
	}
	ix, err := search.Build(k)
	if err != nil {
		return err
	}
	defer ix.Close()
	fmt.Fprintf(e.stdout, "%s: ok, %d articles, %d response codes, %d synonym groups\n",
		name, len(k.Articles), len(k.Codes), len(k.Synonyms))
	return nil
}
