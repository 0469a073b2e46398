package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/posbot/posbot/internal/store"
	"github.com/posbot/posbot/internal/store/storetest"
)

// open opens url and closes it, for the error.
func open(t *testing.T, url string) error {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err == nil {
		db.Close()
	}
	return err
}

// exists reports whether path (relative to the working directory) exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Every spelling of a SQLite URL opens the file it names, and none makes
// a folder named after the scheme.
func TestOpenSQLiteURLs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	abs := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct{ url, file string }{
		{"sqlite:" + abs("opaque.db"), abs("opaque.db")},                    // sqlite:/tmp/…/opaque.db
		{"sqlite://" + abs("slashes.db"), abs("slashes.db")},                // sqlite:///tmp/…/slashes.db
		{"sqlite:relative.db", "relative.db"},                               // sqlite:PATH
		{"sqlite://relative2.db", "relative2.db"},                           // sqlite://PATH
		{"sqlite://" + abs("50%#1.db"), abs("50%#1.db")},                    // not read as URI syntax
		{"SQLITE://" + abs("upper.db"), abs("upper.db")},                    // the scheme in any case
		{"sqlite://:memory:", ""},                                           // no file at all
		{"sqlite:" + strings.Repeat("/", 4) + abs("x.db")[1:], abs("x.db")}, // sqlite:////tmp/…
	}
	for _, tt := range tests {
		if err := open(t, tt.url); err != nil {
			t.Errorf("%s: %v", tt.url, err)
			continue
		}
		if tt.file != "" && !exists(tt.file) {
			t.Errorf("%s: no file %s", tt.url, tt.file)
		}
	}
	for _, bad := range []string{"sqlite:", "sqlite3:"} {
		if exists(bad) {
			t.Errorf("a folder %q was made", bad)
		}
	}
}

// A missing folder is made only for the default's ./data; anywhere else it
// is an error naming the folder, and nothing is made.
func TestOpenMakesOnlyData(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, url := range []string{
		"sqlite://data/posbot.db",
		"sqlite:data/sub/x.db",
		"sqlite://" + filepath.Join(dir, "data", "abs", "x.db"),
	} {
		if err := open(t, url); err != nil {
			t.Errorf("%s: %v", url, err)
		}
	}
	if !exists("data/posbot.db") || !exists("data/sub/x.db") || !exists("data/abs/x.db") {
		t.Errorf("the files in ./data were not made")
	}
	if err := os.WriteFile("plain", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ url, folder, want string }{
		{"sqlite://" + filepath.Join(dir, "nonexistent", "dir", "x.db"), filepath.Join(dir, "nonexistent"),
			"folder " + filepath.Join(dir, "nonexistent", "dir") + " does not exist: create it first (posbot creates only ./data by itself)"},
		{"sqlite://elsewhere/x.db", "elsewhere", "folder elsewhere does not exist"},
		{"sqlite://data/../escaped/x.db", "escaped", "folder escaped does not exist"},
		{"sqlite://datastore/x.db", "datastore", "folder datastore does not exist"},
		{"sqlite://plain/x.db", "", "plain is not a folder"},
	} {
		err := open(t, tt.url)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v, want one line with %q", tt.url, err, tt.want)
		}
		if tt.folder != "" && exists(tt.folder) {
			t.Errorf("%s: made %s", tt.url, tt.folder)
		}
	}
}

// A bare path is refused with the URL meant.
func TestOpenBarePath(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tt := range []struct{ url, want string }{
		{"/tmp/x.db", "did you mean sqlite:///tmp/x.db?"},
		{"data/x.db", "did you mean sqlite://data/x.db?"},
	} {
		if err := open(t, tt.url); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.url, err, tt.want)
		}
	}
	if exists("data") {
		t.Errorf("a refused URL made ./data")
	}
}

// A PostgreSQL that cannot be reached, or refuses, is one line that names
// the server and each cause once, and never the password.
func TestOpenPostgresOneLine(t *testing.T) {
	tests := []struct{ url, want, once string }{
		{"postgres://posbot:hunter2@127.0.0.1:1/none?connect_timeout=2&password=hunter2",
			"cannot connect to postgres://posbot@127.0.0.1:1/none: ", "connection refused"},
		{"postgres://nobody-at-all:hunter2@" + serverAddr(t) + "/test?connect_timeout=2",
			`role "nobody-at-all" does not exist`, "does not exist"},
	}
	for _, tt := range tests {
		err := open(t, tt.url)
		if err == nil {
			t.Fatalf("%s: opened", tt.url)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "store: cannot connect to ") || !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
			t.Errorf("%q: want one line with %q", msg, tt.want)
		}
		if n := strings.Count(msg, tt.once); n != 1 {
			t.Errorf("%q: %q %d times, want once", msg, tt.once, n)
		}
		if strings.Contains(msg, "hunter2") {
			t.Errorf("%q shows the password", msg)
		}
	}
}

// serverAddr is the host:port of the test PostgreSQL server.
func serverAddr(t *testing.T) string {
	t.Helper()
	base := os.Getenv("POSBOT_TEST_POSTGRES")
	if base == "" {
		base = storetest.DefaultPostgres
	}
	_, rest, _ := strings.Cut(base, "@")
	host, _, _ := strings.Cut(rest, "/")
	return host
}
