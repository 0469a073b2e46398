package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/gaps"
	"github.com/posbot/posbot/internal/store"
)

// Every subcommand's --help lists each of its flags with the default, and
// an example, on standard output, and succeeds without touching the
// database.
func TestSubcommandHelp(t *testing.T) {
	tests := []struct {
		name  string
		flags []string
	}{
		{"serve", nil},
		{"ask", []string{"--json", "--llm"}},
		{"chat", []string{"--quiet"}},
		{"tickets", []string{"--all", "--json", "-n int", "--show int"}},
		{"incidents", []string{"-n int"}},
		{"gaps", []string{"--since string", "--top int", "--examples int", "--kind string", "--json"}},
		{"kb", []string{"--strict"}},
		{"eval", []string{"--min float", "--min-in-scope float", "--min-off-topic float", "--min-handoff float", "-v", "--sweep"}},
	}
	for _, tt := range tests {
		for _, args := range [][]string{{tt.name, "--help"}, {tt.name, "-h"}, {"help", tt.name}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "posbot.db")
				code, out, errs := runCmd(t, "", map[string]string{"DATABASE_URL": "sqlite://" + db}, args...)
				if code != 0 || errs != "" {
					t.Fatalf("exit %d, stderr %q: want 0 and nothing", code, errs)
				}
				if !strings.HasPrefix(out, "Usage: posbot "+tt.name) {
					t.Errorf("help does not start with its usage line:\n%s", out)
				}
				if !strings.Contains(out, "\nExample:\n  ") || !strings.Contains(out[strings.Index(out, "Example:"):], "posbot "+tt.name) {
					t.Errorf("no example of posbot %s:\n%s", tt.name, out)
				}
				for _, f := range tt.flags {
					line := lineWith(out, "  "+f+" ")
					if line == "" || !strings.Contains(line, "(default ") {
						t.Errorf("flag %s not listed with its default:\n%s", f, out)
					}
				}
				if len(tt.flags) == 0 && !strings.Contains(out, "Flags: none") {
					t.Errorf("no word on flags:\n%s", out)
				}
				if _, err := os.Stat(db); err == nil {
					t.Errorf("help opened the database")
				}
			})
		}
	}
}

// serve has no flags: its settings are listed instead, every variable
// with its default.
func TestServeHelpListsSettings(t *testing.T) {
	_, out, _ := runCmd(t, "", nil, "serve", "--help")
	for _, want := range []string{"TELEGRAM_BOT_TOKEN ", "SUPPORT_CHAT_ID ", "DATABASE_URL ", "sqlite://data/posbot.db", "MIN_CONFIDENCE ", "0.225", "gpt-4o-mini", "BUSINESS_HOURS "} {
		if !strings.Contains(out, want) {
			t.Errorf("serve --help lacks %q:\n%s", want, out)
		}
	}
}

// posbot --help gives every subcommand one line, with its main flags.
func TestTopLevelHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, errs := runCmd(t, "", nil, args...)
		if code != 0 || errs != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
		for _, name := range []string{"serve", "ask", "chat", "tickets", "incidents", "gaps", "kb", "eval"} {
			if n := strings.Count(out, "\n  posbot "+name+" "); n != 1 {
				t.Errorf("%v: %d lines for %s:\n%s", args, n, name, out)
			}
		}
		for _, flag := range []string{"--llm", "--quiet", "--sweep", "--kind", "--top", "--json", "-n N", "--show"} {
			if !strings.Contains(out, flag) {
				t.Errorf("%v: %s not mentioned:\n%s", args, flag, out)
			}
		}
	}
	code, out, errs := runCmd(t, "", nil)
	if code != 2 || out != "" || !strings.Contains(errs, "posbot incidents") {
		t.Errorf("no arguments: exit %d, stdout %q, stderr %q: want 2 and the usage on stderr", code, out, errs)
	}
}

// A bad flag fails with status 2, says what was wrong and how to ask for
// help, on standard error only.
func TestBadFlag(t *testing.T) {
	for _, args := range [][]string{{"tickets", "--bogus"}, {"ask", "--bogus"}, {"kb", "check", "--bogus"}, {"gaps", "--top", "many"}} {
		code, out, errs := runCmd(t, "", nil, args...)
		if code != 2 || out != "" || !strings.Contains(errs, "posbot "+args[0]+" --help") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	if code, out, errs := runCmd(t, "", nil, "kb", "generate", "--help"); code != 0 || errs != "" || !strings.Contains(out, "--articles int") || !strings.Contains(out, "Example:") {
		t.Errorf("kb generate --help: exit %d, stderr %q, out %q", code, errs, out)
	}
	if code, _, errs := runCmd(t, "", nil, "kb", "frobnicate"); code != 2 || !strings.Contains(errs, "usage: posbot kb check") {
		t.Errorf("kb frobnicate: exit %d, stderr %q", code, errs)
	}
}

// An empty listing in JSON is [], not nothing.
func TestEmptyJSONListings(t *testing.T) {
	for _, args := range [][]string{{"tickets", "--json"}, {"tickets", "--json", "--all"}, {"gaps", "--json"}, {"gaps", "--json", "--kind", "handoff"}} {
		code, out, errs := runCmd(t, "", nil, args...)
		if got, want := out, "[]\n"; code != 0 || got != want {
			t.Errorf("%v: exit %d, stdout %q, want %q (stderr %q)", args, code, got, want, errs)
		}
	}
}

// With one of something, the count reads as one.
func TestSingularCounts(t *testing.T) {
	url := "sqlite://" + filepath.Join(t.TempDir(), "posbot.db")
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RecordGap(ctx, gaps.Event{Kind: gaps.KindNoAnswer, Question: "推荐股票"}); err != nil {
		t.Fatal(err)
	}
	in, err := db.CreateIncident(ctx, escalation.Incident{Topic: "missing-credit", Text: "通道故障", By: "agent", Start: time.Now(), End: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.TellIncident(ctx, in.ID, "telegram:42"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	env := map[string]string{"DATABASE_URL": url}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"gaps"}, "1 event in 1 group\n"},
		{[]string{"incidents"}, "told 1 merchant "},
	} {
		code, out, errs := runCmd(t, "", env, tt.args...)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("%v: exit %d, output lacks %q:\n%s%s", tt.args, code, tt.want, out, errs)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 problems"}, {1, "1 problem"}, {2, "2 problems"}} {
		if got := plural(tt.n, "problem", "problems"); got != tt.want {
			t.Errorf("plural(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// lineWith returns the first line of s containing sub.
func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}
