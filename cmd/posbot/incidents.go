package main

import (
	"bufio"
	"fmt"
	"time"
)

// incidents lists the incidents agents declared, the latest first, with
// how many merchants each told.
func (e *env) incidents(args []string) error {
	fl := e.flags("incidents")
	limit := fl.Int("n", 50, "at most this many, newest first")
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	db, err := e.openStore()
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Incidents(e.ctx, *limit)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	if len(list) == 0 {
		fmt.Fprintln(out, "no incidents")
	}
	now := time.Now()
	for _, in := range list {
		state := "active"
		switch {
		case !in.Ended.IsZero():
			state = "ended " + in.Ended.Local().Format("2006-01-02 15:04")
		case !in.Active(now):
			state = "ran out " + in.End.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(out, "#%d  %s  %s  from %s by %s  told %s  %s\n", in.ID, in.Topic, state,
			in.Start.Local().Format("2006-01-02 15:04"), in.By, plural(in.Told, "merchant", "merchants"), in.Text)
	}
	return nil
}
