package main

import (
	"fmt"
	"os"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/eval"
)

func (e *env) eval(args []string) error {
	fl := e.flags("eval")
	floor := fl.Float64("min", 0, "exit non-zero when accuracy is below this rate (0..1)")
	verbose := fl.Bool("v", false, "list every question answered wrongly")
	sweep := fl.Bool("sweep", false, "show accuracy at each confidence threshold, to calibrate MIN_CONFIDENCE")
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	if fl.NArg() != 1 {
		return usageError("usage: posbot eval [--min RATE] [-v] FILE")
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
		for t := 0.20; t < 0.801; t += 0.025 {
			rep, err := eval.Run(assistant.New(en.kb, en.index, assistant.WithMinConfidence(t)), cases)
			if err != nil {
				return err
			}
			var ans eval.Tally
			for l, tl := range rep.ByLabel {
				if l != eval.LabelNoAnswer && l != eval.LabelHandoff {
					ans.Correct += tl.Correct
					ans.Total += tl.Total
				}
			}
			na := rep.ByLabel[eval.LabelNoAnswer]
			if na == nil {
				na = &eval.Tally{}
			}
			fmt.Fprintf(e.stdout, "%-10.3f %8.1f%% %11.1f%% %13.1f%%\n", t, 100*rep.Overall.Rate(), 100*na.Rate(), 100*ans.Rate())
		}
		return nil
	}
	rep, err := eval.Run(en.assistant, cases)
	if err != nil {
		return err
	}
	rep.Print(e.stdout, *verbose)
	if rate := rep.Overall.Rate(); rate < *floor {
		return exitError{code: 1, msg: fmt.Sprintf("accuracy %.1f%% is below the floor %.1f%%", 100*rate, 100**floor)}
	}
	return nil
}
