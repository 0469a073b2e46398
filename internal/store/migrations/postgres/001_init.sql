CREATE TABLE conversations (
	chat_id    BIGINT PRIMARY KEY,
	state      TEXT    NOT NULL,
	updated_at BIGINT NOT NULL
);

CREATE TABLE tickets (
	id                BIGSERIAL PRIMARY KEY,
	request_key       TEXT    NOT NULL UNIQUE,
	status            TEXT    NOT NULL,
	chat_id           BIGINT NOT NULL,
	user_id           BIGINT NOT NULL,
	merchant          TEXT    NOT NULL,
	fields            TEXT    NOT NULL,
	description       TEXT    NOT NULL,
	topic             TEXT    NOT NULL,
	articles          TEXT    NOT NULL,
	transcript        TEXT    NOT NULL,
	support_chat_id   BIGINT NOT NULL DEFAULT 0,
	support_thread_id BIGINT NOT NULL DEFAULT 0,
	card_message_id   BIGINT NOT NULL DEFAULT 0,
	rating            BIGINT NOT NULL DEFAULT 0,
	created_at        BIGINT NOT NULL,
	closed_at         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX tickets_chat ON tickets (chat_id, status);
CREATE INDEX tickets_thread ON tickets (support_chat_id, support_thread_id);

CREATE TABLE ticket_turns (
	id        BIGSERIAL PRIMARY KEY,
	ticket_id BIGINT NOT NULL REFERENCES tickets (id),
	role      TEXT    NOT NULL,
	text      TEXT    NOT NULL,
	at        BIGINT NOT NULL
);
CREATE INDEX ticket_turns_ticket ON ticket_turns (ticket_id);

-- Messages posbot posted into the support chat, so that an agent's reply to
-- any of them finds its ticket.
CREATE TABLE support_messages (
	chat_id    BIGINT NOT NULL,
	message_id BIGINT NOT NULL,
	ticket_id  BIGINT NOT NULL REFERENCES tickets (id),
	PRIMARY KEY (chat_id, message_id)
);

CREATE TABLE deliveries (
	id            BIGSERIAL PRIMARY KEY,
	ticket_id     BIGINT NOT NULL REFERENCES tickets (id),
	kind          TEXT    NOT NULL,
	chat_id       BIGINT NOT NULL,
	text          TEXT    NOT NULL,
	buttons       TEXT    NOT NULL,
	status        TEXT    NOT NULL DEFAULT 'pending',
	attempts      BIGINT NOT NULL DEFAULT 0,
	next_at       BIGINT NOT NULL,
	claimed_by    TEXT    NOT NULL DEFAULT '',
	claimed_until BIGINT NOT NULL DEFAULT 0,
	last_error    TEXT    NOT NULL DEFAULT '',
	created_at    BIGINT NOT NULL,
	sent_at       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX deliveries_pending ON deliveries (status, next_at);
CREATE INDEX deliveries_ticket ON deliveries (ticket_id, status);

CREATE TABLE feedback (
	id           BIGSERIAL PRIMARY KEY,
	chat_id      BIGINT NOT NULL,
	user_id      BIGINT NOT NULL,
	article_id   TEXT    NOT NULL,
	helpful      BIGINT NOT NULL,
	wants_person BIGINT NOT NULL,
	at           BIGINT NOT NULL
);

CREATE TABLE seen_updates (
	update_id BIGINT PRIMARY KEY,
	at        BIGINT NOT NULL
);
