#!/usr/bin/env bash
# Benchmark: single-seat holds per second and latency over HTTP against the running server,
# side by side with redis-benchmark doing raw SET NX EX on the same Redis.
#
#   bench/holds.sh [runs] [seconds] [connections]
#
# Needs the machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379), wrk and
# redis-benchmark. Builds the jar, starts it on port 18181 against a fresh database, creates a
# 200,000-seat venue, and prints one RESULT line per run plus the medians.
# HOLDS_SERVER_OPTS: extra JVM options for the server (e.g. -XX:StartFlightRecording=...).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"; seconds="${2:-10}"; connections="${3:-64}"; threads=2
export JAVA_HOME="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
out=bench/target; mkdir -p "$out"
db="marquee_bench_$$"
psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $db" >/dev/null
port=18181
[ -f target/marquee-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -B -ntp -DskipTests package
# shellcheck disable=SC2086 # HOLDS_SERVER_OPTS: extra JVM options, e.g. a flight recording
"$JAVA_HOME/bin/java" -Xms1g -Xmx1g ${HOLDS_SERVER_OPTS:-} -jar target/marquee-0.1.0-SNAPSHOT.jar --server.port=$port \
  --spring.profiles.active=demo --marquee.demo.seed=false --marquee.hold.key-prefix=mqbench$$ \
  --marquee.rate-limit.enabled=false \
  --spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/$db --logging.level.root=WARN \
  >"$out/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)" >/dev/null || true
  redis-cli --scan --pattern "mqbench$$:*" | xargs -r -n 1000 redis-cli del >/dev/null || true
}
trap cleanup EXIT
base="http://127.0.0.1:$port/api/v1"
for _ in $(seq 1 60); do curl -fs "$base/events" >/dev/null 2>&1 && break; sleep 1; done
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
token() { curl -fs -X POST "$base/dev/token" -H 'content-type: application/json' -d "{\"userId\":\"$1\",\"roles\":[\"ADMIN\"]}" | json '["token"]'; }
admin=$(token bench-admin)
rows=200; per_row=1000
venue=$(python3 -c "
import json; print(json.dumps({'name':'Bench Stadium','city':'Here','sections':[{'code':'BOWL','name':'Bowl','priceTier':'std','rows':[{'label':'R%d'%r,'seats':$per_row} for r in range(1,$rows+1)]}]}))" \
  | curl -fs -X POST "$base/venues" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d @- | json '["venueId"]')
# 2,000 buyers, each allowed 100 seats: enough for 200,000 holds. Signed here with the demo
# profile's key (an HS256 JWT is three base64url parts) rather than 2,000 calls to the mint.
python3 - "$out/tokens.txt" <<'PY'
import base64, hashlib, hmac, json, sys, time
secret = b"marquee-demo-secret-do-not-use-in-production"
b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=")
header = b64(json.dumps({"alg": "HS256"}).encode())
now = int(time.time())
with open(sys.argv[1], "w") as out:
    for i in range(1, 2001):
        claims = b64(json.dumps({"sub": f"buyer-{i}", "roles": [], "iat": now, "exp": now + 7200}).encode())
        signing_input = header + b"." + claims
        signature = b64(hmac.new(secret, signing_input, hashlib.sha256).digest())
        out.write((signing_input + b"." + signature).decode() + "\n")
PY
new_event() {
  now=$(date -u +%s)
  curl -fs -X POST "$base/events" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d "{
    \"venueId\":\"$venue\",\"name\":\"Bench\",\"startsAt\":\"$(date -u -d @$((now+86400)) +%FT%TZ)\",
    \"onSaleAt\":\"$(date -u -d @$((now-60)) +%FT%TZ)\",\"maxTicketsPerUser\":100,
    \"prices\":{\"std\":{\"amountMinor\":5000,\"currency\":\"EUR\"}}}" | json '["eventId"]'
}
run_wrk() {
  BENCH_EVENT=$(new_event) BENCH_ROWS=$rows BENCH_SEATS_PER_ROW=$per_row BENCH_TOKENS="$out/tokens.txt" \
    BENCH_THREADS=$threads wrk -t$threads -c"$connections" -d"$1"s -s bench/holds.lua "http://127.0.0.1:$port" \
    | grep RESULT
}
# the JIT needs about a minute of this load to reach steady state on 2 cores
for w in 1 2 3 4; do echo "warm-up $w (not counted): $(run_wrk 20)"; done
: >"$out/holds.txt"
for r in $(seq 1 "$runs"); do
  line=$(run_wrk "$seconds"); echo "run $r: $line"; echo "$line" >>"$out/holds.txt"
done
: >"$out/redis.txt"
for r in $(seq 1 "$runs"); do
  rps=$(redis-benchmark -h 127.0.0.1 -p 6379 -c 50 -n 300000 -r 1000000 -q \
    SET "mqbench$$:raw:__rand_int__" x NX EX 600 | grep -oE '[0-9.]+ requests per second' | cut -d' ' -f1)
  echo "redis-benchmark SET NX EX run $r: $rps/s"; echo "$rps" >>"$out/redis.txt"
done
python3 - "$out/holds.txt" "$out/redis.txt" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=([\d.]+)', l)) for l in open(sys.argv[1])]
med = lambda k: statistics.median(float(r[k]) for r in rows)
redis = statistics.median(float(l) for l in open(sys.argv[2]) if l.strip())
print(f"MEDIAN holds/s={med('holds_per_sec'):.0f} p50={med('p50_ms'):.2f}ms p90={med('p90_ms'):.2f}ms "
      f"p99={med('p99_ms'):.2f}ms errors={med('errors'):.0f} | redis SET NX EX/s={redis:.0f} | ratio={med('holds_per_sec')/redis:.3f}")
PY
