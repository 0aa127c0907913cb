#!/usr/bin/env bash
# Benchmark: the browser seat map at stadium size, in the machine's headless Chromium. Starts the
# built jar (which carries the UI) on port 18383 against a fresh database, creates a
# 100,000-seat event, and per run measures the map's first paint over several loads and the
# frame rate while the server makes N real holds a second that reach the page live.
#
#   bench/ui.sh [runs] [changes-per-second] [seconds] [loads]
#
# Needs the machine's PostgreSQL and Redis and /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; rate="${2:-1000}"; seconds="${3:-10}"; loads="${4:-5}"
export JAVA_HOME="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=bench/target; mkdir -p "$out"
./mvnw -q -B -ntp -Pbench -DskipTests package test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test
db="marquee_ui_$$"; prefix="mqui$$"; port=18484
psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $db" >/dev/null
"$JAVA_HOME/bin/java" -Xms1g -Xmx1g -jar target/marquee-0.1.0-SNAPSHOT.jar --server.port=$port \
  --spring.rsocket.server.port=0 --spring.profiles.active=demo --marquee.demo.seed=false \
  --marquee.hold.key-prefix=$prefix --marquee.rate-limit.enabled=false \
  --spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/$db --logging.level.root=WARN >"$out/ui-server.log" 2>&1 &
server=$!
cleanup() {
  rm -rf target/test-classes/dev/marquee/bench
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)" >/dev/null || true
  redis-cli --scan --pattern "$prefix:*" | xargs -r -n 1000 redis-cli unlink >/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/api/v1/events" >/dev/null 2>&1 && break; sleep 1; done
: >"$out/ui.txt"
for r in $(seq 1 "$runs"); do
  line=$("$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" \
    dev.marquee.bench.SeatMapUiBenchmark "http://127.0.0.1:$port" "$rate" "$seconds" "$loads" 2>"$out/ui-client.log" | grep RESULT)
  echo "run $r: $line"; echo "$line" >>"$out/ui.txt"
done
python3 - "$out/ui.txt" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=([\d.]+)', l)) for l in open(sys.argv[1])]
med = lambda k: statistics.median(float(r[k]) for r in rows)
print(f"MEDIAN first_paint={med('first_paint_ms_median'):.0f}ms fps={med('fps'):.1f} frame_p99={med('frame_p99_ms'):.1f}ms "
      f"frames_over_33ms={med('frames_over_33ms'):.0f}")
PY
