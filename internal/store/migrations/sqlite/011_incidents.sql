-- Known problems agents declare (/incident): while one is active, merchants
-- asking about its topic get its notice first. The merchants told are kept,
-- to tell them when it ends, and counted.
CREATE TABLE incidents (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	topic      TEXT   NOT NULL,
	text       TEXT   NOT NULL,
	created_by TEXT   NOT NULL,
	started_at BIGINT NOT NULL,
	ends_at    BIGINT NOT NULL,
	ended_at   BIGINT NOT NULL DEFAULT 0,
	told       BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE incident_merchants (
	incident_id BIGINT NOT NULL,
	merchant    TEXT   NOT NULL,
	PRIMARY KEY (incident_id, merchant)
);
