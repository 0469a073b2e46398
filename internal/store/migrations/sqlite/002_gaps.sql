-- What the knowledge base could not answer, for the editors' gap report.
-- Questions are stored with card numbers masked.
CREATE TABLE gap_events (
	id       INTEGER PRIMARY KEY AUTOINCREMENT,
	at       INTEGER NOT NULL,
	kind     TEXT    NOT NULL,
	question TEXT    NOT NULL,
	article  TEXT    NOT NULL,
	topic    TEXT    NOT NULL
);
CREATE INDEX gap_events_at ON gap_events (at);
