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

// Conversation returns the state of the conversation with the merchant
// key names ("telegram:42"), a fresh one if there is none.
func (d *DB) Conversation(ctx context.Context, key string) (*escalation.Conversation, error) {
	var state string
	err := d.db.QueryRowContext(ctx, d.q(`SELECT state FROM conversations WHERE merchant = ?`), key).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return &escalation.Conversation{Key: key}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: conversation %s: %w", key, err)
	}
	c := &escalation.Conversation{}
	if err := json.Unmarshal([]byte(state), c); err != nil {
		return nil, fmt.Errorf("store: conversation %s: %w", key, err)
	}
	c.Key = key
	return c, nil
}

// SaveConversation stores c (without waiting for the disk under DeferSync).
func (d *DB) SaveConversation(ctx context.Context, c *escalation.Conversation) error {
	c.UpdatedAt = d.now()
	state, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("store: conversation %s: %w", c.Key, err)
	}
	_, err = d.exec(ctx, `INSERT INTO conversations (merchant, state, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (merchant) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
		c.Key, string(state), ms(c.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: save conversation %s: %w", c.Key, err)
	}
	return nil
}

var ticketColumns = prefixed("")

type scanner interface{ Scan(dest ...any) error }

func scanTicket(s scanner) (*escalation.Ticket, error) {
	t := &escalation.Ticket{}
	var merchant, fields, articles, transcript string
	var created, closed int64
	var status string
	if err := s.Scan(&t.ID, &t.RequestKey, &status, &merchant, &fields,
		&t.Description, &t.Topic, &articles, &transcript, &t.Rating, &created, &closed, &t.Assignee, &t.Reminders); err != nil {
		return nil, err
	}
	t.Status = escalation.Status(status)
	t.CreatedAt, t.ClosedAt = fromMS(created), fromMS(closed)
	for _, f := range []struct {
		raw string
		dst any
	}{{merchant, &t.Merchant}, {fields, &t.Fields}, {articles, &t.Articles}, {transcript, &t.Transcript}} {
		if err := json.Unmarshal([]byte(f.raw), f.dst); err != nil {
			return nil, fmt.Errorf("ticket %d: %w", t.ID, err)
		}
	}
	return t, nil
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only posbot's own plain types are marshalled here
	}
	return string(b)
}

// CreateTicket stores t with its deliveries, once per RequestKey.
func (d *DB) CreateTicket(ctx context.Context, t *escalation.Ticket, ds func(*escalation.Ticket) []escalation.Delivery) (*escalation.Ticket, bool, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, false, fmt.Errorf("store: create ticket: %w", err)
	}
	defer tx.Rollback()
	if t.CreatedAt.IsZero() {
		t.CreatedAt = d.now()
	}
	if t.Status == "" {
		t.Status = escalation.StatusOpen
	}
	var id int64
	err = tx.QueryRowContext(ctx, d.q(`INSERT INTO tickets (request_key, status, merchant_key, merchant, fields,
		description, topic, articles, transcript, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (request_key) DO NOTHING RETURNING id`),
		t.RequestKey, string(t.Status), t.Merchant.Key(), mustJSON(t.Merchant), mustJSON(t.Fields),
		t.Description, t.Topic, mustJSON(nonNil(t.Articles)), mustJSON(nonNilTurns(t.Transcript)), ms(t.CreatedAt)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		existing, err := scanTicket(tx.QueryRowContext(ctx, d.q(`SELECT `+ticketColumns+` FROM tickets WHERE request_key = ?`), t.RequestKey))
		if err != nil {
			return nil, false, fmt.Errorf("store: existing ticket %q: %w", t.RequestKey, err)
		}
		return existing, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: create ticket: %w", err)
	}
	saved := *t
	saved.ID = id
	if ds != nil {
		if err := d.addDeliveries(ctx, tx, id, ds(&saved)); err != nil {
			return nil, false, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, false, fmt.Errorf("store: create ticket: %w", err)
	}
	return &saved, true, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilTurns(s []escalation.Turn) []escalation.Turn {
	if s == nil {
		return []escalation.Turn{}
	}
	return s
}

func (d *DB) addDeliveries(ctx context.Context, tx *sql.Tx, ticketID int64, ds []escalation.Delivery) error {
	now := ms(d.now())
	for _, dl := range ds {
		as := dl.Attachments
		if as == nil {
			as = []escalation.Attachment{}
		}
		_, err := tx.ExecContext(ctx, d.q(`INSERT INTO deliveries (ticket_id, kind, text, buttons, attachments, album, next_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), ticketID, string(dl.Kind), dl.Text, mustJSON(dl.Buttons), mustJSON(as), dl.Album,
			max(now, ms(dl.NotBefore)), now)
		if err != nil {
			return fmt.Errorf("store: queue delivery: %w", err)
		}
	}
	return nil
}

// Ticket returns the ticket with id.
func (d *DB) Ticket(ctx context.Context, id int64) (*escalation.Ticket, error) {
	t, err := scanTicket(d.db.QueryRowContext(ctx, d.q(`SELECT `+ticketColumns+` FROM tickets WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, escalation.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: ticket %d: %w", id, err)
	}
	return t, nil
}

// TicketForSupport finds the ticket an agent's message in the support chat
// belongs to: by forum topic, or by the message it replies to.
func (d *DB) TicketForSupport(ctx context.Context, chatID int64, threadID, replyTo int) (*escalation.Ticket, error) {
	if threadID != 0 {
		t, err := scanTicket(d.db.QueryRowContext(ctx, d.q(`SELECT `+prefixed("t.")+` FROM tickets t
			JOIN telegram_tickets g ON g.ticket_id = t.id
			WHERE g.chat_id = ? AND g.thread_id = ? ORDER BY t.id DESC LIMIT 1`), chatID, threadID))
		if err == nil {
			return t, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: ticket by topic: %w", err)
		}
	}
	if replyTo != 0 {
		t, err := scanTicket(d.db.QueryRowContext(ctx, d.q(`SELECT `+prefixed("t.")+` FROM tickets t
			JOIN support_messages m ON m.ticket_id = t.id WHERE m.chat_id = ? AND m.message_id = ?`), chatID, replyTo))
		if err == nil {
			return t, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: ticket by reply: %w", err)
		}
	}
	return nil, escalation.ErrNotFound
}

func prefixed(p string) string {
	cols := []string{"id", "request_key", "status", "merchant", "fields", "description", "topic",
		"articles", "transcript", "rating", "created_at", "closed_at", "assignee", "reminders"}
	out := ""
	for i, c := range cols {
		if i > 0 {
			out += ", "
		}
		out += p + c
	}
	return out
}

// AddTurn records a message of a ticket and the deliveries it causes.
func (d *DB) AddTurn(ctx context.Context, ticketID int64, t escalation.Turn, ds []escalation.Delivery) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: add turn: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO ticket_turns (ticket_id, role, text, at) VALUES (?, ?, ?, ?)`),
		ticketID, string(t.Role), t.Text, ms(t.At)); err != nil {
		return fmt.Errorf("store: add turn: %w", err)
	}
	if err := d.addDeliveries(ctx, tx, ticketID, ds); err != nil {
		return err
	}
	return tx.Commit()
}

// Turns returns the messages exchanged on a ticket after it was opened.
func (d *DB) Turns(ctx context.Context, ticketID int64) ([]escalation.Turn, error) {
	rows, err := d.db.QueryContext(ctx, d.q(`SELECT role, text, at FROM ticket_turns WHERE ticket_id = ? ORDER BY id`), ticketID)
	if err != nil {
		return nil, fmt.Errorf("store: turns: %w", err)
	}
	defer rows.Close()
	var out []escalation.Turn
	for rows.Next() {
		var t escalation.Turn
		var role string
		var at int64
		if err := rows.Scan(&role, &t.Text, &at); err != nil {
			return nil, fmt.Errorf("store: turns: %w", err)
		}
		t.Role, t.At = escalation.Role(role), fromMS(at)
		out = append(out, t)
	}
	return out, rows.Err()
}

// CloseTicket closes an open ticket and queues ds; false if already closed.
func (d *DB) CloseTicket(ctx context.Context, id int64, at time.Time, ds []escalation.Delivery) (bool, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: close ticket: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, d.q(`UPDATE tickets SET status = ?, closed_at = ? WHERE id = ? AND status = ?`),
		string(escalation.StatusClosed), ms(at), id, string(escalation.StatusOpen))
	if err != nil {
		return false, fmt.Errorf("store: close ticket %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if err := d.addDeliveries(ctx, tx, id, ds); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// AssignTicket gives ticket id to agent ("" for nobody) if it is still
// assigned to from, and queues ds; false if someone else changed it first.
func (d *DB) AssignTicket(ctx context.Context, id int64, from, agent string, ds []escalation.Delivery) (bool, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: assign ticket: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, d.q(`UPDATE tickets SET assignee = ? WHERE id = ? AND assignee = ?`), agent, id, from)
	if err != nil {
		return false, fmt.Errorf("store: assign ticket %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if err := d.addDeliveries(ctx, tx, id, ds); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// ReopenTicket opens a closed ticket again and queues ds; false if it was
// open already.
func (d *DB) ReopenTicket(ctx context.Context, id int64, ds []escalation.Delivery) (bool, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: reopen ticket: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, d.q(`UPDATE tickets SET status = ?, closed_at = 0 WHERE id = ? AND status = ?`),
		string(escalation.StatusOpen), id, string(escalation.StatusClosed))
	if err != nil {
		return false, fmt.Errorf("store: reopen ticket %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if err := d.addDeliveries(ctx, tx, id, ds); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// RemindTicket records that ticket id had reminder level, if it had
// fewer, and queues ds; false if it had them already.
func (d *DB) RemindTicket(ctx context.Context, id int64, level int, ds []escalation.Delivery) (bool, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: remind ticket: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, d.q(`UPDATE tickets SET reminders = ? WHERE id = ? AND reminders < ? AND status = ?`),
		level, id, level, string(escalation.StatusOpen))
	if err != nil {
		return false, fmt.Errorf("store: remind ticket %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if err := d.addDeliveries(ctx, tx, id, ds); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// JoinAlbum adds as to the ticket's delivery of album that is still
// waiting to go, relabelled by label (nil keeps its text), and records
// turn; false if there is none.
func (d *DB) JoinAlbum(ctx context.Context, ticketID int64, album string, turn escalation.Turn, as []escalation.Attachment, label func(text string, all []escalation.Attachment) string) (bool, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: join album: %w", err)
	}
	defer tx.Rollback()
	var id int64
	var had, text string
	err = tx.QueryRowContext(ctx, d.q(`SELECT id, attachments, text FROM deliveries
		WHERE ticket_id = ? AND album = ? AND status = 'pending' AND claimed_by = '' ORDER BY id DESC LIMIT 1`),
		ticketID, album).Scan(&id, &had, &text)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: join album: %w", err)
	}
	var all []escalation.Attachment
	if err := json.Unmarshal([]byte(had), &all); err != nil {
		return false, fmt.Errorf("store: delivery %d attachments: %w", id, err)
	}
	all = append(all, as...)
	if label != nil {
		text = label(text, all)
	}
	// Only if nobody claimed it meanwhile: a delivery on its way is not
	// changed under its sender.
	res, err := tx.ExecContext(ctx, d.q(`UPDATE deliveries SET attachments = ?, text = ? WHERE id = ? AND attachments = ? AND claimed_by = ''`),
		mustJSON(all), text, id, had)
	if err != nil {
		return false, fmt.Errorf("store: join album: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO ticket_turns (ticket_id, role, text, at) VALUES (?, ?, ?, ?)`),
		ticketID, string(turn.Role), turn.Text, ms(turn.At)); err != nil {
		return false, fmt.Errorf("store: add turn: %w", err)
	}
	return true, tx.Commit()
}

// Block stops posbot answering the merchant key names; by is the agent.
func (d *DB) Block(ctx context.Context, key, by string) error {
	_, err := d.db.ExecContext(ctx, d.q(`INSERT INTO blocked_merchants (merchant, blocked_by, at) VALUES (?, ?, ?)
		ON CONFLICT (merchant) DO UPDATE SET blocked_by = excluded.blocked_by, at = excluded.at`), key, by, ms(d.now()))
	if err != nil {
		return fmt.Errorf("store: block %s: %w", key, err)
	}
	return nil
}

// Unblock lets posbot answer the merchant again; false if not blocked.
func (d *DB) Unblock(ctx context.Context, key string) (bool, error) {
	res, err := d.db.ExecContext(ctx, d.q(`DELETE FROM blocked_merchants WHERE merchant = ?`), key)
	if err != nil {
		return false, fmt.Errorf("store: unblock %s: %w", key, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Blocked reports whether the merchant key names is blocked.
func (d *DB) Blocked(ctx context.Context, key string) (bool, error) {
	var n int
	if err := d.db.QueryRowContext(ctx, d.q(`SELECT COUNT(*) FROM blocked_merchants WHERE merchant = ?`), key).Scan(&n); err != nil {
		return false, fmt.Errorf("store: blocked %s: %w", key, err)
	}
	return n > 0, nil
}

// BlockedMerchants lists the blocked merchants, the latest first.
func (d *DB) BlockedMerchants(ctx context.Context) ([]escalation.Block, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT merchant, blocked_by, at FROM blocked_merchants ORDER BY at DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: blocked merchants: %w", err)
	}
	defer rows.Close()
	var out []escalation.Block
	for rows.Next() {
		var b escalation.Block
		var at int64
		if err := rows.Scan(&b.Merchant, &b.By, &at); err != nil {
			return nil, fmt.Errorf("store: blocked merchants: %w", err)
		}
		b.At = fromMS(at)
		out = append(out, b)
	}
	return out, rows.Err()
}

// RateTicket records the merchant's 1–5 rating.
func (d *DB) RateTicket(ctx context.Context, id int64, rating int) error {
	if rating < 1 || rating > 5 {
		return fmt.Errorf("store: rating %d out of 1..5", rating)
	}
	if _, err := d.db.ExecContext(ctx, d.q(`UPDATE tickets SET rating = ? WHERE id = ?`), rating, id); err != nil {
		return fmt.Errorf("store: rate ticket %d: %w", id, err)
	}
	return nil
}

// Tickets lists tickets with status (all when empty), newest first.
func (d *DB) Tickets(ctx context.Context, status escalation.Status, limit int) ([]*escalation.Ticket, error) {
	query := `SELECT ` + ticketColumns + ` FROM tickets`
	args := []any{}
	if status != "" {
		query += ` WHERE status = ?`
		args = append(args, string(status))
	}
	query += ` ORDER BY id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := d.db.QueryContext(ctx, d.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store: tickets: %w", err)
	}
	defer rows.Close()
	var out []*escalation.Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, fmt.Errorf("store: tickets: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// MerchantTickets returns the merchant's tickets numbered below before,
// newest first.
func (d *DB) MerchantTickets(ctx context.Context, key string, before int64, limit int) ([]*escalation.Ticket, error) {
	rows, err := d.db.QueryContext(ctx, d.q(`SELECT `+ticketColumns+` FROM tickets WHERE merchant_key = ? AND id < ? ORDER BY id DESC LIMIT ?`),
		key, before, limit)
	if err != nil {
		return nil, fmt.Errorf("store: merchant tickets: %w", err)
	}
	defer rows.Close()
	var out []*escalation.Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, fmt.Errorf("store: merchant tickets: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RecordFeedback stores a merchant's verdict on an answer (without waiting
// for the disk under DeferSync).
func (d *DB) RecordFeedback(ctx context.Context, f escalation.Feedback) error {
	if f.At.IsZero() {
		f.At = d.now()
	}
	_, err := d.exec(ctx, `INSERT INTO feedback (merchant, person, article_id, helpful, wants_person, at)
		VALUES (?, ?, ?, ?, ?, ?)`, f.Merchant, f.Person, f.ArticleID, boolInt(f.Helpful), boolInt(f.WantsPerson), ms(f.At))
	if err != nil {
		return fmt.Errorf("store: feedback: %w", err)
	}
	return nil
}

// FirstSeen records a Telegram update id and reports whether it is new, so
// an update delivered twice is handled once.
func (d *DB) FirstSeen(ctx context.Context, updateID int64) (bool, error) {
	res, err := d.db.ExecContext(ctx, d.q(`INSERT INTO seen_updates (update_id, at) VALUES (?, ?) ON CONFLICT (update_id) DO NOTHING`),
		updateID, ms(d.now()))
	if err != nil {
		return false, fmt.Errorf("store: seen update: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Seen reports whether a Telegram update was handled already.
func (d *DB) Seen(ctx context.Context, updateID int64) (bool, error) {
	var n int
	if err := d.db.QueryRowContext(ctx, d.q(`SELECT COUNT(*) FROM seen_updates WHERE update_id = ?`), updateID).Scan(&n); err != nil {
		return false, fmt.Errorf("store: seen update: %w", err)
	}
	return n > 0, nil
}

// MarkSeen records that a Telegram update was handled and its replies sent.
func (d *DB) MarkSeen(ctx context.Context, updateID int64) error {
	return d.MarkAllSeen(ctx, []int64{updateID})
}

// MarkAllSeen is MarkSeen for many updates at once, in one transaction:
// one wait for the disk, however many there are.
func (d *DB) MarkAllSeen(ctx context.Context, updateIDs []int64) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: seen updates: %w", err)
	}
	defer tx.Rollback()
	at := ms(d.now())
	for _, id := range updateIDs {
		if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO seen_updates (update_id, at) VALUES (?, ?) ON CONFLICT (update_id) DO NOTHING`), id, at); err != nil {
			return fmt.Errorf("store: seen update: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: seen updates: %w", err)
	}
	return nil
}

// PruneSeen forgets update ids, and the replies of handled events, older
// than before: Telegram redelivers an
// update for at most a day, so a week is plenty.
func (d *DB) PruneSeen(ctx context.Context, before time.Time) error {
	for _, table := range []string{"seen_updates", "handled_events"} {
		if _, err := d.db.ExecContext(ctx, d.q(`DELETE FROM `+table+` WHERE at < ?`), ms(before)); err != nil {
			return fmt.Errorf("store: prune %s: %w", table, err)
		}
	}
	return nil
}

// HandledReplies returns the replies stored for a channel event, if it
// was handled.
func (d *DB) HandledReplies(ctx context.Context, id string) ([]byte, bool, error) {
	var replies string
	err := d.db.QueryRowContext(ctx, d.q(`SELECT replies FROM handled_events WHERE id = ?`), id).Scan(&replies)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: handled event %s: %w", id, err)
	}
	return []byte(replies), true, nil
}

// SaveHandled stores the replies a channel event was answered with; the
// first handling's replies stand. It always waits for the disk, and so
// makes durable what handling the event wrote under DeferSync.
func (d *DB) SaveHandled(ctx context.Context, id string, replies []byte) error {
	_, err := d.db.ExecContext(ctx, d.q(`INSERT INTO handled_events (id, replies, at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`),
		id, string(replies), ms(d.now()))
	if err != nil {
		return fmt.Errorf("store: save handled event %s: %w", id, err)
	}
	return nil
}

// Remember keeps the numbers a merchant's ticket carried (without waiting
// for the disk under DeferSync).
func (d *DB) Remember(ctx context.Context, key, merchantNo, terminalNo string) error {
	_, err := d.exec(ctx, `INSERT INTO merchant_memory (merchant, merchant_no, terminal_no, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (merchant) DO UPDATE SET merchant_no = excluded.merchant_no, terminal_no = excluded.terminal_no, at = excluded.at`,
		key, merchantNo, terminalNo, ms(d.now()))
	if err != nil {
		return fmt.Errorf("store: remember %s: %w", key, err)
	}
	return nil
}

// Remembered returns the numbers kept for a merchant since since.
func (d *DB) Remembered(ctx context.Context, key string, since time.Time) (merchantNo, terminalNo string, ok bool, err error) {
	err = d.db.QueryRowContext(ctx, d.q(`SELECT merchant_no, terminal_no FROM merchant_memory WHERE merchant = ? AND at >= ?`),
		key, ms(since)).Scan(&merchantNo, &terminalNo)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("store: remembered %s: %w", key, err)
	}
	return merchantNo, terminalNo, true, nil
}

// Forget drops what is kept for a merchant (and, with key "", everything
// older than before); it reports whether anything was kept.
func (d *DB) Forget(ctx context.Context, key string, before time.Time) (bool, error) {
	var res sql.Result
	var err error
	if key != "" {
		res, err = d.db.ExecContext(ctx, d.q(`DELETE FROM merchant_memory WHERE merchant = ?`), key)
	} else {
		res, err = d.db.ExecContext(ctx, d.q(`DELETE FROM merchant_memory WHERE at < ?`), ms(before))
	}
	if err != nil {
		return false, fmt.Errorf("store: forget: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}
