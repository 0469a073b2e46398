-- The replies each channel event (a Telegram update) was answered with,
-- stored once it was handled: the event delivered again after a crash gets
-- the same replies, not a second handling of the same message.
CREATE TABLE handled_events (
	id      TEXT   PRIMARY KEY,
	replies TEXT   NOT NULL,
	at      BIGINT NOT NULL
);
CREATE INDEX handled_events_at ON handled_events (at);
