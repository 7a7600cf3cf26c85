#!/usr/bin/env bash
# Mixed traffic for 60 s: advice, estimate, chat and streaming chat at once, against the app with
# a loopback fixture backend. Prints each stream's rate, p50/p99 and errors, the app's resident
# memory, and checks that the ledger holds exactly one row per served chat call.
# Needs: ./mvnw -q package -DskipTests.  RATE is the total requests per second (default 200).
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-200}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
BACKEND_PORT=${BACKEND_PORT:-18091}
APP_PORT=${APP_PORT:-18081}
DATA=$(mktemp -d)
cleanup() { kill "${BACKEND:-}" "${APP:-}" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

java -Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=2000 -cp bench/target/benchmarks.jar org.llmadvisor.bench.FixtureBackend "$BACKEND_PORT" >/dev/null &
BACKEND=$!
ADVISOR_DEPLOYMENTS_FIXTURE_API_KEY=sk-bench java -Xmx1g -Dquarkus.http.port="$APP_PORT" -Dadvisor.data-dir="$DATA" -Dquarkus.log.level=WARN \
  -Dadvisor.deployments.fixture.provider=openai -Dadvisor.deployments.fixture.base-url="http://127.0.0.1:$BACKEND_PORT/v1" \
  -Dadvisor.deployments.fixture.model=gpt-4o-mini -jar app/target/quarkus-app/quarkus-run.jar >/dev/null &
APP=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$APP_PORT/q/health/live" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$APP_PORT/api/plan" -H 'Content-Type: application/json' -d '{"deploymentIds": ["fixture"], "latencyTargetMs": 5000}' >/dev/null
sleep 1

cat > "$DATA/advice.json" <<'JSON'
{"workload": {"requestsPerDay": 5000, "activeHoursPerDay": 8, "peakFactor": 2, "inputTokens": 500, "outputTokens": 200, "parallel": 4}, "latencyTargetMs": 10000, "hardware": ["rtx-4090", "m2-max-38c"]}
JSON
cat > "$DATA/estimate.json" <<'JSON'
{"model": "llama-2-13b", "quantization": "Q4_K_M", "contextTokens": 4096, "hardware": "rtx-4090"}
JSON
cat > "$DATA/chat.json" <<'JSON'
{"model": "auto", "max_tokens": 16, "messages": [{"role": "user", "content": "Hello"}]}
JSON
cat > "$DATA/stream.json" <<'JSON'
{"model": "auto", "max_tokens": 16, "stream": true, "messages": [{"role": "user", "content": "Hello"}]}
JSON
# advice is the heavy request (every candidate is simulated): 2 a second; the rest split evenly
ADVICE=2
Q=$(( (RATE - ADVICE) / 3 ))
run() { java -DwarmupSeconds=3 -Dbody="$DATA/$1.json" -cp bench/target/benchmarks.jar org.llmadvisor.bench.LoadGenerator "http://127.0.0.1:$APP_PORT$2" "$3" "$SECONDS_PER_RUN" "$1" > "$DATA/$1.out"; }
run advice /api/advice "$ADVICE" & run estimate /api/estimate "$Q" & run chat /v1/chat/completions "$Q" & run stream /v1/chat/completions "$Q" &
sleep $((SECONDS_PER_RUN / 2 + 3)); RSS=$(ps -o rss= -p "$APP"); wait %3 %4 %5 %6 2>/dev/null || wait
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); total $RATE req/s for ${SECONDS_PER_RUN} s"
cat "$DATA"/advice.out "$DATA"/estimate.out "$DATA"/chat.out "$DATA"/stream.out
echo "app resident memory mid-run: $((RSS / 1024)) MiB"
SERVED=$(awk '{print $4}' "$DATA"/chat.out "$DATA"/stream.out | paste -sd+ | bc)
ROWS=$(curl -s "http://127.0.0.1:$APP_PORT/api/usage" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')
# warm-up calls are served too: they are the rows beyond the measured ones
WARM=$(( Q * 3 * 2 ))  # three warm-up seconds of chat and of streaming chat
echo "served chat calls (measured + warm-up): $((SERVED + WARM)); ledger rows: $ROWS"
