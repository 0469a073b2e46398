package store

import "context"

// Synchronous reads how the connection waits for the disk, for tests:
// SQLite's synchronous (2 is FULL), PostgreSQL's synchronous_commit.
func (d *DB) Synchronous(ctx context.Context) (string, error) {
	q := `PRAGMA synchronous`
	if d.dialect == postgres {
		q = `SHOW synchronous_commit`
	}
	var v string
	err := d.db.QueryRowContext(ctx, q).Scan(&v)
	return v, err
}
