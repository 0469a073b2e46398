-- The agent who claimed a ticket ("" for nobody), and the merchants agents
-- blocked: posbot stays silent to them until they are unblocked.
ALTER TABLE tickets ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
CREATE TABLE blocked_merchants (
	merchant   TEXT   PRIMARY KEY,
	blocked_by TEXT   NOT NULL,
	at         BIGINT NOT NULL
);
