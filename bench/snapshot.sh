#!/usr/bin/env bash
# Benchmark: a big event's snapshot on the seat-stream WebSocket, plain and compressed: its size
# on the wire, the time from connecting to the whole snapshot read, and the server's CPU per
# connection (handshake and snapshot), connections one after another.
#
#   bench/snapshot.sh [seats] [connections]
#
# Needs the machine's PostgreSQL and Redis. Builds the jar and the test classes, starts the
# server on port 18484 against a fresh database (pinned to core 0, the client to core 1 on a
# machine of two cores or more), and prints one RESULT line per round (plain, deflate, twice).
set -euo pipefail
cd "$(dirname "$0")/.."
seats="${1:-100000}"; connections="${2:-500}"
export JAVA_HOME="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=bench/target; mkdir -p "$out"
./mvnw -q -B -ntp -Pbench -Dfrontend.skip -DskipTests package test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test
db="marquee_snapshot_$$"; prefix="mqsnap$$"; port=18484
psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $db" >/dev/null
server_pin=(); client_pin=()
if [ "$(nproc)" -ge 2 ]; then server_pin=(taskset -c 0); client_pin=(taskset -c 1); fi
"${server_pin[@]}" "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -jar target/marquee-0.1.0-SNAPSHOT.jar --server.port=$port \
  --spring.rsocket.server.port=0 --spring.profiles.active=demo --marquee.demo.seed=false \
  --marquee.hold.key-prefix=$prefix --marquee.rate-limit.enabled=false --spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/$db \
  --logging.level.root=WARN >"$out/snapshot-server.log" 2>&1 &
server=$!
cleanup() {
  rm -rf target/test-classes/dev/marquee/bench
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)" >/dev/null || true
  redis-cli --scan --pattern "$prefix:*" | xargs -r -n 1000 redis-cli del >/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
"${client_pin[@]}" "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" \
  dev.marquee.bench.SnapshotBenchmark "http://127.0.0.1:$port" "$seats" "$connections" "$server" 2>/dev/null | grep RESULT
