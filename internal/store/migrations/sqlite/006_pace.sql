-- Telegram's rate limits, shared by every process on the database: for
-- each scope ("global", "chat:-100…") the time, in microseconds, at which
-- the next message after those already reserved may go.
CREATE TABLE pace (
	scope TEXT   PRIMARY KEY,
	tat   BIGINT NOT NULL
);
