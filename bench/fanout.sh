#!/usr/bin/env bash
# Benchmark: change-to-receipt latency for N WebSocket watchers of one event on one node, under
# a steady stream of holds. Also reports the heap before and after the watchers connected.
#
#   bench/fanout.sh [subscribers] [holds-per-second] [seconds] [runs]
#
# Needs the machine's PostgreSQL and Redis. Builds the jar and the test classes, starts the
# server on port FANOUT_PORT (default 18282; give two copies different ports) against a fresh
# database, and prints one RESULT line per run.
# FANOUT_SERVER_OPTS: extra JVM options for the server (e.g. -XX:StartFlightRecording=...);
# the MEASURED line's from_ms and to_ms (wall clock) find the measured seconds in a server GC
# log written with -Xlog:gc:file=<path>:timemillis. FANOUT_SETTLE (default 1): the server
# collects its garbage once the watchers are connected (jcmd GC.run), as a node that has served
# its watchers a while has done, so the first young collection after the crowd of new
# connections, which copies them all (a flash crowd's one pause, 200-280 ms with Serial here),
# falls outside the measured seconds; FANOUT_SETTLE=0 measures wherever it falls (the rows in
# docs/BENCHMARKS.md before 2026-12-06 evening).
# FANOUT_JAR: the server's jar (default: the one this tree builds), to compare builds in one run.
# FANOUT_WARMUP: changes made at the same rate before measuring, not counted (default: 5 s of
# them; with only a few, the JIT compiler still took a quarter of the server's core while the
# changes were measured).
# Each run also prints its SLOWEST changes (by their last receipt), to show where the tail is.
# FANOUT_PIN (default 1 on a machine of two cores or more): the server runs on core 0 and the
# watchers' client on core 1 (taskset), so a figure means "one server core"; each run reports
# both processes' CPU seconds and the server's CPU microseconds per delivered change.
# The watchers are raw Netty on one event loop, each distinct message decoded once, so the
# client (ParallelGC, FANOUT_CLIENT_HEAP, default 3g) takes millions of deliveries a second
# on its core; RESULT ends with gaps (a frame that did not continue from its watcher's last
# seq: a lost delivery), the payload bytes per delivery, and the client's deliveries per CPU
# second; a WIRE line gives frames, compressed and uncompressed bytes, a CLIENT line the
# client's CPU seconds by thread (watchers' event loop, JIT, GC, hold generator), a HOLDS line
# how long the holds took to be answered (a change made late is not one delivered late).
# FANOUT_CLIENT_OPTS: extra JVM options for the client.
# FANOUT_DEFLATE=1: the watchers offer permessage-deflate (compressed frames are decoded once
# per distinct message; default 0, plain text frames).
# FANOUT_STALLED=k: k more watchers stop reading after their first snapshot (small receive
# buffer), unmeasured, to show they do not delay the others; at the end they read again
# and a STALLED line says how many got a fresh snapshot or a close frame within 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers="${1:-10000}"; rate="${2:-100}"; seconds="${3:-20}"; runs="${4:-3}"
export JAVA_HOME="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=bench/target; mkdir -p "$out"
./mvnw -q -B -ntp -Pbench -DskipTests package test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test
db="marquee_fanout_$$"; prefix="mqfan$$"; port="${FANOUT_PORT:-18282}"
psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $db" >/dev/null
# a socket per watcher: 65536 descriptors, or as many as the hard limit allows
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
server_pin=(); client_pin=()
if [ "${FANOUT_PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}" = 1 ]; then
  server_pin=(taskset -c 0); client_pin=(taskset -c 1)
fi
# shellcheck disable=SC2086 # FANOUT_SERVER_OPTS: extra JVM options, e.g. a flight recording
"${server_pin[@]}" "$JAVA_HOME/bin/java" -Xms2g -Xmx2g ${FANOUT_SERVER_OPTS:-} -jar "${FANOUT_JAR:-target/marquee-0.1.0-SNAPSHOT.jar}" --server.port=$port \
  --spring.rsocket.server.port=0 --spring.profiles.active=demo --marquee.demo.seed=false \
  --marquee.hold.key-prefix=$prefix --marquee.rate-limit.enabled=false --spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/$db \
  --logging.level.root=WARN >"$out/fanout-server.log" 2>&1 &
server=$!
cleanup() {
  # the harness's main class must not linger among the test classes (spring-boot:test-run wants one main)
  rm -rf target/test-classes/dev/marquee/bench
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)" >/dev/null || true
  redis-cli --scan --pattern "$prefix:*" | xargs -r -n 1000 redis-cli del >/dev/null || true
}
trap cleanup EXIT
# ready: after its own warm-up (marquee.warm-up.*, up to 2 minutes)
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
# CPU seconds the server has used so far (user + system), from /proc
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$server/stat"; }
# of which in the kernel (system time): on loopback a write also pays for the receiver's TCP
server_sys() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", $15 / hz}' "/proc/$server/stat"; }
for r in $(seq 1 "$runs"); do
  cpu_before=$(server_cpu); sys_before=$(server_sys)
  # shellcheck disable=SC2086 # FANOUT_CLIENT_OPTS: extra JVM options, split on spaces
  "${client_pin[@]}" "$JAVA_HOME/bin/java" -Xms"${FANOUT_CLIENT_HEAP:-3g}" -Xmx"${FANOUT_CLIENT_HEAP:-3g}" -XX:+UseParallelGC ${FANOUT_CLIENT_OPTS:-} \
    -Dfanout.deflate="${FANOUT_DEFLATE:-0}" -Dfanout.settle="${FANOUT_SETTLE:-1}" -Dfanout.stalled="${FANOUT_STALLED:-0}" -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" \
    dev.marquee.bench.FanOutBenchmark "http://127.0.0.1:$port" "$subscribers" "$rate" "$seconds" "${FANOUT_WARMUP:-$((rate * 5))}" "$server" 2>/dev/null \
    | grep -E "RESULT|SLOWEST|connected|MEASURED|WIRE|CLIENT|HOLDS|STALLED|LOST|SETTLED" | sed "s/^/run $r: /" | tee "$out/fanout-run.txt"
  # the server's CPU over the measured changes only, from the client's marks
  measured=$(sed -nE 's/.*MEASURED server_cpu_s=([0-9.]+) client_cpu_s=[0-9.]+ delivered=([0-9]+).*/\1 \2/p' "$out/fanout-run.txt")
  echo "run $r: SERVER cpu_s=$(awk -v a="$cpu_before" -v b="$(server_cpu)" 'BEGIN { printf "%.1f", b - a }') sys_s=$(awk -v a="$sys_before" -v b="$(server_sys)" 'BEGIN { printf "%.1f", b - a }') (connecting the watchers, the warm-up and the measured changes)${measured:+; over the measured changes: $(awk -v m="$measured" 'BEGIN { split(m, x, " "); printf "%.1f us per delivery", x[1] * 1e6 / (x[2] > 0 ? x[2] : 1) }')}"
done
