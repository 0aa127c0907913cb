#!/usr/bin/env bash
# Benchmark: steady single-seat holds per second and latency over HTTP against the running server,
# driven by Gatling (Java DSL, bench/gatling/SteadyHoldsSimulation), side by side in the same run
# with redis-benchmark doing raw SET NX EX on the same Redis, reported as a ratio. The Gatling
# twin of bench/holds.sh (wrk), which stays as it is.
#
#   bench/holds-gatling.sh [runs] [seconds] [concurrency]          (defaults 5 10 64)
#
# One server for all runs (fresh database, its own Redis key prefix, rate limit off, a free port),
# one venue big enough for the run. Per run: a fresh event, Gatling with [concurrency] virtual
# users each on its own keep-alive connection holding one never-held seat after another for
# [seconds] (after a warm-up on warm-up events of their own, not counted: HOLDS_WARMUP_FIRST
# seconds before the first run, default 80, as holds.sh; HOLDS_WARMUP before the others, default
# 20, for the client's fresh JVM), then, sequentially, redis-benchmark SET NX EX on random keys of
# the same Redis (the command holds.sh uses). One RESULT line per run, then the medians.
#
# HOLDS_BUY=1: every hold is then bought (steady purchases; bench/purchases.sh sets it), and the
# RESULT lines carry purchases_per_sec and the purchase's latency too.
# HOLDS_MAX_RATE (default 20000): holds/s the venue is sized for (seats = rate x the longer of
# [seconds] and a 10 s warm-up chunk); HOLDS_OUT: results folder (default bench/target/holds-gatling,
# cleared first); HOLDS_SERVER_OPTS: extra JVM options for the server.
# Needs the machine's PostgreSQL (127.0.0.1:5432, trust) and Redis (127.0.0.1:6379), redis-benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"; seconds="${2:-10}"; concurrency="${3:-64}"
warm_first="${HOLDS_WARMUP_FIRST:-80}"; warm="${HOLDS_WARMUP:-20}"; max_rate="${HOLDS_MAX_RATE:-20000}"
chunk=10
buy=$([ "${HOLDS_BUY:-0}" = 1 ] && echo true || echo false)
export JAVA_HOME="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=target/marquee-0.1.0-SNAPSHOT.jar
out="${HOLDS_OUT:-bench/target/holds-gatling}"; root=$PWD
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_prepare holds-gatling
# HOLDS_SERVER_OPTS: extra JVM options for the server, e.g. a flight recording
bench_start_server "marquee_holdsg_$$" "mqholdsg$$" "${HOLDS_SERVER_OPTS:-}"
base="$base/api/v1"

# the venue: rows of 1,000 seats, enough for max_rate holds/s over a measured run or a warm-up chunk
per_row=1000
span=$(( seconds > chunk ? seconds : chunk ))
rows=$(( (max_rate * span + per_row - 1) / per_row ))
seats=$(( rows * per_row ))
# one buyer per 100 seats (the event's per-buyer limit)
python3 bench/sign-tokens.py "$out" holds $(( (seats + 99) / 100 )) tokens.txt
admin=$(cat "$out/admin.token")
venue=$(python3 -c "
import json; print(json.dumps({'name':'Bench Stadium','city':'Here','sections':[{'code':'BOWL','name':'Bowl','priceTier':'std','rows':[{'label':'R%d'%r,'seats':$per_row} for r in range(1,$rows+1)]}]}))" \
  | curl -fs -m 120 -X POST "$base/venues" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d @- \
  | json '["venueId"]')
new_event() {
  local now; now=$(date -u +%s)
  curl -fs -m 30 -X POST "$base/events" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d "{
    \"venueId\":\"$venue\",\"name\":\"Bench\",\"startsAt\":\"$(date -u -d @$((now+86400)) +%FT%TZ)\",
    \"onSaleAt\":\"$(date -u -d @$((now-60)) +%FT%TZ)\",\"maxTicketsPerUser\":100,
    \"prices\":{\"std\":{\"amountMinor\":5000,\"currency\":\"EUR\"}}}" | json '["eventId"]'
}

run_gatling() { # dir warmup-seconds
  local dir=$1 w=$2 warm_events="" i
  mkdir -p "$dir"
  for i in $(seq 1 $(( (w + chunk - 1) / chunk ))); do warm_events="$warm_events${warm_events:+,}$(new_event)"; done
  ./mvnw -q -B -ntp -f bench/gatling/pom.xml gatling:test -Dgatling.simulationClass=dev.marquee.gatling.SteadyHoldsSimulation \
    -DbaseUrl="http://127.0.0.1:$port" -DeventId="$(new_event)" -DwarmupEvents="$warm_events" -DwarmupSeconds="$w" \
    -DwarmupChunkSeconds="$chunk" -Dseconds="$seconds" -Dconcurrency="$concurrency" -Dtokens="$root/$out/tokens.txt" \
    -Dsection=BOWL -Drows="$rows" -DseatsPerRow="$per_row" -Dresult="$root/$dir/gatling-result.txt" -Dbuy="$buy" \
    -Dgatling.resultsFolder="$root/$dir/gatling" >"$dir/gatling.log" 2>&1 \
    || { echo "gatling failed, see $dir/gatling.log"; tail -30 "$dir/gatling.log"; return 1; }
  [ -s "$dir/gatling-result.txt" ] || { echo "no result from gatling, see $dir/gatling.log"; tail -30 "$dir/gatling.log"; return 1; }
}

# raw SET NX EX on random keys of the same Redis (as bench/holds.sh), its own keys removed after
run_redis() { # dir
  redis-benchmark -h 127.0.0.1 -p 6379 -c 50 -n 300000 -r 1000000 --csv \
    SET "$prefix:raw:__rand_int__" x NX EX 600 >"$1/redis-benchmark.csv"
  redis-cli --scan --pattern "$prefix:raw:*" | xargs -r -n 1000 redis-cli unlink >/dev/null || true
  # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  python3 - "$1/redis-benchmark.csv" <<'PY'
import csv, sys
row = [r for r in csv.reader(open(sys.argv[1])) if r and r[0].startswith("SET")][-1]
print(f"redis_ops_per_sec={float(row[1]):.0f} redis_p50_ms={float(row[4]):.3f} redis_p99_ms={float(row[6]):.3f}")
PY
}

echo "machine: $(nproc) vCPU ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB;" \
  "$(date -u +%FT%TZ); Gatling $gatling_version; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1);" \
  "$(redis-benchmark --version | head -1)"
echo "everything on this one box: server (-Xms1g -Xmx1g, port $port), Gatling's JVM, redis-benchmark, Redis, PostgreSQL"
echo "db $db, prefix $prefix; venue $seats seats; $runs run(s) of ${seconds}s at $concurrency concurrent users;" \
  "warm-up ${warm_first}s before run 1, ${warm}s before the others (not counted)"
: >"$out/results.txt"
for r in $(seq 1 "$runs"); do
  dir="$out/run$r"; mkdir -p "$dir"
  load=$(cut -d' ' -f1 /proc/loadavg)
  run_gatling "$dir" "$([ "$r" = 1 ] && echo "$warm_first" || echo "$warm")"
  redis=$(run_redis "$dir")
  line="$(sed 's/^RESULT //' "$dir/gatling-result.txt") | $redis | load1_before=$load"
  ratio=$(python3 -c "import re,sys; d=dict(re.findall(r'(\w+)=([\d.]+)', sys.argv[1])); print('%.4f' % (float(d['holds_per_sec'])/float(d['redis_ops_per_sec'])))" "$line")
  line="RESULT run=$r $line | ratio=$ratio"
  echo "$line"; echo "$line" >>"$out/results.txt"
done
python3 - "$out/results.txt" <<'PY' | tee "$out/median.txt"
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=([\d.]+)', l)) for l in open(sys.argv[1]) if l.startswith("RESULT")]
med = lambda k: statistics.median(float(r.get(k, 0)) for r in rows)
print(f"MEDIAN of {len(rows)} run(s): holds/s={med('holds_per_sec'):.0f} p50={med('p50_ms'):.2f}ms p95={med('p95_ms'):.2f}ms "
      f"p99={med('p99_ms'):.2f}ms errors={med('errors'):.0f} | redis SET NX EX/s={med('redis_ops_per_sec'):.0f} "
      f"p99={med('redis_p99_ms'):.3f}ms | ratio={med('ratio'):.4f} (median of the per-run ratios)")
if any('purchases_per_sec' in r for r in rows):
    print(f"MEDIAN of {len(rows)} run(s): purchases/s={med('purchases_per_sec'):.0f} purchase p50={med('purchase_p50_ms'):.2f}ms "
          f"p95={med('purchase_p95_ms'):.2f}ms p99={med('purchase_p99_ms'):.2f}ms purchase errors={med('purchase_errors'):.0f}")
PY
