-- What a month of one deployment's calls adds up to, updated in the same transaction as the calls
-- (or the journal step that moves them), so usage and measured speeds never scan call_record.
CREATE TABLE call_month (
  period CHAR(7) NOT NULL,
  deployment_id VARCHAR(200) NOT NULL,
  provider VARCHAR(32) NOT NULL,
  first_started_at TIMESTAMP WITH TIME ZONE NOT NULL,
  requests BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  prompt_tokens BIGINT NOT NULL,
  completion_tokens BIGINT NOT NULL,
  cost_usd NUMERIC(20, 10) NOT NULL,
  PRIMARY KEY (period, deployment_id)
);

-- Percentile histograms of the month's successful calls: metric 'ttft' and 'latency' (ms), 'tps'
-- (hundredths of a token per second); bucket as in the application's Histogram class.
CREATE TABLE call_histogram (
  period CHAR(7) NOT NULL,
  deployment_id VARCHAR(200) NOT NULL,
  metric VARCHAR(8) NOT NULL,
  bucket INT NOT NULL,
  calls BIGINT NOT NULL,
  PRIMARY KEY (period, deployment_id, metric, bucket)
);

-- Calls recorded before the aggregates existed are counted once, at the first start after this
-- migration, by the application (the bucket arithmetic lives there).
CREATE TABLE ledger_state (
  id INT PRIMARY KEY,
  aggregates_built BOOLEAN NOT NULL
);

INSERT INTO ledger_state (id, aggregates_built) VALUES (1, FALSE);
