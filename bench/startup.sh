#!/usr/bin/env bash
# Start-up to ready and resident memory of the packaged jar, plain and with the class cache that
# deploy/systemd/build-aot-cache.sh records (AppCDS archive on JDK 17-24, AOT cache on JDK 25+).
# Usage: bench/startup.sh [java]   RUNS (default 5) starts of each, a fresh data folder each time.
# Needs: ./mvnw -q package -DskipTests. Time to ready = process launch until /q/health/ready is 200.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${1:-java}
RUNS=${RUNS:-5}
PORT=${PORT:-18085}
WORK=$(mktemp -d)
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp -r app/target/quarkus-app "$WORK/app"

# one start: prints "<ms to ready> <RSS MiB>"
start_once() {
  local data
  data=$(mktemp -d -p "$WORK")
  local t0
  t0=$(date +%s%N)
  # started from its folder as "-jar quarkus-run.jar": an AppCDS archive only applies to the
  # class path it was recorded with, and build-aot-cache.sh records it that way
  (cd "$WORK/app" && exec env ADVISOR_DATA_DIR="$data" "$JAVA" "$@" -Dquarkus.http.port="$PORT" \
    -Dquarkus.log.level=WARN -jar quarkus-run.jar >"$data/log" 2>&1) &
  PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; do
    if ! kill -0 "$PID" 2>/dev/null; then
      cat "$data/log" >&2
      exit 1
    fi
    sleep 0.005
  done
  local t1
  t1=$(date +%s%N)
  local rss
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$PID/status")
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  echo "$(((t1 - t0) / 1000000)) $rss"
}

# median of RUNS starts
measure() {
  local label=$1
  shift
  start_once "$@" >/dev/null # the first start after a build also warms the OS file cache
  for _ in $(seq "$RUNS"); do start_once "$@"; done |
    sort -n | awk -v label="$label" -v runs="$RUNS" '
      { ms[NR] = $1; rss[NR] = $2 }
      END { m = int((NR + 1) / 2); printf "%-28s median of %d: %5d ms to ready, RSS %d MiB (fastest %d ms)\n", label, runs, ms[m], rss[m], ms[1] }'
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)"
measure "jar"
AOT_TRAINING_PORT=$((PORT + 1)) bash deploy/systemd/build-aot-cache.sh "$WORK/app" "$JAVA" >/dev/null
if [ -f "$WORK/app/app.aot" ]; then
  measure "jar + AOT cache" -XX:AOTCache=app.aot
else
  measure "jar + AppCDS archive" -XX:SharedArchiveFile=app.jsa
fi
