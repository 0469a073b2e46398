-- Merchants are named by channel and an id in it ("telegram:123456"), not
-- by Telegram's numbers; what only Telegram needs moves to its own tables.
-- Rows from before: Telegram chats become telegram:<chat id>, the console's
-- chat -1 becomes console:local.

CREATE TABLE conversations_v2 (
	merchant   TEXT   PRIMARY KEY,
	state      TEXT   NOT NULL,
	updated_at BIGINT NOT NULL
);
INSERT INTO conversations_v2 (merchant, state, updated_at)
	SELECT CASE WHEN chat_id = -1 THEN 'console:local' ELSE 'telegram:' || chat_id END, state, updated_at
	FROM conversations;
DROP TABLE conversations;
ALTER TABLE conversations_v2 RENAME TO conversations;

-- Where a ticket lives in the Telegram support chat.
CREATE TABLE telegram_tickets (
	ticket_id       BIGINT PRIMARY KEY REFERENCES tickets (id),
	chat_id         BIGINT NOT NULL DEFAULT 0,
	thread_id       BIGINT NOT NULL DEFAULT 0,
	card_message_id BIGINT NOT NULL DEFAULT 0
);
INSERT INTO telegram_tickets (ticket_id, chat_id, thread_id, card_message_id)
	SELECT id, support_chat_id, support_thread_id, card_message_id FROM tickets
	WHERE support_chat_id <> 0 OR support_thread_id <> 0 OR card_message_id <> 0;
CREATE INDEX telegram_tickets_thread ON telegram_tickets (chat_id, thread_id);

ALTER TABLE tickets ADD COLUMN merchant_key TEXT NOT NULL DEFAULT '';
UPDATE tickets SET merchant_key = CASE WHEN chat_id = -1 THEN 'console:local' ELSE 'telegram:' || chat_id END;
DROP INDEX tickets_chat;
DROP INDEX tickets_thread;
ALTER TABLE tickets DROP COLUMN chat_id;
ALTER TABLE tickets DROP COLUMN user_id;
ALTER TABLE tickets DROP COLUMN support_chat_id;
ALTER TABLE tickets DROP COLUMN support_thread_id;
ALTER TABLE tickets DROP COLUMN card_message_id;
CREATE INDEX tickets_merchant ON tickets (merchant_key, status);

-- A delivery goes to the merchant of its ticket or to the support side:
-- the kind says which, the ticket says who.
ALTER TABLE deliveries DROP COLUMN chat_id;

ALTER TABLE feedback ADD COLUMN merchant TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN person TEXT NOT NULL DEFAULT '';
UPDATE feedback SET merchant = CASE WHEN chat_id = -1 THEN 'console:local' ELSE 'telegram:' || chat_id END,
	person = CASE WHEN user_id = 0 THEN '' ELSE '' || user_id END;
ALTER TABLE feedback DROP COLUMN chat_id;
ALTER TABLE feedback DROP COLUMN user_id;
