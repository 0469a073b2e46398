package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/posbot/posbot/internal/escalation"
)

// DefaultHolderTimeout is how long a claiming process may go unseen before
// its claims are free: a few of its heartbeats (every second).
const DefaultHolderTimeout = 5 * time.Second

// HolderTimeout changes how long a claiming process may go unseen; for tests.
func (d *DB) HolderTimeout(t time.Duration) { d.stale = t }

func (d *DB) holderTimeout() time.Duration {
	if d.stale > 0 {
		return d.stale
	}
	return DefaultHolderTimeout
}

// Renew records that owner is alive and extends its claims by lease, so a
// delivery waiting on pacing or retry_after stays with its holder.
func (d *DB) Renew(ctx context.Context, owner string, lease time.Duration) error {
	now := d.now()
	if _, err := d.db.ExecContext(ctx, d.q(`INSERT INTO claim_holders (owner, seen_at) VALUES (?, ?)
		ON CONFLICT (owner) DO UPDATE SET seen_at = excluded.seen_at`), owner, ms(now)); err != nil {
		return fmt.Errorf("store: renew %s: %w", owner, err)
	}
	if _, err := d.db.ExecContext(ctx, d.q(`UPDATE deliveries SET claimed_until = ? WHERE claimed_by = ? AND status = 'pending' AND claimed_until > 0`),
		ms(now.Add(lease)), owner); err != nil {
		return fmt.Errorf("store: renew %s: %w", owner, err)
	}
	return nil
}

// Claim leases up to limit due deliveries to owner for lease. A ticket's
// deliveries come out in order: none is claimed while an earlier one of the
// same ticket is still pending. Two processes sharing a PostgreSQL database
// never claim the same delivery (FOR UPDATE SKIP LOCKED); SQLite has one
// writer at a time.
//
// A claim holds while its holder is alive (Renew, which Claim also does,
// extends it); once the holder has not been seen for HolderTimeout, its
// claims are free at once, whatever their lease said.
func (d *DB) Claim(ctx context.Context, owner string, lease time.Duration, limit int) ([]escalation.Delivery, error) {
	if err := d.Renew(ctx, owner, lease); err != nil {
		return nil, err
	}
	now := d.now()
	lock := ""
	if d.dialect == postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	rows, err := d.db.QueryContext(ctx, d.q(`UPDATE deliveries SET claimed_by = ?, claimed_until = ?
		WHERE id IN (SELECT id FROM deliveries d
			WHERE status = 'pending' AND next_at <= ?
			AND (claimed_until < ? OR NOT EXISTS (SELECT 1 FROM claim_holders h WHERE h.owner = d.claimed_by AND h.seen_at >= ?))
			AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.ticket_id = d.ticket_id AND e.status = 'pending' AND e.id < d.id)
			ORDER BY id LIMIT ?`+lock+`)
		RETURNING id, ticket_id, kind, text, buttons, attachments, album, attempts`),
		owner, ms(now.Add(lease)), ms(now), ms(now), ms(now.Add(-d.holderTimeout())), limit)
	if err != nil {
		return nil, fmt.Errorf("store: claim deliveries: %w", err)
	}
	defer rows.Close()
	var out []escalation.Delivery
	for rows.Next() {
		var dl escalation.Delivery
		var kind, buttons, attachments string
		if err := rows.Scan(&dl.ID, &dl.TicketID, &kind, &dl.Text, &buttons, &attachments, &dl.Album, &dl.Attempts); err != nil {
			return nil, fmt.Errorf("store: claim deliveries: %w", err)
		}
		if err := json.Unmarshal([]byte(attachments), &dl.Attachments); err != nil {
			return nil, fmt.Errorf("store: delivery %d attachments: %w", dl.ID, err)
		}
		dl.Kind = escalation.Kind(kind)
		dl.Holder = owner
		if err := json.Unmarshal([]byte(buttons), &dl.Buttons); err != nil {
			return nil, fmt.Errorf("store: delivery %d buttons: %w", dl.ID, err)
		}
		out = append(out, dl)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: claim deliveries: %w", err)
	}
	// RETURNING gives no order guarantee.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].ID < out[j-1].ID; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// Delivered marks a delivery sent. When it went into the support chat,
// messageID is remembered so that replies to it find the ticket.
func (d *DB) Delivered(ctx context.Context, dl escalation.Delivery, supportChatID int64, messageID int) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: delivered: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, d.q(`UPDATE deliveries SET status = 'sent', sent_at = ?, attempts = attempts + 1
		WHERE id = ? AND (? = '' OR claimed_by = ?)`), ms(d.now()), dl.ID, dl.Holder, dl.Holder)
	if err != nil {
		return fmt.Errorf("store: delivered %d: %w", dl.ID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("store: delivered %d: %w", dl.ID, escalation.ErrLostClaim)
	}
	if supportChatID != 0 && messageID != 0 {
		if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO support_messages (chat_id, message_id, ticket_id) VALUES (?, ?, ?)
			ON CONFLICT (chat_id, message_id) DO NOTHING`), supportChatID, messageID, dl.TicketID); err != nil {
			return fmt.Errorf("store: support message: %w", err)
		}
		if dl.Kind == escalation.KindCard {
			if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO telegram_tickets (ticket_id, chat_id, card_message_id) VALUES (?, ?, ?)
				ON CONFLICT (ticket_id) DO UPDATE SET chat_id = excluded.chat_id, card_message_id = excluded.card_message_id`),
				dl.TicketID, supportChatID, messageID); err != nil {
				return fmt.Errorf("store: card message: %w", err)
			}
		}
	}
	return tx.Commit()
}

// Retry puts a delivery back for another try at next.
func (d *DB) Retry(ctx context.Context, dl escalation.Delivery, next time.Time, reason string) error {
	res, err := d.db.ExecContext(ctx, d.q(`UPDATE deliveries SET attempts = attempts + 1, next_at = ?, claimed_until = 0, last_error = ?
		WHERE id = ? AND status = 'pending' AND (? = '' OR claimed_by = ?)`), ms(next), reason, dl.ID, dl.Holder, dl.Holder)
	return d.held(res, err, "retry", dl.ID)
}

// held turns the result of an outcome's update into ErrLostClaim when no
// row was the holder's.
func (d *DB) held(res sql.Result, err error, what string, id int64) error {
	if err != nil {
		return fmt.Errorf("store: %s delivery %d: %w", what, id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("store: %s delivery %d: %w", what, id, escalation.ErrLostClaim)
	}
	return nil
}

// Failed gives up on a delivery that can never succeed.
func (d *DB) Failed(ctx context.Context, dl escalation.Delivery, reason string) error {
	res, err := d.db.ExecContext(ctx, d.q(`UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = ?
		WHERE id = ? AND status = 'pending' AND (? = '' OR claimed_by = ?)`), reason, dl.ID, dl.Holder, dl.Holder)
	return d.held(res, err, "fail", dl.ID)
}

// SetSupportThread remembers the forum topic made for a ticket, before its
// card is sent, so a retry reuses the topic instead of making another.
func (d *DB) SetSupportThread(ctx context.Context, ticketID, chatID int64, threadID int) error {
	_, err := d.db.ExecContext(ctx, d.q(`INSERT INTO telegram_tickets (ticket_id, chat_id, thread_id) VALUES (?, ?, ?)
		ON CONFLICT (ticket_id) DO UPDATE SET chat_id = excluded.chat_id, thread_id = excluded.thread_id`),
		ticketID, chatID, threadID)
	if err != nil {
		return fmt.Errorf("store: support thread: %w", err)
	}
	return nil
}

// SupportPlace is where a ticket lives in the Telegram support chat: the
// forum topic (0 in a plain group) and the card's message (0 until sent).
func (d *DB) SupportPlace(ctx context.Context, ticketID int64) (thread, card int, err error) {
	err = d.db.QueryRowContext(ctx, d.q(`SELECT thread_id, card_message_id FROM telegram_tickets WHERE ticket_id = ?`), ticketID).
		Scan(&thread, &card)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("store: support place of ticket %d: %w", ticketID, err)
	}
	return thread, card, nil
}

// PendingDeliveries counts deliveries not yet sent.
func (d *DB) PendingDeliveries(ctx context.Context) (int, error) {
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries WHERE status = 'pending'`).Scan(&n)
	return n, err
}

// Release gives back the deliveries owner claimed and has not sent, so that
// a process stopping cleanly leaves them to the next one at once rather than
// when the lease runs out.
func (d *DB) Release(ctx context.Context, owner string) error {
	_, err := d.db.ExecContext(ctx, d.q(`UPDATE deliveries SET claimed_until = 0, claimed_by = '' WHERE claimed_by = ? AND status = 'pending'`), owner)
	if err != nil {
		return fmt.Errorf("store: release deliveries: %w", err)
	}
	return nil
}

// RecordSupportMessage remembers one more message posted into the support
// chat about a ticket, such as a later part of a long card, so that a reply
// to it finds the ticket as a reply to the first part does.
func (d *DB) RecordSupportMessage(ctx context.Context, ticketID, chatID int64, messageID int) error {
	_, err := d.db.ExecContext(ctx, d.q(`INSERT INTO support_messages (chat_id, message_id, ticket_id) VALUES (?, ?, ?)
		ON CONFLICT (chat_id, message_id) DO NOTHING`), chatID, messageID, ticketID)
	if err != nil {
		return fmt.Errorf("store: support message of ticket %d: %w", ticketID, err)
	}
	return nil
}

// FailedDeliveries counts, by ticket, the deliveries given up for good: a
// card or a message that never reached the agents or the merchant.
func (d *DB) FailedDeliveries(ctx context.Context) (map[int64]int, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT ticket_id, COUNT(*) FROM deliveries WHERE status = 'failed' GROUP BY ticket_id`)
	if err != nil {
		return nil, fmt.Errorf("store: failed deliveries: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: failed deliveries: %w", err)
		}
		out[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: failed deliveries: %w", err)
	}
	return out, nil
}

// Reserve takes the next place, not before after, in a rate every process
// on the database shares — one message per interval in scope — and returns
// when that place comes: now, or later when others have reserved the
// places before it.
func (d *DB) Reserve(ctx context.Context, scope string, interval time.Duration, after time.Time) (time.Time, error) {
	now, step := max(time.Now().UnixMicro(), after.UnixMicro()), interval.Microseconds()
	greatest := "max"
	if d.dialect == postgres {
		greatest = "GREATEST"
	}
	var tat int64
	err := d.db.QueryRowContext(ctx, d.q(`INSERT INTO pace (scope, tat) VALUES (?, ?)
		ON CONFLICT (scope) DO UPDATE SET tat = `+greatest+`(pace.tat, ?) + ? RETURNING tat`),
		scope, now+step, now, step).Scan(&tat)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: reserve %s: %w", scope, err)
	}
	return time.UnixMicro(tat - step), nil
}
