package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/store"
)

func (e *env) tickets(args []string) error {
	fl := e.flags("tickets")
	all := fl.Bool("all", false, "list closed tickets too")
	asJSON := fl.Bool("json", false, "one JSON object per ticket and line; [] when there is none")
	limit := fl.Int("n", 50, "at most this many, newest first")
	show := fl.Int64("show", 0, "show one ticket whole: fields, transcript, replies and internal notes")
	if err := fl.Parse(args); err != nil {
		return exitError{code: 2}
	}
	db, err := e.openStore()
	if err != nil {
		return err
	}
	defer db.Close()
	if *show != 0 {
		return e.showTicket(db, *show)
	}
	status := escalation.StatusOpen
	if *all {
		status = ""
	}
	ts, err := db.Tickets(e.ctx, status, *limit)
	if err != nil {
		return err
	}
	// A delivery given up for good is a ticket that nobody may have seen,
	// or a reply the merchant never got: it is flagged.
	failed, err := db.FailedDeliveries(e.ctx)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	switch {
	case len(ts) == 0 && *asJSON:
		// One object per line when there are tickets, as before, so that
		// scripts reading line by line keep working; with none, [] rather
		// than no output at all, which a JSON reader takes for an error.
		fmt.Fprintln(out, "[]")
		return nil
	case len(ts) == 0:
		fmt.Fprintln(out, "no tickets")
	}
	listed := map[int64]bool{}
	for _, t := range ts {
		listed[t.ID] = true
		if *asJSON {
			b, err := json.Marshal(struct {
				*escalation.Ticket
				FailedDeliveries int `json:"failed_deliveries,omitempty"`
			}{t, failed[t.ID]})
			if err != nil {
				return err
			}
			out.Write(b)
			out.WriteByte('\n')
			continue
		}
		f := t.Fields
		fmt.Fprintf(out, "#%d  %s  %s  %s  %s%s\n", t.ID, t.Status, t.CreatedAt.Local().Format("2006-01-02 15:04"), t.Topic, merchantLine(t.Merchant), failedFlag(failed[t.ID]))
		for _, fl := range escalation.FieldTable() {
			if v := escalation.FieldValue(f, fl.Name); v != "" {
				fmt.Fprintf(out, "    %-11s %s\n", fl.Name, v)
			}
		}
		fmt.Fprintf(out, "    %-11s %s\n", "problem", strings.ReplaceAll(t.Description, "\n", " "))
		if t.Assignee != "" {
			fmt.Fprintf(out, "    %-11s %s\n", "claimed by", t.Assignee)
		}
		if t.Rating > 0 {
			fmt.Fprintf(out, "    %-11s %d/5\n", "rating", t.Rating)
		}
	}
	if !*asJSON {
		var others []int64
		for id := range failed {
			if !listed[id] {
				others = append(others, id)
			}
		}
		slices.Sort(others)
		var names []string
		for _, id := range others {
			names = append(names, fmt.Sprintf("#%d", id))
		}
		if len(names) > 0 {
			fmt.Fprintf(out, "⚠ delivery failed also on %s (not listed; see -all or -n)\n", strings.Join(names, ", "))
		}
		blocked, err := db.BlockedMerchants(e.ctx)
		if err != nil {
			return err
		}
		for _, b := range blocked {
			fmt.Fprintf(out, "⛔ blocked: %s by %s since %s\n", b.Merchant, b.By, b.At.Local().Format("2006-01-02 15:04"))
		}
	}
	return nil
}

// showTicket prints one ticket whole, internal notes included.
func (e *env) showTicket(db *store.DB, id int64) error {
	t, err := db.Ticket(e.ctx, id)
	if err != nil {
		return fmt.Errorf("ticket #%d: %w", id, err)
	}
	turns, err := db.Turns(e.ctx, id)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	fmt.Fprintln(out, escalation.Card(t, len(t.Transcript)))
	fmt.Fprintf(out, "状态：%s", t.Status)
	if !t.ClosedAt.IsZero() {
		fmt.Fprintf(out, "（%s 关闭）", t.ClosedAt.Local().Format("2006-01-02 15:04"))
	}
	fmt.Fprintln(out)
	if len(turns) > 0 {
		fmt.Fprintln(out, "工单消息：")
	}
	for _, turn := range turns {
		who := map[escalation.Role]string{escalation.RoleMerchant: "商户", escalation.RoleAgent: "客服", escalation.RoleBot: "posbot", escalation.RoleNote: "📝 内部备注"}[turn.Role]
		fmt.Fprintf(out, "  %s %s：%s\n", turn.At.Local().Format("01-02 15:04"), who, turn.Text)
	}
	return nil
}

// failedFlag marks a ticket with deliveries given up for good.
func failedFlag(n int) string {
	switch {
	case n == 0:
		return ""
	case n == 1:
		return "  ⚠ delivery failed"
	}
	return fmt.Sprintf("  ⚠ delivery failed ×%d", n)
}

func merchantLine(m escalation.Merchant) string {
	s := m.Name
	if m.Username != "" {
		s += " @" + m.Username
	}
	return strings.TrimSpace(fmt.Sprintf("%s (%s)", s, m.Key()))
}
