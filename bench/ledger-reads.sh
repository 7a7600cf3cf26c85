#!/usr/bin/env bash
# Usage and advice reads against an empty ledger and against one holding ROWS (default 1,000,000)
# recorded calls: p50 and p99 of CALLS (default 100) sequential requests to /api/usage and
# /api/advice, after WARMUP (default 30) unreported ones. Both reads come from the per-deployment
# monthly aggregates, so the second set of figures should match the first.
# Usage: bench/ledger-reads.sh   Needs: ./mvnw -q package -DskipTests.
# The calls are inserted into the stopped embedded database with H2's own shell (spread over three
# deployments of this month, latencies 50 ms to 60 s, one in ten an error); the app's next start
# counts them into the aggregates once, as it does for calls stored before the aggregates existed,
# and the script reports how long that took.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
CALLS=${CALLS:-100}
WARMUP=${WARMUP:-30}
PORT=${PORT:-18087}
WORK=$(mktemp -d)
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
APP=app/target/quarkus-app
H2=$(ls "$APP"/lib/main/com.h2database.h2-*.jar)
URL="jdbc:h2:file:$WORK/advisor;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
ADVICE='{"workload": {"requestsPerDay": 20000, "activeHoursPerDay": 10, "peakFactor": 2,
  "inputTokens": 500, "outputTokens": 200, "p95OutputTokens": 600, "parallel": 8},
  "latencyTargetMs": 8000, "latencyTarget": "end-to-end", "monthlyBudgetUsd": 300,
  "qualityFloor": 50, "hardware": ["rtx-4090", {"id": "a100-80gb-sxm", "acquisition": "rent"}]}'

start() {
  local t0
  t0=$(date +%s%N)
  ADVISOR_DATA_DIR="$WORK" java -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN \
    -Dquarkus.log.category.\"org.llmadvisor\".level=INFO -jar "$APP/quarkus-run.jar" \
    >>"$WORK/log" 2>&1 &
  PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; do
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/log" >&2; exit 1; }
    sleep 0.05
  done
  echo "  ready in $((($(date +%s%N) - t0) / 1000000)) ms"
}

stop() {
  kill "$PID"
  wait "$PID" 2>/dev/null || true
}

# p50 and p99 in ms of CALLS requests; $1 label, then curl arguments
timed() {
  local label=$1
  shift
  for _ in $(seq "$WARMUP"); do curl -sf -o /dev/null "$@"; done
  for _ in $(seq "$CALLS"); do
    curl -sf -o /dev/null -w '%{time_total}\n' "$@"
  done | sort -n | awk -v label="$label" '
    { t[NR] = $1 * 1000 }
    END { printf "  %-14s p50 %7.1f ms  p99 %7.1f ms  (%d calls)\n", label, t[int(NR * 0.5 + 0.5)], t[int(NR * 0.99 + 0.5)], NR }'
}

measure() {
  timed "/api/usage" "http://127.0.0.1:$PORT/api/usage"
  timed "/api/advice" -H 'Content-Type: application/json' -d "$ADVICE" "http://127.0.0.1:$PORT/api/advice"
  curl -sf "http://127.0.0.1:$PORT/api/usage" | grep -o '"requests":[0-9]*' | head -1 | sed 's/^/  usage says /'
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "empty ledger:"
start
measure
stop

echo "inserting $ROWS calls..."
MONTH_START=$(date -u +%Y-%m-01T00:00:00Z)
java -cp "$H2" org.h2.tools.Shell -url "$URL" -user advisor -password '' -sql "
INSERT INTO call_record (request_id, deployment_id, provider, model, started_at, streaming,
  prompt_tokens, completion_tokens, tokens_counted, ttft_ms, latency_ms, cost_usd,
  zero_marginal_cost, outcome, error_class)
SELECT 'bench-' || x, CASE MOD(x, 3) WHEN 0 THEN 'local' WHEN 1 THEN 'cloud' ELSE 'premium' END,
  CASE MOD(x, 3) WHEN 0 THEN 'ollama' ELSE 'openai' END, 'm',
  TIMESTAMP WITH TIME ZONE '$MONTH_START' + MOD(x, 86400) * INTERVAL '1' SECOND, MOD(x, 2) = 0,
  300 + MOD(x, 700), 20 + MOD(x * 7, 400), FALSE,
  CASE WHEN MOD(x, 2) = 0 THEN 30 + MOD(x * 13, 900) END, 50 + MOD(x * 7919, 60000),
  CAST(MOD(x, 997) AS NUMERIC(20, 10)) / 1000000000, MOD(x, 3) = 0,
  CASE WHEN MOD(x, 10) = 9 THEN 'error' ELSE 'success' END,
  CASE WHEN MOD(x, 10) = 9 THEN 'SERVER_ERROR' END
FROM (SELECT \"X\" AS x FROM SYSTEM_RANGE(1, $ROWS));
UPDATE ledger_state SET aggregates_built = FALSE;" | grep -i error && exit 1

echo "ledger with $ROWS calls (first start counts them into the aggregates):"
start
grep -o 'aggregates built from [0-9]* stored calls' "$WORK/log" | sed 's/^/  /' || true
measure
stop
