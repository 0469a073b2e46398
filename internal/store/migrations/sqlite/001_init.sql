CREATE TABLE conversations (
	chat_id    INTEGER PRIMARY KEY,
	state      TEXT    NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE tickets (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	request_key       TEXT    NOT NULL UNIQUE,
	status            TEXT    NOT NULL,
	chat_id           INTEGER NOT NULL,
	user_id           INTEGER NOT NULL,
	merchant          TEXT    NOT NULL,
	fields            TEXT    NOT NULL,
	description       TEXT    NOT NULL,
	topic             TEXT    NOT NULL,
	articles          TEXT    NOT NULL,
	transcript        TEXT    NOT NULL,
	support_chat_id   INTEGER NOT NULL DEFAULT 0,
	support_thread_id INTEGER NOT NULL DEFAULT 0,
	card_message_id   INTEGER NOT NULL DEFAULT 0,
	rating            INTEGER NOT NULL DEFAULT 0,
	created_at        INTEGER NOT NULL,
	closed_at         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tickets_chat ON tickets (chat_id, status);
CREATE INDEX tickets_thread ON tickets (support_chat_id, support_thread_id);

CREATE TABLE ticket_turns (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	ticket_id INTEGER NOT NULL REFERENCES tickets (id),
	role      TEXT    NOT NULL,
	text      TEXT    NOT NULL,
	at        INTEGER NOT NULL
);
CREATE INDEX ticket_turns_ticket ON ticket_turns (ticket_id);

-- Messages posbot posted into the support chat, so that an agent's reply to
-- any of them finds its ticket.
CREATE TABLE support_messages (
	chat_id    INTEGER NOT NULL,
	message_id INTEGER NOT NULL,
	ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
	PRIMARY KEY (chat_id, message_id)
);

CREATE TABLE deliveries (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	ticket_id     INTEGER NOT NULL REFERENCES tickets (id),
	kind          TEXT    NOT NULL,
	chat_id       INTEGER NOT NULL,
	text          TEXT    NOT NULL,
	buttons       TEXT    NOT NULL,
	status        TEXT    NOT NULL DEFAULT 'pending',
	attempts      INTEGER NOT NULL DEFAULT 0,
	next_at       INTEGER NOT NULL,
	claimed_by    TEXT    NOT NULL DEFAULT '',
	claimed_until INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT    NOT NULL DEFAULT '',
	created_at    INTEGER NOT NULL,
	sent_at       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deliveries_pending ON deliveries (status, next_at);
CREATE INDEX deliveries_ticket ON deliveries (ticket_id, status);

CREATE TABLE feedback (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	chat_id      INTEGER NOT NULL,
	user_id      INTEGER NOT NULL,
	article_id   TEXT    NOT NULL,
	helpful      INTEGER NOT NULL,
	wants_person INTEGER NOT NULL,
	at           INTEGER NOT NULL
);

CREATE TABLE seen_updates (
	update_id INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL
);
