#!/usr/bin/env bash
# Optional step of a server install of the jar: record a class cache so the service starts faster.
# Usage: build-aot-cache.sh /opt/llm-advisor/quarkus-app [java]
#   JDK 25+: writes app.aot  -> start with  java -XX:AOTCache=app.aot -jar quarkus-run.jar
#   JDK 17-24: writes app.jsa -> start with java -XX:SharedArchiveFile=app.jsa -jar quarkus-run.jar
# The cache only works with the JDK that wrote it and the class path it saw: start the service from
# the same folder with "-jar quarkus-run.jar" (a JDK 17 archive is ignored, silently, when the jar
# is named by another path). Rebuild it after a JDK or app upgrade.
set -euo pipefail
APP_DIR=${1:?path to quarkus-app}
JAVA=${2:-java}
PORT=${AOT_TRAINING_PORT:-18999}
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
cd "$APP_DIR"
FEATURE=$("$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -c AOTCacheOutput || true)
if [ "$FEATURE" -gt 0 ]; then OUT=(-XX:AOTCacheOutput=app.aot); else OUT=(-XX:ArchiveClassesAtExit=app.jsa); fi
ADVISOR_DATA_DIR="$DATA" "$JAVA" "${OUT[@]}" -Dquarkus.http.port="$PORT" -jar quarkus-run.jar >/dev/null 2>&1 &
PID=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.1; done
# exercise the common paths so their classes (and, on JDK 25, their method profiles) are in the
# cache; the chat path itself already ran at start, through the app's warm-up over loopback
curl -sf "http://127.0.0.1:$PORT/api/estimate" -H 'Content-Type: application/json' -d '{"model":"llama-2-7b","hardware":"rtx-4090"}' >/dev/null
curl -sf "http://127.0.0.1:$PORT/api/catalog/models" >/dev/null
# the /v1 door: a deployment-less training app answers 503 after reading, checking and mapping
for _ in $(seq "${AOT_TRAINING_CALLS:-200}"); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/v1/chat/completions" -H 'Content-Type: application/json' \
    -d '{"model":"auto","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}'
done
curl -s -o /dev/null "http://127.0.0.1:$PORT/v1/models"
kill "$PID"; wait "$PID" 2>/dev/null || true
ls -l app.aot app.jsa 2>/dev/null || true
