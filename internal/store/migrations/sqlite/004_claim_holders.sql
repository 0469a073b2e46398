-- Processes that claim deliveries, with when each was last seen: a claim
-- holds while its holder is alive and is free a few seconds after it
-- stopped (a crash), not when its lease runs out minutes later.
CREATE TABLE claim_holders (
	owner   TEXT   PRIMARY KEY,
	seen_at BIGINT NOT NULL
);
