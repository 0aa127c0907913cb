#!/usr/bin/env bash
# Benchmark: the hold hot path with and without dynamic prices (issue 20), server pinned to core
# 0 and wrk to core 1. Single-seat holds as bench/holds.sh makes them, on one event per variant:
#
#   bench/prices.sh <jar> <variant> [runs] [seconds] [connections]
#
# variant: "none" (an event without price rules: no price rule is evaluated beyond a cached
# empty list, no extra Redis command) or "rules" (an active early-bird window and a demand
# step on the event's tier: every hold also counts the seats sold, SCARD, alongside the hold's
# ref). Run it with the jar of the commit before dynamic prices and with this one for an A/B.
# Needs the machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379), wrk and taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
jar="$1"; variant="$2"; runs="${3:-3}"; seconds="${4:-10}"; connections="${5:-64}"; threads=2
export JAVA_HOME="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=bench/target/prices-$$; mkdir -p "$out"
db="marquee_prices_$$"
psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $db" >/dev/null
cp "$jar" "$out/marquee.jar"
server=""
cleanup() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)" >/dev/null || true
  redis-cli --scan --pattern "mqprices$$:*" | xargs -r -n 1000 redis-cli del >/dev/null || true
}
trap cleanup EXIT
# a port picked free may be taken by another process before the server binds it: try again
for attempt in 1 2 3; do
  port=$(python3 .ci/free-port)
  taskset -c 0 "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -jar "$out/marquee.jar" --server.port="$port" \
    --spring.profiles.active=demo --marquee.demo.seed=false --marquee.hold.key-prefix=mqprices$$ \
    --marquee.rate-limit.enabled=false --marquee.warm-up.enabled=false --spring.rsocket.server.port=0 \
    --spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/$db --logging.level.root=WARN \
    >"$out/server.log" 2>&1 &
  server=$!
  base="http://127.0.0.1:$port/api/v1"
  for _ in $(seq 1 90); do
    curl -fs "$base/events" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || break
    sleep 1
  done
  curl -fs "$base/events" >/dev/null 2>&1 && break
  echo "server did not start (attempt $attempt)" >&2; kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
done
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
# 2,000 buyers and an ADMIN, signed with the demo profile's key (bench/sign-tokens.py)
python3 bench/sign-tokens.py "$out" prices 2000 tokens.txt
admin=$(cat "$out/admin.token")
rows=200; per_row=1000
venue=$(python3 -c "
import json; print(json.dumps({'name':'Bench Stadium','city':'Here','sections':[{'code':'BOWL','name':'Bowl','priceTier':'std','rows':[{'label':'R%d'%r,'seats':$per_row} for r in range(1,$rows+1)]}]}))" \
  | curl -fs -X POST "$base/venues" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d @- | json '["venueId"]')
new_event() {
  now=$(date -u +%s)
  event=$(curl -fs -X POST "$base/events" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d "{
    \"venueId\":\"$venue\",\"name\":\"Bench\",\"startsAt\":\"$(date -u -d @$((now+86400)) +%FT%TZ)\",
    \"onSaleAt\":\"$(date -u -d @$((now-60)) +%FT%TZ)\",\"maxTicketsPerUser\":100,
    \"prices\":{\"std\":{\"amountMinor\":5000,\"currency\":\"EUR\"}}}" | json '["eventId"]')
  if [ "$variant" = rules ]; then
    rule() { curl -fs -X POST "$base/events/$event/price-rules" -H "authorization: Bearer $admin" \
      -H 'content-type: application/json' -d "$1" >/dev/null; }
    rule "{\"tier\":\"std\",\"kind\":\"TIME_WINDOW\",\"from\":\"$(date -u -d @$((now-3600)) +%FT%TZ)\",
      \"until\":\"$(date -u -d @$((now+3600)) +%FT%TZ)\",\"priceMinor\":4000,\"priority\":1}"
    rule '{"tier":"std","kind":"DEMAND_STEP","minShare":0.5,"priceMinor":7000,"priority":2}'
  fi
  echo "$event"
}
run_wrk() {
  BENCH_EVENT=$(new_event) BENCH_ROWS=$rows BENCH_SEATS_PER_ROW=$per_row BENCH_TOKENS="$out/tokens.txt" \
    BENCH_THREADS=$threads taskset -c 1 wrk -t$threads -c"$connections" -d"$1"s -s bench/holds.lua \
    "http://127.0.0.1:$port" | grep RESULT
}
for w in 1 2 3; do echo "warm-up $w (not counted): $(run_wrk 15)"; done
: >"$out/holds.txt"
for r in $(seq 1 "$runs"); do
  line=$(run_wrk "$seconds"); echo "run $r: $line"; echo "$line" >>"$out/holds.txt"
done
python3 - "$out/holds.txt" "$variant" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=([\d.]+)', l)) for l in open(sys.argv[1])]
med = lambda k: statistics.median(float(r[k]) for r in rows)
print(f"MEDIAN {sys.argv[2]} holds/s={med('holds_per_sec'):.0f} p50={med('p50_ms'):.2f}ms p90={med('p90_ms'):.2f}ms "
      f"p99={med('p99_ms'):.2f}ms errors={med('errors'):.0f}")
PY
