#!/usr/bin/env bash
# Added latency of the gateway beside Portkey's gateway, in one run, against one loopback fixture
# backend answering at once, with a monthly budget applied: the first CALLS_COLD (default 300)
# sequential calls after a fresh start; then an unmeasured round of load per target (wrk,
# WRK_WARM_SECONDS, default 10), REHEARSE_CALLS (default 20,000) of the sequential calls below
# unmeasured, and a wait for the app's JIT compilers to go quiet (SETTLE_SECONDS, at most 120);
# then WARM_CALLS (default 5,000) sequential keep-alive calls warm to each target in turn,
# alternating with as many direct calls (p50, p99, each minus the direct calls' of the same
# stretch); then wrk throughput (2 threads, 16 connections, WRK_SECONDS, default 15) and the
# ledger's row count beside the calls wrk saw answered.
# Needs: ./mvnw -q package -DskipTests; python3; wrk; Portkey is run with PORTKEY (default: npx
# @portkey-ai/gateway) and left out when it does not start. JAVA picks the JVM and APP_OPTS adds its
# flags; the jar is started from its folder as quarkus-run.jar, the name a class or AOT cache
# recorded by deploy/systemd/build-aot-cache.sh expects (APP_OPTS=-XX:AOTCache=app.aot on JDK 25).
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND_PORT=${BACKEND_PORT:-18090}
APP_PORT=${APP_PORT:-18080}
PORTKEY_PORT=8787
DATA=$(mktemp -d)
cleanup() {
  kill "${BACKEND:-}" "${APP:-}" "${PORTKEY_PID:-}" 2>/dev/null || true
  rm -rf "$DATA" "${SEQ:-}" "${LUA:-}"
}
trap cleanup EXIT

java -Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=2000 -cp bench/target/benchmarks.jar org.llmadvisor.bench.FixtureBackend "$BACKEND_PORT" &
BACKEND=$!
(cd app/target/quarkus-app && ADVISOR_DEPLOYMENTS_FIXTURE_API_KEY=sk-bench exec "${JAVA:-java}" -Xmx1g ${APP_OPTS:-} \
  -Dquarkus.http.port="$APP_PORT" -Dadvisor.data-dir="$DATA" -Dquarkus.log.level=WARN \
  -Dadvisor.deployments.fixture.provider=openai \
  -Dadvisor.deployments.fixture.base-url="http://127.0.0.1:$BACKEND_PORT/v1" \
  -Dadvisor.deployments.fixture.model=gpt-4o-mini \
  -jar quarkus-run.jar) &
APP=$!
${PORTKEY:-npx --yes @portkey-ai/gateway} >/dev/null 2>&1 &
PORTKEY_PID=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$APP_PORT/q/health/ready" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$APP_PORT/api/plan" -H 'Content-Type: application/json' \
  -d '{"deploymentIds": ["fixture"], "latencyTargetMs": 5000, "monthlyBudgetUsd": 100000}' >/dev/null
for _ in $(seq 100); do curl -s "http://127.0.0.1:$PORTKEY_PORT/" >/dev/null 2>&1 && break; sleep 0.2; done
curl -s "http://127.0.0.1:$PORTKEY_PORT/" >/dev/null 2>&1 || PORTKEY_PORT=

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("${JAVA:-java}" -version 2>&1 | head -1) ${APP_OPTS:-}"
SEQ=$(mktemp --suffix=.py)
cat > "$SEQ" <<'PY'
import http.client, json, statistics, sys, time
phase, backend, app, portkey, cold, warm = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
body = json.dumps({"model": "gpt-4o-mini", "max_tokens": 64, "messages": [{"role": "user", "content": "Hello"}]})
auto = body.replace('"gpt-4o-mini"', '"auto"')
targets = {"direct": (backend, "/v1/chat/completions", body, {}),
           "gateway": (app, "/v1/chat/completions", auto, {})}
if portkey:
    targets["portkey"] = (portkey, "/v1/chat/completions", body,
                          {"x-portkey-provider": "openai", "x-portkey-custom-host": f"http://127.0.0.1:{backend}/v1"})
conns = {k: http.client.HTTPConnection("127.0.0.1", int(v[0])) for k, v in targets.items()}
def call(k):
    port, path, b, extra = targets[k]
    h = {"Content-Type": "application/json", "Authorization": "Bearer sk-bench", **extra}
    t = time.perf_counter()
    conns[k].request("POST", path, b, h)
    r = conns[k].getresponse(); r.read()
    if r.status != 200:
        raise SystemExit(f"{k}: HTTP {r.status}")
    return (time.perf_counter() - t) * 1000
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]
# the first calls after start: each gateway call beside a direct one, in turn
if phase == "cold":
  firsts = {k: [] for k in targets}
  for _ in range(cold):
      for k in targets:
          firsts[k].append(call(k))
  d = statistics.median(firsts["direct"])
  for k in targets:
      if k != "direct":
          print(f"first {cold} calls {k:8s}: p50 {statistics.median(firsts[k]):.3f} ms, added p50 {statistics.median(firsts[k]) - d:+.3f} ms")
# warm, after every target had its load round: each target in turn, alternating call by call with
# the direct call, so that a noisy stretch hits both alike and no third server works between them
if phase in ("rehearse", "warm"):
  for k in targets:
      if k == "direct":
          continue
      lat, direct = [], []
      for i in range(warm):
          lat.append(call(k))
          direct.append(call("direct"))
      if phase == "warm":
          d50, d99 = pct(direct, 50), pct(direct, 99)
          print(f"warm {warm} sequential   {k:8s}: p50 {pct(lat, 50):.3f} p99 {pct(lat, 99):.3f} ms; "
                f"direct p50 {d50:.3f} p99 {d99:.3f} ms; added p50 {pct(lat, 50) - d50:+.3f} p99 {pct(lat, 99) - d99:+.3f} ms")
PY
sequential() { # phase calls
  python3 "$SEQ" "$1" "$BACKEND_PORT" "$APP_PORT" "$PORTKEY_PORT" "${CALLS_COLD:-300}" "$2"
}
sequential cold 0
LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
wrk.body = os.getenv("WRK_BODY")
LUA
BODY='{"model": "MODEL", "max_tokens": 64, "messages": [{"role": "user", "content": "Hello"}]}'
# an unmeasured round of load first (WRK_WARM_SECONDS, default 10; 0 skips it), for every target
# alike, before anything warm is measured: a server under 16 connections runs paths (pools, queues)
# that calls one at a time do not, and its compilers need the time
load() { # seconds url model [headers...]
  local seconds=$1 url=$2 model=$3; shift 3
  WRK_BODY=${BODY/MODEL/$model} wrk -t2 -c16 -d"${seconds}s" -s "$LUA" "$@" "$url"
}
throughput() { # name url model [headers...]
  local name=$1; shift
  load "${WRK_SECONDS:-15}" "$@" \
    | awk -v n="$name" '/Requests\/sec/ {rps=$2} /requests in/ {req=$1} /Non-2xx/ {bad=$NF} END {printf "wrk %-8s %8.0f requests/s, %s requests, %s non-2xx\n", n, rps, req, bad+0}'
}
DIRECT="http://127.0.0.1:$BACKEND_PORT/v1/chat/completions"
GATEWAY="http://127.0.0.1:$APP_PORT/v1/chat/completions"
PORTKEY_URL="http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions"
PK=(-H "x-portkey-provider: openai" -H "x-portkey-custom-host: http://127.0.0.1:$BACKEND_PORT/v1")
if [ "${WRK_WARM_SECONDS:-10}" -gt 0 ]; then
  load "${WRK_WARM_SECONDS:-10}" "$DIRECT" gpt-4o-mini >/dev/null
  load "${WRK_WARM_SECONDS:-10}" "$GATEWAY" auto >/dev/null
  if [ -n "$PORTKEY_PORT" ]; then load "${WRK_WARM_SECONDS:-10}" "$PORTKEY_URL" gpt-4o-mini "${PK[@]}" >/dev/null; fi
fi
# then REHEARSE_CALLS (default 20,000) of the sequential calls unmeasured, and a wait until the
# app's JIT compilers have compiled nothing new for 3 s (at most SETTLE_SECONDS, default 120): on
# 2 cores the top-tier compiler works through what the calls made hot on one of the two cores, and
# with 5,000 rehearsed calls it was still compiling large methods during the measured ones;
# Portkey gets the same calls and idles as long
sequential rehearse "${REHEARSE_CALLS:-20000}"
JSTAT=${JAVA:-java}
JSTAT=${JSTAT%java}jstat
SETTLED=-1 STILL=0 WAITED=0
while [ "$WAITED" -lt "${SETTLE_SECONDS:-120}" ] && [ "$STILL" -lt 3 ]; do
  N=$("$JSTAT" -compiler "$APP" | awk 'NR == 2 {print $1}')
  if [ "$N" = "$SETTLED" ]; then STILL=$((STILL + 1)); else STILL=0; fi
  SETTLED=$N WAITED=$((WAITED + 1))
  sleep 1
done
echo "the app's compilers: $SETTLED methods compiled, quiet after ${WAITED} s of waiting"
sequential warm "${WARM_CALLS:-5000}"
throughput direct "$DIRECT" gpt-4o-mini
BEFORE=$(curl -s "http://127.0.0.1:$APP_PORT/api/usage" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')
GW=$(throughput gateway "$GATEWAY" auto)
echo "$GW"
AFTER=$(curl -s "http://127.0.0.1:$APP_PORT/api/usage" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')
echo "ledger rows added during the gateway's wrk run: $((AFTER - BEFORE)) (wrk counts replies it saw complete; connections open at its end may add a few)"
if [ -n "$PORTKEY_PORT" ]; then
  throughput portkey "$PORTKEY_URL" gpt-4o-mini "${PK[@]}"
else
  echo "portkey: did not start (npm install @portkey-ai/gateway, or set PORTKEY)"
fi
