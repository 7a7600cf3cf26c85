#!/usr/bin/env bash
# Gateway overhead: the same OpenAI-protocol call against a loopback fixture backend, directly
# and through the app's /v1/chat/completions, at 200 and 1,000 requests per second.
# Needs: ./mvnw -q package -DskipTests (app jar and bench/target/benchmarks.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
BACKEND_PORT=${BACKEND_PORT:-18090}
APP_PORT=${APP_PORT:-18080}
DATA=$(mktemp -d)
cleanup() { kill "${BACKEND:-}" "${APP:-}" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

java -Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=2000 -cp bench/target/benchmarks.jar org.llmadvisor.bench.FixtureBackend "$BACKEND_PORT" &
BACKEND=$!
ADVISOR_DEPLOYMENTS_FIXTURE_API_KEY=sk-bench java -Xmx1g \
  -Dquarkus.http.port="$APP_PORT" -Dadvisor.data-dir="$DATA" -Dquarkus.log.level=WARN ${APP_OPTS:-} \
  -Dadvisor.deployments.fixture.provider=openai \
  -Dadvisor.deployments.fixture.base-url="http://127.0.0.1:$BACKEND_PORT/v1" \
  -Dadvisor.deployments.fixture.model=gpt-4o-mini \
  -jar app/target/quarkus-app/quarkus-run.jar &
APP=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$APP_PORT/q/health/live" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$APP_PORT/api/plan" -H 'Content-Type: application/json' \
  -d "{\"deploymentIds\": [\"fixture\"], \"latencyTargetMs\": 5000${BUDGET:+, \"monthlyBudgetUsd\": $BUDGET}}" >/dev/null
sleep 1

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
# One generator JVM for every run, so its own JIT compilation is done before the measured runs.
# First an unreported warm-up of both paths (JIT-compile them and fill the connection pools, as
# JMH would); then per rate direct and gateway alternate REPEATS times, so a noisy stretch hits
# both; the summary takes the median of each figure over the repeats.
DIRECT="http://127.0.0.1:$BACKEND_PORT/v1/chat/completions"
GATEWAY="http://127.0.0.1:$APP_PORT/v1/chat/completions"
RUNS=("$DIRECT" "${WARMUP_RATE:-1000}" "${WARMUP_SECONDS:-30}" warm-up-direct gpt-4o-mini --
  "$GATEWAY" "${WARMUP_RATE:-1000}" "${WARMUP_SECONDS:-30}" warm-up-gateway auto)
for RATE in 200 1000; do
  for _ in $(seq "${REPEATS:-3}"); do
    RUNS+=(-- "$DIRECT" "$RATE" "$SECONDS_PER_RUN" direct gpt-4o-mini -- "$GATEWAY" "$RATE" "$SECONDS_PER_RUN" gateway auto)
  done
done
RESULTS=$(mktemp)
java -cp bench/target/benchmarks.jar org.llmadvisor.bench.LoadGenerator "${RUNS[@]}" | grep -v '^warm-up' | tee "$RESULTS"
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    rows.setdefault((f[0], int(f[1])), []).append((float(f[8]), float(f[11])))
for rate in sorted({r for _, r in rows}):
    med = {k: (statistics.median(p for p, _ in v), statistics.median(q for _, q in v)) for (k, r), v in rows.items() if r == rate}
    d, g = med["direct"], med["gateway"]
    print(f"median of {len(rows[('gateway', rate)])} at {rate:4d} req/s: direct p50 {d[0]:.3f} p99 {d[1]:.3f} ms; "
          f"gateway p50 {g[0]:.3f} p99 {g[1]:.3f} ms; added p50 {g[0]-d[0]:+.3f} ms, p99 {g[1]-d[1]:+.3f} ms")
PY
rm -f "$RESULTS"
echo "ledger rows (warm-up included): $(curl -s "http://127.0.0.1:$APP_PORT/api/usage" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')"
