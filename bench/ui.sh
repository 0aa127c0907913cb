#!/usr/bin/env bash
# Benchmark: the browser seat map at stadium size, in the machine's headless Chromium. Starts the
# built jar (which carries the UI) on port 18484 against a fresh database, creates a drawn
# 100,000-seat stadium (20 blocks of 25 curved rows round a pitch) per run, and measures the
# map's first paint over several loads and the frame rate while the server makes N real holds a
# second that reach the page live: on the overview the page opens on, then zoomed into a block.
# It also measures the /seatmap document of the stadium: its size (plain and gzip) and the time
# to serve it.
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
  "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" \
    dev.marquee.bench.SeatMapUiBenchmark "http://127.0.0.1:$port" "$rate" "$seconds" "$loads" \
    2>"$out/ui-client.log" >"$out/ui-run.txt"
  line=$(grep RESULT "$out/ui-run.txt")
  event=$(curl -fs "http://127.0.0.1:$port/api/v1/events" | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["eventId"])')
  url="http://127.0.0.1:$port/api/v1/events/$event/seatmap"
  plain=$(curl -fs -o /dev/null -w '%{size_download}' "$url")
  gzip=$(curl -fs -o /dev/null -H 'Accept-Encoding: gzip' -w '%{size_download}' "$url")
  serve=$(for _ in $(seq 1 21); do curl -fs -o /dev/null -w '%{time_total}\n' "$url"; done | sort -n | sed -n 11p)
  line="$line seatmap_bytes=$plain seatmap_gzip_bytes=$gzip seatmap_serve_ms=$(python3 -c "print(round($serve*1000,1))")"
  echo "run $r: $line"; echo "$line" >>"$out/ui.txt"
done
python3 - "$out/ui.txt" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=([\d.]+)', l)) for l in open(sys.argv[1])]
med = lambda k: statistics.median(float(r[k]) for r in rows)
print(f"MEDIAN first_paint={med('first_paint_ms_median'):.0f}ms overview: fps={med('fps'):.1f} "
      f"frame_p99={med('frame_p99_ms'):.1f}ms frames_over_33ms={med('frames_over_33ms'):.0f}; zoomed: "
      f"fps={med('zoomed_fps'):.1f} frame_p99={med('zoomed_frame_p99_ms'):.1f}ms "
      f"frames_over_33ms={med('zoomed_frames_over_33ms'):.0f}; seatmap {med('seatmap_bytes')/1e6:.2f} MB, "
      f"gzip {med('seatmap_gzip_bytes')/1e3:.0f} KB, served in {med('seatmap_serve_ms'):.1f} ms")
PY
