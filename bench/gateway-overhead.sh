#!/usr/bin/env bash
# Gateway overhead: the same OpenAI-protocol call against a loopback fixture backend, directly
# and through the app's /v1/chat/completions, at 200 and 1,000 requests per second.
# Needs: ./mvnw -q package -DskipTests (app jar and bench/target/benchmarks.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
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

# warm-up (not reported): JIT-compile both paths and fill the connection pools, as JMH would
java -cp bench/target/benchmarks.jar org.llmadvisor.bench.LoadGenerator \
  "http://127.0.0.1:$BACKEND_PORT/v1/chat/completions" "${WARMUP_RATE:-1000}" "${WARMUP_SECONDS:-30}" "warm-up direct" >/dev/null
java -Dmodel=auto -cp bench/target/benchmarks.jar org.llmadvisor.bench.LoadGenerator \
  "http://127.0.0.1:$APP_PORT/v1/chat/completions" "${WARMUP_RATE:-1000}" "${WARMUP_SECONDS:-30}" "warm-up gateway" >/dev/null

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
for RATE in 200 1000; do
  java -cp bench/target/benchmarks.jar org.llmadvisor.bench.LoadGenerator \
    "http://127.0.0.1:$BACKEND_PORT/v1/chat/completions" "$RATE" "$SECONDS_PER_RUN" "direct"
  java -Dmodel=auto -cp bench/target/benchmarks.jar org.llmadvisor.bench.LoadGenerator \
    "http://127.0.0.1:$APP_PORT/v1/chat/completions" "$RATE" "$SECONDS_PER_RUN" "through gateway"
done
echo "ledger rows (warm-up included): $(curl -s "http://127.0.0.1:$APP_PORT/api/usage" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')"
