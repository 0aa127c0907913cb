#!/usr/bin/env bash
# Benchmark: the waiting room.
#
#   bench/queue.sh joins [runs] [seconds] [connections]
#       joins per second and latency over HTTP (wrk, bench/joins.lua): every request is a new
#       buyer, so every join creates a ticket; a fresh queue-protected event for every wrk run
#       (warm-ups included). Side by side with redis-benchmark doing raw INCR on the same Redis.
#   bench/queue.sh watchers [watchers] [admitPerMinute] [steps] [runs] [sourceAddresses]
#       step-to-watcher latency (bench/java/dev/marquee/bench/QueueWatchBenchmark.java): N buyers
#       join one event, each watches its ticket over WebSocket, and every message of the next
#       [steps] admitter steps is timed against the step's time in Redis; a fresh event per run.
#       sourceAddresses > 1 binds the client sockets to 127.0.0.2, 127.0.0.3, ... (beyond ~60k).
#
# Needs the machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379), wrk and
# redis-benchmark. Builds the jar (and, for watchers, the bench classes with -Pbench), starts it
# on port 18383 in the demo profile with rate limits off against a fresh database and its own
# Redis key prefix, prints one RESULT line per run plus the medians, and drops both on exit.
# Server heap: MARQUEE_BENCH_HEAP (default 1g for joins, 2g for watchers).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"; shift || true
export JAVA_HOME="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=bench/target; mkdir -p "$out"
case "$mode" in
  joins)
    runs="${1:-5}"; seconds="${2:-10}"; connections="${3:-64}"; threads=2; heap="${MARQUEE_BENCH_HEAP:-1g}"
    command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
    ./mvnw -q -B -ntp -DskipTests package ;;
  watchers)
    watchers="${1:-10000}"; rate="${2:-600}"; steps="${3:-10}"; runs="${4:-3}"; sources="${5:-1}"
    heap="${MARQUEE_BENCH_HEAP:-2g}"
    ./mvnw -q -B -ntp -Pbench -DskipTests package test-compile dependency:build-classpath \
      -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test ;;
  *) echo "usage: $0 joins [runs] [seconds] [connections] | watchers [watchers] [admitPerMinute] [steps] [runs] [sourceAddresses]" >&2
     exit 2 ;;
esac
# one socket is one file descriptor, on the server and in the client alike: take all we may
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
db="marquee_queue_$$"; prefix="mqq$$"; port=18383
psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $db" >/dev/null
"$JAVA_HOME/bin/java" -Xms$heap -Xmx$heap -jar target/marquee-0.1.0-SNAPSHOT.jar --server.port=$port \
  --spring.rsocket.server.port=0 --spring.profiles.active=demo --marquee.demo.seed=false \
  --marquee.hold.key-prefix=$prefix --marquee.rate-limit.enabled=false \
  --spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/$db --logging.level.root=WARN \
  >"$out/queue-server.log" 2>&1 &
server=$!
cleanup() {
  # the harness's main class must not linger among the test classes (spring-boot:test-run wants one main)
  rm -rf target/test-classes/dev/marquee/bench
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)" >/dev/null || true
  redis-cli --scan --pattern "$prefix:*" | xargs -r -n 1000 redis-cli unlink >/dev/null || true
}
trap cleanup EXIT
base="http://127.0.0.1:$port/api/v1"
for _ in $(seq 1 60); do curl -fs "$base/events" >/dev/null 2>&1 && break; sleep 1; done
echo "server pid $server, open files limit $(ulimit -n), java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"

# CPU taken during a run by everything but this benchmark (the server, its clients, Redis), in %
# of one core: the box is shared, and a busy neighbour shows up here rather than as a slow server.
cpu_mark() { # pid of the shell that waits for the clients
  echo "$(date +%s.%N) $(awk '/^cpu /{print $2+$3+$4}' /proc/stat) $(awk '{print $14+$15}' /proc/$server/stat)" \
    "$(awk '{print $16+$17}' /proc/$1/stat) $(cat $(pgrep -x redis-server | sed 's|.*|/proc/&/stat|') | awk '{s+=$14+$15} END{print s+0}')"
}
other_cpu() { # mark from cpu_mark, pid of the shell that waits for the clients
  python3 -c "
import sys; a, b = [list(map(float, m.split())) for m in sys.argv[1:3]]
d = [y - x for x, y in zip(a, b)]
print('other_cpu_pct=%.0f' % max(0, (d[1] - d[2] - d[3] - d[4]) / d[0]))" "$1" "$(cpu_mark "$2")"
}
# before each counted run, wait (up to 10 minutes) until the neighbours use under 15% of a core
wait_quiet() {
  local mark quiet
  for _ in $(seq 1 200); do
    mark=$(cpu_mark $BASHPID); sleep 3; quiet=$(other_cpu "$mark" $BASHPID)
    [ "${quiet#*=}" -lt 15 ] && return 0
  done
  echo "(the box stayed busy: $quiet)"
}
medians() { # file, keys...
  python3 - "$@" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=([\d.]+)', l)) for l in open(sys.argv[1]) if l.startswith('RESULT')]
print("MEDIAN of %d: " % len(rows) + " ".join(
    "%s=%g" % (k, statistics.median(float(r[k]) for r in rows)) for k in sys.argv[2:]))
PY
}

if [ "$mode" = watchers ]; then
  if [ "$sources" -gt 1 ]; then sysctl -qw net.ipv4.ip_local_port_range="1024 65535" || true; fi
  watch() { # watchers admitPerMinute steps sources
    "$JAVA_HOME/bin/java" -Xms2g -Xmx2g -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" \
      dev.marquee.bench.QueueWatchBenchmark "http://127.0.0.1:$port" "$prefix" "$server" "$@" 2>"$out/queue-watch.err"
  }
  echo "warm-up (not counted): $(watch 2000 "$rate" 5 1 | grep RESULT)"
  : >"$out/watchers.txt"
  for r in $(seq 1 "$runs"); do
    wait_quiet; mark=$(cpu_mark $$)
    watch "$watchers" "$rate" "$steps" "$sources" >"$out/watch-run.txt"
    echo "$(cat "$out/watch-run.txt") $(other_cpu "$mark" $$)" | sed "s/^/run $r: /" | tee -a "$out/watchers.txt"
  done
  sed 's/^run [0-9]*: //' "$out/watchers.txt" >"$out/watchers.result"
  medians "$out/watchers.result" connected delivered p50_ms p90_ms p99_ms max_ms heap_before_mb heap_connected_mb rss_connected_mb
  exit 0
fi

# joins
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
admin=$(curl -fs -X POST "$base/dev/token" -H 'content-type: application/json' \
  -d '{"userId":"bench-admin","roles":["ADMIN"]}' | json '["token"]')
venue=$(curl -fs -X POST "$base/venues" -H "authorization: Bearer $admin" -H 'content-type: application/json' \
  -d '{"name":"Queue Hall","city":"Here","sections":[{"code":"F","name":"Floor","priceTier":"std","rows":[{"label":"R1","seats":10}]}]}' \
  | json '["venueId"]')
# 300,000 buyers, one join each per event. Signed here with the demo profile's key (an HS256 JWT
# is three base64url parts) rather than 300,000 calls to the mint.
python3 - "$out/join-tokens.txt" <<'PY'
import base64, hashlib, hmac, json, sys, time
secret = b"marquee-demo-secret-do-not-use-in-production"
b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=")
header = b64(json.dumps({"alg": "HS256"}).encode())
now = int(time.time())
with open(sys.argv[1], "w") as out:
    for i in range(1, 300001):
        claims = b64(json.dumps({"sub": f"joiner-{i}", "roles": [], "iat": now, "exp": now + 7200}).encode())
        signing_input = header + b"." + claims
        signature = b64(hmac.new(secret, signing_input, hashlib.sha256).digest())
        out.write((signing_input + b"." + signature).decode() + "\n")
PY
new_event() {
  now=$(date -u +%s)
  curl -fs -X POST "$base/events" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d "{
    \"venueId\":\"$venue\",\"name\":\"Queue bench\",\"startsAt\":\"$(date -u -d @$((now+86400)) +%FT%TZ)\",
    \"onSaleAt\":\"$(date -u -d @$((now-60)) +%FT%TZ)\",
    \"prices\":{\"std\":{\"amountMinor\":5000,\"currency\":\"EUR\"}},
    \"queue\":{\"enabled\":true,\"admitPerMinute\":6000}}" | json '["eventId"]'
}
run_wrk() {
  local event mark me=$BASHPID; event=$(new_event); mark=$(cpu_mark "$me")
  echo "$(BENCH_EVENT=$event BENCH_TOKENS="$out/join-tokens.txt" BENCH_THREADS=$threads \
    wrk -t$threads -c"$connections" -d"$1"s -s bench/joins.lua "http://127.0.0.1:$port" | grep RESULT) $(other_cpu "$mark" "$me")"
}
# the JIT needs about a minute of this load to reach steady state on 2 cores
for w in 1 2 3 4; do echo "warm-up $w (not counted): $(run_wrk 20)"; done
: >"$out/joins.txt"
for r in $(seq 1 "$runs"); do
  wait_quiet; line=$(run_wrk "$seconds"); echo "run $r: $line"; echo "$line" >>"$out/joins.txt"
done
: >"$out/redis-incr.txt"
for r in $(seq 1 "$runs"); do
  rps=$(redis-benchmark -h 127.0.0.1 -p 6379 -c 50 -n 300000 -q INCR "$prefix:raw:counter" \
    | grep -oE '[0-9.]+ requests per second' | cut -d' ' -f1)
  echo "redis-benchmark INCR run $r: $rps/s"; echo "$rps" >>"$out/redis-incr.txt"
done
python3 - "$out/joins.txt" "$out/redis-incr.txt" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=([\d.]+)', l)) for l in open(sys.argv[1])]
med = lambda k: statistics.median(float(r[k]) for r in rows)
redis = statistics.median(float(l) for l in open(sys.argv[2]) if l.strip())
print(f"MEDIAN joins/s={med('joins_per_sec'):.0f} p50={med('p50_ms'):.2f}ms p90={med('p90_ms'):.2f}ms "
      f"p99={med('p99_ms'):.2f}ms errors={med('errors'):.0f} existing={med('existing'):.0f} | redis INCR/s={redis:.0f} "
      f"| ratio={med('joins_per_sec')/redis:.3f}")
PY
