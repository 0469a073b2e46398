package store

import (
	"context"
	"fmt"
	"time"

	"github.com/posbot/posbot/internal/escalation"
)

// CreateIncident stores a declared incident and returns it with its number.
func (d *DB) CreateIncident(ctx context.Context, in escalation.Incident) (escalation.Incident, error) {
	err := d.db.QueryRowContext(ctx, d.q(`INSERT INTO incidents (topic, text, created_by, started_at, ends_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
		in.Topic, in.Text, in.By, ms(in.Start), ms(in.End)).Scan(&in.ID)
	if err != nil {
		return in, fmt.Errorf("store: create incident: %w", err)
	}
	return in, nil
}

const incidentColumns = `id, topic, text, created_by, started_at, ends_at, ended_at, told`

func (d *DB) incidents(ctx context.Context, where string, args ...any) ([]escalation.Incident, error) {
	rows, err := d.db.QueryContext(ctx, d.q(`SELECT `+incidentColumns+` FROM incidents `+where), args...)
	if err != nil {
		return nil, fmt.Errorf("store: incidents: %w", err)
	}
	defer rows.Close()
	var out []escalation.Incident
	for rows.Next() {
		var in escalation.Incident
		var start, end, ended int64
		if err := rows.Scan(&in.ID, &in.Topic, &in.Text, &in.By, &start, &end, &ended, &in.Told); err != nil {
			return nil, fmt.Errorf("store: incidents: %w", err)
		}
		in.Start, in.End, in.Ended = fromMS(start), fromMS(end), fromMS(ended)
		out = append(out, in)
	}
	return out, rows.Err()
}

// ActiveIncidents are the incidents not ended and not run out at now.
func (d *DB) ActiveIncidents(ctx context.Context, now time.Time) ([]escalation.Incident, error) {
	return d.incidents(ctx, `WHERE ended_at = 0 AND ends_at > ? ORDER BY id`, ms(now))
}

// Incidents lists incidents, the latest first.
func (d *DB) Incidents(ctx context.Context, limit int) ([]escalation.Incident, error) {
	return d.incidents(ctx, `ORDER BY id DESC LIMIT ?`, limit)
}

// EndIncident ends incident id at at; false if it had ended.
func (d *DB) EndIncident(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := d.db.ExecContext(ctx, d.q(`UPDATE incidents SET ended_at = ? WHERE id = ? AND ended_at = 0`), ms(at), id)
	if err != nil {
		return false, fmt.Errorf("store: end incident %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// TellIncident records that a merchant was told of an incident; false if
// they had been. The incident's count of merchants told goes up once.
func (d *DB) TellIncident(ctx context.Context, id int64, merchant string) (bool, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: tell incident: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, d.q(`INSERT INTO incident_merchants (incident_id, merchant) VALUES (?, ?) ON CONFLICT DO NOTHING`), id, merchant)
	if err != nil {
		return false, fmt.Errorf("store: tell incident %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, d.q(`UPDATE incidents SET told = told + 1 WHERE id = ?`), id); err != nil {
		return false, fmt.Errorf("store: tell incident %d: %w", id, err)
	}
	return true, tx.Commit()
}

// IncidentMerchants are the merchants told of an incident.
func (d *DB) IncidentMerchants(ctx context.Context, id int64) ([]string, error) {
	rows, err := d.db.QueryContext(ctx, d.q(`SELECT merchant FROM incident_merchants WHERE incident_id = ? ORDER BY merchant`), id)
	if err != nil {
		return nil, fmt.Errorf("store: incident merchants: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
