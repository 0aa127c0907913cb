#!/usr/bin/env bash
# Benchmark: event search on 100,000 events (issue 20). Seeds a fresh database with
# bench/search/seed.sql, prints EXPLAIN (ANALYZE, BUFFERS) of the statements typical searches run
# (bench/search/queries.sql), then measures GET /api/v1/events?... over HTTP with wrk: the server
# pinned to core 0, wrk to core 1, a warm-up per URL, then three runs, the median reported.
#
#   bench/search.sh [events] [seconds per run] [connections]
#   BENCH_SEARCH_ONLY='^q=' bench/search.sh     # only the URLs that match
#
# Needs the machine's PostgreSQL and Redis, and wrk. Builds the jar (without the UI) if it is
# older than the sources. Writes bench/target/search/{explain.txt,wrk-*.txt,server.log} and
# prints one RESULT line per URL. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-100000}"; seconds="${2:-15}"; connections="${3:-8}"
export JAVA_HOME="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=bench/target/search; rm -rf "$out"; mkdir -p "$out"
jar=target/marquee-0.1.0-SNAPSHOT.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -type f -print -quit)" ]; then
  echo "building $jar"; ./mvnw -q -B -ntp -Dfrontend.skip -DskipTests package
fi
# a copy: a build by anyone rewrites target/*.jar under the running JVM
cp "$jar" "$out/marquee.jar"
db="marquee_search_$$"; prefix="mqsearch$$"; port=$(python3 .ci/free-port)
psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $db" >/dev/null
server_pin=(); client_pin=()
if [ "$(nproc)" -ge 2 ]; then server_pin=(taskset -c 0); client_pin=(taskset -c 1); fi
"${server_pin[@]}" "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -jar "$out/marquee.jar" --server.port="$port" \
  --spring.rsocket.server.port=0 --spring.profiles.active=demo --marquee.demo.seed=false \
  --marquee.hold.key-prefix="$prefix" --marquee.rate-limit.enabled=false \
  --spring.r2dbc.url="r2dbc:postgresql://127.0.0.1:5432/$db" --logging.level.root=WARN >"$out/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)" >/dev/null || true
  redis-cli --scan --pattern "$prefix:*" | xargs -r -n 1000 redis-cli unlink >/dev/null || true
}
trap cleanup EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do curl -fs -m 5 "$base/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
curl -fs -m 30 "$base/actuator/health/readiness" >/dev/null || { echo "server did not start:"; tail -50 "$out/server.log"; exit 1; }

echo "seeding $events events"
start=$(date +%s)
psql -q -h 127.0.0.1 -U postgres -d "$db" -v events="$events" -f bench/search/seed.sql
echo "seeded in $(( $(date +%s) - start )) s; event table and indexes: $(psql -tA -h 127.0.0.1 -U postgres -d "$db" \
  -c "select pg_size_pretty(pg_total_relation_size('event'))")"

psql -h 127.0.0.1 -U postgres -d "$db" -f bench/search/queries.sql >"$out/explain.txt"
echo "EXPLAIN ANALYZE execution times (ms):"
awk '/^###/ { title = $0 } /Execution Time/ { print "  " title ": " $3 }' "$out/explain.txt"

# a cursor deep in the list: after June 2028, by start (the key the server would give out)
deep=$(printf 'startsAt\n2028-06-01T00:00:00Z\n00000000-0000-0000-0000-000000000000' | base64 -w0 | tr '+/' '-_' | tr -d '=')
urls=(
  "q=golden%20dreams"
  "q=muller&sort=startsAt"
  "q=ros"
  "city=Berlin&from=2027-03-01&to=2027-03-31"
  "maxPrice=1500&available=true&sort=price"
  "limit=20&cursor=$deep"
)
for query in "${urls[@]}"; do
  # BENCH_SEARCH_ONLY (a grep -E pattern): measure only the URLs it matches
  if [ -n "${BENCH_SEARCH_ONLY:-}" ] && ! grep -Eq "$BENCH_SEARCH_ONLY" <<<"$query"; then continue; fi
  url="$base/api/v1/events?$query"
  curl -fs "$url" -o /dev/null || { echo "GET $url failed"; curl -s "$url"; exit 1; }
  name=$(echo "$query" | tr -c 'A-Za-z0-9\n' '_' | cut -c1-40)
  "${client_pin[@]}" wrk -t1 -c"$connections" -d10s "$url" >/dev/null # warm-up
  for run in 1 2 3; do
    "${client_pin[@]}" wrk -t1 -c"$connections" -d"${seconds}s" --latency "$url" >"$out/wrk-$name-$run.txt"
  done
  # median of the three runs: requests/s, p50 and p99 latency, and the non-2xx count
  python3 - "$query" "$out" "$name" <<'PY'
import re, statistics, sys
query, out, name = sys.argv[1:]
def ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps, p50, p99, bad = [], [], [], 0
for run in (1, 2, 3):
    text = open(f"{out}/wrk-{name}-{run}.txt").read()
    rps.append(float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)))
    p50.append(ms(re.search(r"\s50%\s+(\S+)", text).group(1)))
    p99.append(ms(re.search(r"\s99%\s+(\S+)", text).group(1)))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    bad += int(m.group(1)) if m else 0
print(f"RESULT {query[:60]:60s} req/s={statistics.median(rps):8.0f} p50={statistics.median(p50):7.2f}ms "
      f"p99={statistics.median(p99):7.2f}ms non2xx={bad}")
PY
done
