-- Embedded mode: how far the call journal has been moved into call_record and budget_month.
-- Updated in the same transaction as the rows it covers, so a replay after a crash adds each
-- journaled call exactly once.
CREATE TABLE ledger_journal (
  id INT PRIMARY KEY,
  segment BIGINT NOT NULL,
  byte_offset BIGINT NOT NULL
);

INSERT INTO ledger_journal (id, segment, byte_offset) VALUES (1, 0, 0);
