// Package store keeps posbot's conversations, tickets, deliveries and
// feedback in SQL: SQLite by default (pure Go, no CGO), PostgreSQL when the
// URL says so. Migrations are embedded and applied at Open.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/posbot/posbot/internal/config"
)

//go:embed migrations
var migrations embed.FS

type dialect int

const (
	sqlite dialect = iota
	postgres
)

// DB is a posbot database.
type DB struct {
	db      *sql.DB
	dialect dialect
	now     func() time.Time
	stale   time.Duration // HolderTimeout; 0 for the default
}

// Open connects to rawURL — sqlite://PATH, sqlite:///ABSOLUTE/PATH,
// sqlite:PATH (see config.ParseDatabaseURL) or postgres://… — and applies
// any migrations not yet applied. Errors are one line that never shows a
// password.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	loc, err := config.ParseDatabaseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	d := &DB{now: time.Now}
	switch loc.Driver {
	case "sqlite":
		if loc.Path != ":memory:" {
			if err := sqliteFolder(loc.Path); err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
		}
		// WAL lets readers and the single writer work at once; busy_timeout
		// makes a second process wait for the lock instead of failing.
		// synchronous=FULL makes every commit wait for the disk, unless
		// made with DeferSync.
		dsn := "file:" + sqliteURIPath.Replace(loc.Path) + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate"
		d.db, err = sql.Open("sqlite", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		d.db.SetMaxOpenConns(1)
		d.dialect = sqlite
	default:
		d.db, err = sql.Open("pgx", loc.DSN)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		d.dialect = postgres
	}
	if err := d.db.PingContext(ctx); err != nil {
		d.db.Close()
		return nil, &connectError{db: loc.String(), err: err}
	}
	if err := d.migrate(ctx); err != nil {
		d.db.Close()
		return nil, err
	}
	return d, nil
}

// sqliteURIPath escapes what SQLite would read as URI syntax in a file
// name; the driver also cuts the options at the first '?'.
var sqliteURIPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// sqliteFolder makes sure the folder of a SQLite file exists. Only the
// default's folder (./data) is created: anywhere else a missing folder is
// more likely a mistyped path, or a volume not mounted, than a wish.
func sqliteFolder(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case err == nil && !st.IsDir():
		return fmt.Errorf("%s is not a folder", dir)
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	def, _ := config.ParseDatabaseURL(config.DefaultDatabaseURL)
	if !within(dir, filepath.Dir(def.Path)) {
		return fmt.Errorf("folder %s does not exist: create it first (posbot creates only ./%s by itself)", dir, filepath.Dir(def.Path))
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	return nil
}

// within reports whether dir is root or inside it, both taken from the
// working directory.
func within(dir, root string) bool {
	a, err1 := filepath.Abs(dir)
	r, err2 := filepath.Abs(root)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(r, a)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// connectError is a failed first connection in one line. pgx lists every
// attempt on a line of its own, and with the default sslmode=prefer it
// tries each address twice (TLS, then without), so one refused connection
// read as three lines, two of them the same.
type connectError struct {
	db  string
	err error
}

func (e *connectError) Error() string {
	var causes []string
	var ce *pgconn.ConnectError
	if errors.As(e.err, &ce) {
		if j, ok := errors.Unwrap(ce).(interface{ Unwrap() []error }); ok {
			for _, err := range j.Unwrap() {
				causes = append(causes, err.Error())
			}
		} else if err := errors.Unwrap(ce); err != nil {
			causes = append(causes, err.Error())
		}
	}
	if len(causes) == 0 {
		causes = []string{e.err.Error()}
	}
	var kept []string
	for _, c := range causes {
		c = strings.Join(strings.Fields(c), " ")
		if !slices.Contains(kept, c) {
			kept = append(kept, c)
		}
	}
	return "store: cannot connect to " + e.db + ": " + strings.Join(kept, "; ")
}

func (e *connectError) Unwrap() error { return e.err }

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

type deferSyncKey struct{}

// DeferSync marks ctx so that the writes d makes with it that allow it
// (SaveConversation, RecordFeedback, Remember) are committed without
// waiting for the disk: SQLite's synchronous=NORMAL, PostgreSQL's
// synchronous_commit=off. Such a commit is final at once for everything
// but a crash of the machine (or of the PostgreSQL server), and the next
// commit that writes and does wait — SaveHandled, MarkSeen, a ticket, any
// write without the mark, from this process or another — makes it, and
// everything committed before, durable too: SQLite's write-ahead log and
// PostgreSQL's are flushed in order, up to that commit. What a crash of
// the machine can lose is thus only the last commits, as if the process
// had died just before them.
//
// The channel's handling of an update uses it (see dialogue.Journal): the
// event's record, SaveHandled, always waits for the disk and is saved
// before any reply goes out, so an update's effects are flushed once, with
// its record, instead of once per write. Use it only for writes that such
// a commit follows before anything that depends on them is shown to
// anyone.
func (d *DB) DeferSync(ctx context.Context) context.Context {
	return context.WithValue(ctx, deferSyncKey{}, d)
}

// exec runs one statement, committing it without waiting for the disk if
// ctx was marked by DeferSync on d.
func (d *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if ctx.Value(deferSyncKey{}) != d {
		return d.db.ExecContext(ctx, d.q(query), args...)
	}
	if d.dialect == postgres {
		tx, err := d.db.BeginTx(ctx, nil)
		if err != nil {
			return nil, err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx, d.q(query), args...)
		if err != nil {
			return nil, err
		}
		return res, tx.Commit()
	}
	// synchronous is a setting of the connection (there is one), set
	// outside a transaction: lowered for this statement, then raised again.
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		return nil, err
	}
	res, err := conn.ExecContext(ctx, query, args...)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = FULL`); rerr != nil {
		// A connection left not waiting for the disk would make every
		// later commit on it deferred: it is dropped instead.
		conn.Raw(func(any) error { return driver.ErrBadConn })
		return nil, errors.Join(err, fmt.Errorf("store: restoring synchronous=FULL: %w", rerr))
	}
	return res, err
}

// q rewrites ? placeholders for PostgreSQL ($1, $2, …).
func (d *DB) q(query string) string {
	if d.dialect != postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (d *DB) migrate(ctx context.Context) error {
	dir := "migrations/sqlite"
	if d.dialect == postgres {
		dir = "migrations/postgres"
	}
	// One connection for the whole run; on PostgreSQL it holds an advisory
	// lock, so that processes starting together on a fresh database migrate
	// one after the other (creating even the migrations table concurrently
	// fails in PostgreSQL).
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	if d.dialect == postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7041971)`); err != nil {
			return fmt.Errorf("store: migrate lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(7041971)`)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := d.apply(ctx, conn, name); err != nil {
			return err
		}
	}
	return nil
}

// apply runs one migration in a transaction, unless it ran before.
func (d *DB) apply(ctx context.Context, conn *sql.Conn, name string) error {
	version := filepath.Base(name)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", version, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, d.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), version).Scan(&n); err != nil {
		return fmt.Errorf("store: migrate %s: %w", version, err)
	}
	if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(migrations, name)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("store: migrate %s: %w", version, err)
	}
	if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO schema_migrations (version) VALUES (?)`), version); err != nil {
		return fmt.Errorf("store: migrate %s: %w", version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: migrate %s: %w", version, err)
	}
	return nil
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
