#!/usr/bin/env bash
# The ladder: what one server core answers per second, rung by rung, in one run with one load
# generator, each rung as a ratio to the first (a bare Reactor Netty hello-world), so that a
# figure from this host compares with nothing but the other rungs of the same run.
#
#   bench/ladder.sh [rounds] [seconds] [connections]
#
# Rungs: hello (bench/ladder/HelloNetty.java, the Reactor Netty of Marquee's own jar, no
# Spring), liveness, a cached read (one event), a 100,000-seat availability snapshot, a
# single-seat hold, a hold then its purchase, a queue join, and the seed design's single-seat
# hold (its folder from LADDER_SEED, built into bench/target). Every server runs on core
# 0 and wrk on core 1 (taskset); the servers are started together, warmed up rung by rung,
# then the rungs run in turn, round after round (A B C A B C), and the medians are printed
# with each server's CPU microseconds per request (from /proc/<pid>/stat), and the share of a
# core that the load generator (wrk), Redis and PostgreSQL (all their processes) took meanwhile:
# those three share the other core, so a rung whose server stays under 100 % while they add up
# to one core is bounded by that core, not by the server.
#
# Needs the machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379), wrk and taskset.
# LADDER_RUNGS: the rungs to run (default: all). LADDER_WARMUP: seconds of warm-up per rung (60). LADDER_SERVER_OPTS: extra JVM options for
# Marquee (e.g. -XX:StartFlightRecording=...). LADDER_SEED: the seed design's folder (the
# seed-pessimistic peer server the project is measured against); without it that rung is left out.
# LADDER_JAR: the Marquee jar to measure (default: this tree's, built when older than it), so
# that two builds can be measured one after the other.
# LADDER_B_JAR / LADDER_B_OPTS: a second Marquee, another build (default: the same jar) and/or
# other JVM options, started beside the first on the server core and measured by the rungs
# named with -b (hold-b, purchase-b, ...), each right after or before the first's in every round:
# two builds compared seconds apart, where two runs of the ladder differ by the host's hour.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; seconds="${2:-10}"; connections="${3:-64}"; threads=2
export JAVA_HOME="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
rungs="${LADDER_RUNGS:-hello liveness read snapshot hold purchase join seed-hold}"
seed_src="${LADDER_SEED:-}"
if [[ " $rungs " == *" seed-hold "* ]] && [ ! -f "$seed_src/pom.xml" ]; then
  echo "LADDER_SEED does not name the seed design's folder: the seed-hold rung is left out" >&2
  rungs=$(sed 's/ *seed-hold//' <<<"$rungs")
fi
server_core=0; load_core=1
out="${LADDER_OUT:-bench/target/ladder}"; rm -rf "$out"; mkdir -p "$out"
jar="${LADDER_JAR:-target/marquee-0.1.0-SNAPSHOT.jar}"
if [ -z "${LADDER_JAR:-}" ] && { [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -type f -print -quit)" ]; }; then
  echo "building $jar"; ./mvnw -q -B -ntp -DskipTests -Dfrontend.skip package
fi
cp "$jar" "$out/marquee.jar"
# the hello-world runs on the very jars Marquee ships with
unzip -q -o "$out/marquee.jar" 'BOOT-INF/lib/*' -d "$out/jar"

free_port() { python3 .ci/free-port; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# every PostgreSQL and Redis server process's CPU ticks, summed (the services the rungs share)
service_ticks() {
  local pids; pids=$(pgrep -d ' ' -x "$1" || true)
  [ -z "$pids" ] && { echo 0; return; }
  # shellcheck disable=SC2086 # one path per process
  (cd /proc && cat $(printf '%s/stat ' $pids) 2>/dev/null) | awk '{t += $14 + $15} END {print t + 0}'
}
await_http() {
  for _ in $(seq 1 300); do curl -fs -m 5 "$1" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "no answer from $1" >&2; return 1
}

pids=(); dbs=(); prefix="mqladder$$"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for db in "${dbs[@]}"; do
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)" >/dev/null || true
  done
  for pattern in "$prefix:*" "${prefix}b:*" "seedpeer:*"; do
    redis-cli --scan --pattern "$pattern" | xargs -r -n 1000 redis-cli unlink >/dev/null || true
  done
}
trap cleanup EXIT

# --- the servers, all on the server core ------------------------------------------------------
hello_port=$(free_port)
taskset -c $server_core "$JAVA_HOME/bin/java" -Xms256m -Xmx256m -cp "$out/jar/BOOT-INF/lib/*" \
  bench/ladder/HelloNetty.java "$hello_port" >"$out/hello.log" 2>&1 &
hello_pid=$!; pids+=("$hello_pid")

# start_marquee <jar> <database> <key prefix> <port> <JVM options> <log>: one Marquee on the
# server core, its pid in $started
start_marquee() {
  dbs+=("$2")
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $2" >/dev/null
  # shellcheck disable=SC2086 # extra JVM options
  taskset -c $server_core "$JAVA_HOME/bin/java" -Xms1g -Xmx1g $5 -jar "$1" \
    --server.port="$4" --spring.rsocket.server.port=0 --spring.profiles.active=demo \
    --marquee.demo.seed=false --marquee.hold.key-prefix="$3" --marquee.rate-limit.enabled=false \
    --spring.r2dbc.url="r2dbc:postgresql://127.0.0.1:5432/$2" --logging.level.root=WARN \
    >"$6" 2>&1 &
  started=$!; pids+=("$started")
}
port=$(free_port)
start_marquee "$out/marquee.jar" "marquee_ladder_$$" "$prefix" "$port" "${LADDER_SERVER_OPTS:-}" "$out/marquee.log"
marquee_pid=$started
b_pid=""
if [[ " $rungs " == *-b\ * ]]; then
  cp "${LADDER_B_JAR:-$jar}" "$out/marquee-b.jar"
  b_port=$(free_port)
  start_marquee "$out/marquee-b.jar" "marquee_ladder_b_$$" "${prefix}b" "$b_port" "${LADDER_B_OPTS:-}" "$out/marquee-b.log"
  b_pid=$started
fi

seed_pid=""
if [[ " $rungs " == *" seed-hold "* ]]; then
  if ! ls bench/target/seed-peer/target/*.jar >/dev/null 2>&1 \
    || [ -n "$(find "$seed_src/src" "$seed_src/pom.xml" -newer bench/target/seed-peer/pom.xml -type f -print -quit)" ]; then
    rm -rf bench/target/seed-peer; mkdir -p bench/target; cp -r "$seed_src" bench/target/seed-peer
    ./mvnw -q -B -ntp -f bench/target/seed-peer/pom.xml -DskipTests package
  fi
  seed_db="seedpeer_ladder_$$"; dbs+=("$seed_db")
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $seed_db" >/dev/null
  seed_port=$(free_port)
  taskset -c $server_core "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -jar "$(ls bench/target/seed-peer/target/*.jar | head -n 1)" \
    --server.port="$seed_port" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$seed_db?reWriteBatchedInserts=true" \
    --logging.level.root=WARN >"$out/seed.log" 2>&1 &
  seed_pid=$!; pids+=("$seed_pid")
fi

await_http "http://127.0.0.1:$hello_port/"
# ready: after its own warm-up (marquee.warm-up.*)
await_http "http://127.0.0.1:$port/actuator/health/readiness"
[ -z "$b_pid" ] || await_http "http://127.0.0.1:$b_port/actuator/health/readiness"

# --- what the rungs need ----------------------------------------------------------------------
rows=100; per_row=1000  # 100,000 seats
venue_json=$(python3 -c "
import json; print(json.dumps({'name':'Ladder Stadium','city':'Here','sections':[{'code':'BOWL','name':'Bowl','priceTier':'std','rows':[{'label':'R%d'%r,'seats':$per_row} for r in range(1,$rows+1)]}]}))")
# Marquee's hold and purchase rungs sell a venue of their own, as large as a venue may be: on a
# fast hour a run of 10 s places over 100,000 holds, and every request must stay a winnable one
hold_rows=200
hold_venue_json=$(python3 -c "
import json; print(json.dumps({'name':'Ladder Arena','city':'Here','sections':[{'code':'BOWL','name':'Bowl','priceTier':'std','rows':[{'label':'R%d'%r,'seats':$per_row} for r in range(1,$hold_rows+1)]}]}))")
new_event() {  # new_event <base> <admin token> <venue> [extra json]
  local now; now=$(date -u +%s)
  curl -fs -X POST "$1/events" -H "authorization: Bearer $2" -H 'content-type: application/json' -d "{
    \"venueId\":\"$3\",\"name\":\"Ladder\",\"startsAt\":\"$(date -u -d @$((now+86400)) +%FT%TZ)\",
    \"onSaleAt\":\"$(date -u -d @$((now-60)) +%FT%TZ)\",\"maxTicketsPerUser\":100,
    \"prices\":{\"std\":{\"amountMinor\":5000,\"currency\":\"EUR\"}}${4:-}}" | json '["eventId"]'
}
# prepare_marquee <port>: its admin token, the two venues and the event the reads read, as
# "base admin venue hold_venue read_event"
prepare_marquee() {
  local base="http://127.0.0.1:$1/api/v1" admin venue hold_venue
  admin=$(curl -fs -X POST "$base/dev/token" -H 'content-type: application/json' \
    -d '{"userId":"ladder-admin","roles":["ADMIN"]}' | json '["token"]')
  venue=$(curl -fs -X POST "$base/venues" -H "authorization: Bearer $admin" -H 'content-type: application/json' \
    -d "$venue_json" | json '["venueId"]')
  hold_venue=$(curl -fs -X POST "$base/venues" -H "authorization: Bearer $admin" \
    -H 'content-type: application/json' -d "$hold_venue_json" | json '["venueId"]')
  echo "$base $admin $venue $hold_venue $(new_event "$base" "$admin" "$venue")"
}
read -r base admin venue hold_venue read_event <<<"$(prepare_marquee "$port")"
[ -z "$b_pid" ] || read -r b_base b_admin b_venue b_hold_venue b_read_event <<<"$(prepare_marquee "$b_port")"
# buyers signed with the demo profile's key: 250,000 for the joins, since a join rung of 10 s on
# a fast hour makes 200,000 joins, each to be a new buyer (one joining again is answered from
# the queue as it is); the first 50,000 of them for the holds and purchases, whose buyers have
# joined or looked before and so are known to the node's cache of verified tokens (100,000), as
# in a sale
python3 bench/sign-tokens.py "$out" ladder 250000 join-tokens.txt
head -n 50000 "$out/join-tokens.txt" >"$out/tokens.txt"
if [ -n "$seed_pid" ]; then
  await_http "http://127.0.0.1:$seed_port/api/v1/events"
  seed_base="http://127.0.0.1:$seed_port/api/v1"
  seed_admin=$(curl -fs -X POST "$seed_base/dev/token" -H 'content-type: application/json' \
    -d '{"userId":"ladder-admin","roles":["ADMIN"]}' | json '["token"]')
  seed_venue=$(curl -fs -X POST "$seed_base/venues" -H "authorization: Bearer $seed_admin" \
    -H 'content-type: application/json' -d "$venue_json" | json '["venueId"]')
  # the seed's dev tokens are base64url("userId\nROLES"), unsigned
  python3 - "$out/seed-tokens.txt" <<'PY'
import base64, sys
with open(sys.argv[1], "w") as out:
    for i in range(1, 2001):
        out.write(base64.urlsafe_b64encode(f"ladder-{i}\n".encode()).rstrip(b"=").decode() + "\n")
PY
fi

# run_rung <rung> <seconds>: one wrk run of the rung; prints its RESULT line with the server's
# CPU time per request appended
run_rung() {
  local rung=$1 secs=$2 url pid mode="get" path="/" event="" tokens="$out/tokens.txt" seat_rows=$rows
  # a -b rung: the same rung, on the second Marquee
  local port=$port marquee_pid=$marquee_pid base=$base admin=$admin venue=$venue hold_venue=$hold_venue \
    read_event=$read_event
  if [[ $rung == *-b ]]; then
    rung=${rung%-b}; port=$b_port; marquee_pid=$b_pid; base=$b_base; admin=$b_admin; venue=$b_venue
    hold_venue=$b_hold_venue; read_event=$b_read_event
  fi
  case $rung in
    hello) url="http://127.0.0.1:$hello_port"; pid=$hello_pid ;;
    liveness) url="http://127.0.0.1:$port"; pid=$marquee_pid; path=/actuator/health/liveness ;;
    read) url="http://127.0.0.1:$port"; pid=$marquee_pid; path="/api/v1/events/$read_event" ;;
    snapshot) url="http://127.0.0.1:$port"; pid=$marquee_pid; path="/api/v1/events/$read_event/availability" ;;
    hold) url="http://127.0.0.1:$port"; pid=$marquee_pid; mode=hold; seat_rows=$hold_rows
      event=$(new_event "$base" "$admin" "$hold_venue") ;;
    purchase) url="http://127.0.0.1:$port"; pid=$marquee_pid; mode=purchase; seat_rows=$hold_rows
      event=$(new_event "$base" "$admin" "$hold_venue") ;;
    join) url="http://127.0.0.1:$port"; pid=$marquee_pid; mode=join; tokens="$out/join-tokens.txt"
      event=$(new_event "$base" "$admin" "$venue" ',"queue":{"enabled":true,"admitPerMinute":6000}') ;;
    seed-hold) url="http://127.0.0.1:$seed_port"; pid=$seed_pid; mode=hold; tokens="$out/seed-tokens.txt"
      event=$(new_event "$seed_base" "$seed_admin" "$seed_venue") ;;
    *) echo "unknown rung $rung" >&2; return 1 ;;
  esac
  [ -z "$event" ] || echo "$event" >>"$out/events.txt"
  local before after line redis_before pg_before
  before=$(cpu_ticks "$pid"); redis_before=$(service_ticks redis-server); pg_before=$(service_ticks postgres)
  # the load generator's own CPU: its subshell's children times, from `times`
  line=$( (LADDER_RUNG=$mode LADDER_PATH=$path BENCH_EVENT=$event BENCH_ROWS=$seat_rows BENCH_SEATS_PER_ROW=$per_row \
    BENCH_TOKENS=$tokens BENCH_THREADS=$threads \
    taskset -c $load_core wrk -t$threads -c"$connections" -d"${secs}s" -s bench/ladder/rung.lua "$url" | grep RESULT
    times >"$out/times.txt"  # (in a pipeline it would run in a subshell of its own, with no children)
    tail -n 1 "$out/times.txt" | awk '{ split($1, u, "m"); split($2, s, "m"); printf "LOAD %.2f\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] }') )
  after=$(cpu_ticks "$pid")
  local redis_pct pg_pct load_pct ticks_per_sec; ticks_per_sec=$(getconf CLK_TCK)
  redis_pct=$(( ($(service_ticks redis-server) - redis_before) * 100 / ticks_per_sec / secs ))
  pg_pct=$(( ($(service_ticks postgres) - pg_before) * 100 / ticks_per_sec / secs ))
  load_pct=$(awk -v s="$secs" '/^LOAD/ {printf "%d", $2 * 100 / s}' <<<"$line")
  line=$(grep RESULT <<<"$line")
  local requests; requests=$(sed -E 's/.* requests=([0-9]+).*/\1/' <<<"$line")
  echo "$line cpu_us_per_request=$(( (after - before) * 1000000 / ticks_per_sec / (requests > 0 ? requests : 1) )) server_cpu_pct=$(( (after - before) * 100 / ticks_per_sec / secs )) load_cpu_pct=$load_pct redis_cpu_pct=$redis_pct pg_cpu_pct=$pg_pct"
}

# on one core the JIT compiles for minutes (its threads share the core with the server): every
# rung gets a minute of its own first
# forget_runs: the holds, joins and sales of the runs so far out of Redis (their keys name their
# event, and every hold has a ref), so that every run meets a Redis of the same size, not one
# grown by the runs before it by hundreds of thousands of holds: a Redis that grows rehashes its
# key table and takes fresh pages, and its CPU a hold rose by half
forget_runs() {
  [ -s "$out/events.txt" ] || return 0
  redis-cli --scan --pattern "${prefix}*" | grep -F -e ":holdref:" -f "$out/events.txt" \
    | xargs -r -n 1000 redis-cli unlink >/dev/null || true
  : >"$out/events.txt"
}
# in runs of at most 10 s, each on an event of its own as the measured runs are: one long run would
# sell out its venue (or join every buyer) within seconds and warm up the refusals' code instead
for rung in $rungs; do
  left=${LADDER_WARMUP:-60}
  while [ "$left" -gt 0 ]; do
    chunk=$(( left < 10 ? left : 10 )); line=$(run_rung "$rung" "$chunk"); left=$(( left - chunk ))
  done
  echo "warm-up $rung, its last 10 s (not counted): $line"
done
forget_runs
: >"$out/results.txt"
for round in $(seq 1 "$rounds"); do
  for rung in $rungs; do
    line=$(run_rung "$rung" "$seconds")
    forget_runs
    echo "round $round $rung: $line"
    echo "rung=$rung round=$round $line" >>"$out/results.txt"
  done
done

python3 - "$out/results.txt" "$rungs" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=([^\s]+)', line)) for line in open(sys.argv[1])]
order = sys.argv[2].split()
def med(rung, key):
    values = [float(r[key]) for r in rows if r['rung'] == rung]
    return statistics.median(values) if values else float('nan')
hello = med('hello', 'rps') if 'hello' in order else None
print(f"{'rung':<10} {'per s':>8} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8} {'cpu us/req':>10} {'server cpu':>10} "
      f"{'load cpu':>8} {'redis cpu':>9} {'pg cpu':>6} errors")
for rung in order:
    rate = med(rung, 'purchases_per_sec') if rung.removesuffix('-b') == 'purchase' else med(rung, 'rps')
    ratio = f"{rate / hello:.3f}" if hello else "-"
    print(f"{rung:<10} {rate:>8.0f} {ratio:>7} {med(rung, 'p50_ms'):>8.2f} {med(rung, 'p99_ms'):>8.2f} "
          f"{med(rung, 'cpu_us_per_request'):>10.0f} {med(rung, 'server_cpu_pct'):>9.0f}% "
          f"{med(rung, 'load_cpu_pct'):>7.0f}% {med(rung, 'redis_cpu_pct'):>8.0f}% {med(rung, 'pg_cpu_pct'):>5.0f}% "
          f"{med(rung, 'errors'):.0f}")
PY
