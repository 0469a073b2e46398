-- How many reminders an unanswered ticket has had: 1 in its thread, 2 in
-- the support chat's general topic too.
ALTER TABLE tickets ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0;
