package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A database that cannot be opened is one line on standard error naming
// DATABASE_URL, never with its password.
func TestDatabaseErrorsOneLine(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing", "x.db")
	tests := []struct{ url, want string }{
		{"postgres://posbot:hunter2@127.0.0.1:1/none?connect_timeout=2", "DATABASE_URL: store: cannot connect to postgres://posbot@127.0.0.1:1/none: "},
		{"sqlite://" + missing, "DATABASE_URL: store: folder " + filepath.Dir(missing) + " does not exist"},
		{"/tmp/x.db", "DATABASE_URL: \"/tmp/x.db\" is a file path, not a URL: did you mean sqlite:///tmp/x.db?"},
		{"sqlite:", "DATABASE_URL: \"sqlite:\" names no file"},
	}
	for _, tt := range tests {
		for _, cmd := range []string{"tickets", "gaps", "incidents"} {
			code, _, errs := runCmd(t, "", map[string]string{"DATABASE_URL": tt.url}, cmd)
			if code != 1 || !strings.Contains(errs, tt.want) || strings.Count(errs, "\n") != 1 {
				t.Errorf("%s %s: exit %d, stderr %q: want one line with %q", tt.url, cmd, code, errs, tt.want)
			}
			if strings.Contains(errs, "hunter2") {
				t.Errorf("%s %s: stderr %q shows the password", tt.url, cmd, errs)
			}
		}
	}
}
