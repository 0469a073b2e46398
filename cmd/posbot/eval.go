package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/eval"
)

func (e *env) eval(args []string) error {
	fl := e.flags("eval")
	floor := fl.Float64("min", 0, "exit non-zero when accuracy (of a codes file: codes explained) is below this rate (0..1)")
	minInScope := fl.Float64("min-in-scope", 0, "exit non-zero when in-scope questions answered with a right topic are below this rate")
	minOffTopic := fl.Float64("min-off-topic", 0, "exit non-zero when off-topic questions refused are below this rate")
	minHandoff := fl.Float64("min-handoff", 0, "exit non-zero when requests for a person handed off are below this rate")
	verbose := fl.Bool("v", false, "list every question answered wrongly")
	sweep := fl.Bool("sweep", false, "show accuracy at each confidence threshold, to calibrate MIN_CONFIDENCE")
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	if fl.NArg() != 1 {
		return usageError("usage: posbot eval [--min RATE] [--min-in-scope RATE] [--min-off-topic RATE] [--min-handoff RATE] [-v] [--sweep] FILE")
	}
	f, err := os.Open(fl.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	cases, err := eval.Parse(f, fl.Arg(0))
	if err != nil {
		return err
	}
	en, err := e.engine(false)
	if err != nil {
		return err
	}
	defer en.Close()
	if *sweep {
		fmt.Fprintf(e.stdout, "%-10s %9s %12s %14s\n", "threshold", "accuracy", "off-topic ok", "answerable ok")
		for t := 0.0; t < 0.801; t += 0.025 {
			rep, err := eval.Run(assistant.New(en.kb, en.index, assistant.WithMinConfidence(t)), cases)
			if err != nil {
				return err
			}
			ans, na := rep.InScope, rep.OffTopic
			fmt.Fprintf(e.stdout, "%-10.3f %8.1f%% %11.1f%% %13.1f%%\n", t, 100*rep.Overall.Rate(), 100*na.Rate(), 100*ans.Rate())
		}
		return nil
	}
	rep, err := eval.Run(en.assistant, cases)
	if err != nil {
		return err
	}
	rep.Print(e.stdout, *verbose)
	var below []string
	for _, f := range []struct {
		name  string
		rate  float64
		floor float64
	}{
		{"accuracy", rep.Overall.Rate(), *floor},
		{"in-scope", rep.InScope.Rate(), *minInScope},
		{"off-topic refused", rep.OffTopic.Rate(), *minOffTopic},
		{"handoff", rep.Handoff.Rate(), *minHandoff},
	} {
		if f.rate < f.floor {
			below = append(below, fmt.Sprintf("%s %.1f%% is below the floor %.1f%%", f.name, 100*f.rate, 100*f.floor))
		}
	}
	if len(below) > 0 {
		return exitError{code: 1, msg: strings.Join(below, "; ")}
	}
	return nil
}
