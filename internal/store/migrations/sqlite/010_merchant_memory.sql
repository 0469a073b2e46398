-- The merchant and terminal numbers a merchant's last ticket carried,
-- offered for confirmation on their next handover (MERCHANT_MEMORY).
CREATE TABLE merchant_memory (
	merchant    TEXT   PRIMARY KEY,
	merchant_no TEXT   NOT NULL,
	terminal_no TEXT   NOT NULL,
	at          BIGINT NOT NULL
);
