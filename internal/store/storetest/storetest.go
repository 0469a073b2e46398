// Package storetest opens real databases for tests: a SQLite file in a
// temporary folder, and a fresh schema on the PostgreSQL server named by
// POSBOT_TEST_POSTGRES (default: the local server .ci/run starts).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/posbot/posbot/internal/store"
)

// DefaultPostgres is the server on these machines: trust auth, database test.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Kinds are the databases every storage test runs on.
var Kinds = []string{"sqlite", "postgres"}

// URL returns a database URL of kind for one test: a new SQLite file, or a
// new PostgreSQL schema dropped when the test ends. Opening it twice gives
// two connections to the same data, as two posbot processes would have.
func URL(tb testing.TB, kind string) string {
	tb.Helper()
	switch kind {
	case "sqlite":
		return "sqlite://" + filepath.Join(tb.TempDir(), "posbot.db")
	case "postgres":
		base := os.Getenv("POSBOT_TEST_POSTGRES")
		if base == "" {
			base = DefaultPostgres
		}
		raw, err := sql.Open("pgx", base)
		if err != nil {
			tb.Fatal(err)
		}
		defer raw.Close()
		b := make([]byte, 6)
		rand.Read(b)
		schema := "posbot_test_" + hex.EncodeToString(b)
		if _, err := raw.Exec(`CREATE SCHEMA ` + schema); err != nil {
			tb.Fatalf("postgres at %s: %v (start it, or set POSBOT_TEST_POSTGRES)", base, err)
		}
		tb.Cleanup(func() {
			c, err := sql.Open("pgx", base)
			if err == nil {
				c.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
				c.Close()
			}
		})
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		return base + sep + "search_path=" + schema
	}
	tb.Fatalf("unknown database kind %q", kind)
	return ""
}

// Open opens a fresh database of kind, closed when the test ends.
func Open(tb testing.TB, kind string) *store.DB {
	tb.Helper()
	return OpenURL(tb, URL(tb, kind))
}

// OpenURL opens the database at url, closed when the test ends.
func OpenURL(tb testing.TB, url string) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
