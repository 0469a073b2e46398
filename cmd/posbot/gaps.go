package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/posbot/posbot/internal/config"
	"github.com/posbot/posbot/internal/gaps"
)

func (e *env) gaps(args []string) error {
	fl := e.flags("gaps")
	since := fl.String("since", "30d", "period to report, e.g. 7d or 48h")
	top := fl.Int("top", 20, "at most this many groups")
	examples := fl.Int("examples", 3, "example questions per group")
	kind := fl.String("kind", "", "only no_answer, not_helpful or handoff")
	asJSON := fl.Bool("json", false, "one JSON object per group and line; [] when there is none")
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	period, err := config.ParseSince(*since)
	if err != nil || period <= 0 {
		return usageError("--since %q: want a period such as 7d or 48h", *since)
	}
	switch gaps.Kind(*kind) {
	case "", gaps.KindNoAnswer, gaps.KindNotHelpful, gaps.KindHandoff:
	default:
		return usageError("--kind %q: want no_answer, not_helpful or handoff", *kind)
	}
	db, err := e.openStore()
	if err != nil {
		return err
	}
	defer db.Close()
	events, err := db.Gaps(e.ctx, time.Now().Add(-period))
	if err != nil {
		return err
	}
	if *kind != "" {
		kept := events[:0]
		for _, ev := range events {
			if string(ev.Kind) == *kind {
				kept = append(kept, ev)
			}
		}
		events = kept
	}
	groups := gaps.Report(events, *examples)
	if len(groups) > *top {
		groups = groups[:*top]
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	if *asJSON {
		// One object per line, as before, so that scripts reading line by
		// line keep working; with nothing to list, [] rather than no output
		// at all, which a JSON reader takes for an error or a hang.
		if len(groups) == 0 {
			fmt.Fprintln(out, "[]")
			return nil
		}
		for _, g := range groups {
			b, _ := json.Marshal(g)
			out.Write(b)
			out.WriteByte('\n')
		}
		return nil
	}
	fmt.Fprintf(out, "Gaps in the last %s: %s in %s\n", *since, plural(len(events), "event", "events"),
		plural(len(gaps.Report(events, 0)), "group", "groups"))
	for i, g := range groups {
		fmt.Fprintf(out, "\n%2d. %d× (%s), last %s\n", i+1, g.Count, kinds(g.Kinds), g.Last.Local().Format("2006-01-02 15:04"))
		if g.Article != "" {
			fmt.Fprintf(out, "    article shown: %s\n", g.Article)
		}
		for _, q := range g.Examples {
			fmt.Fprintf(out, "    · %s\n", q)
		}
	}
	return nil
}

func kinds(m map[gaps.Kind]int) string {
	var parts []string
	for k, n := range m {
		parts = append(parts, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
