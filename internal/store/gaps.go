package store

import (
	"context"
	"fmt"
	"time"

	"github.com/posbot/posbot/internal/gaps"
	"github.com/posbot/posbot/internal/redact"
)

// RecordGap stores a moment the knowledge base fell short, the question's
// card numbers masked.
func (d *DB) RecordGap(ctx context.Context, e gaps.Event) error {
	if e.At.IsZero() {
		e.At = d.now()
	}
	_, err := d.db.ExecContext(ctx, d.q(`INSERT INTO gap_events (at, kind, question, article, topic) VALUES (?, ?, ?, ?, ?)`),
		ms(e.At), string(e.Kind), redact.Stored(e.Question), e.Article, e.Topic)
	if err != nil {
		return fmt.Errorf("store: record gap: %w", err)
	}
	return nil
}

// Gaps returns the events since a time, oldest first.
func (d *DB) Gaps(ctx context.Context, since time.Time) ([]gaps.Event, error) {
	rows, err := d.db.QueryContext(ctx, d.q(`SELECT at, kind, question, article, topic FROM gap_events WHERE at >= ? ORDER BY at, id`), ms(since))
	if err != nil {
		return nil, fmt.Errorf("store: gaps: %w", err)
	}
	defer rows.Close()
	var out []gaps.Event
	for rows.Next() {
		var e gaps.Event
		var at int64
		var kind string
		if err := rows.Scan(&at, &kind, &e.Question, &e.Article, &e.Topic); err != nil {
			return nil, fmt.Errorf("store: gaps: %w", err)
		}
		e.At, e.Kind = fromMS(at), gaps.Kind(kind)
		out = append(out, e)
	}
	return out, rows.Err()
}

// PruneGaps deletes events older than before (the retention period).
func (d *DB) PruneGaps(ctx context.Context, before time.Time) (int64, error) {
	res, err := d.db.ExecContext(ctx, d.q(`DELETE FROM gap_events WHERE at < ?`), ms(before))
	if err != nil {
		return 0, fmt.Errorf("store: prune gaps: %w", err)
	}
	return res.RowsAffected()
}
