#!/usr/bin/env bash
# Benchmark: change-to-receipt latency for WebSocket watchers of one event spread over the nodes
# of a local cluster (deploy/local-cluster.sh), with 1, 2 and 3 nodes: the holds go to node 1,
# the watchers to every node in turn, so with more nodes most receipts cross Kafka first.
#
#   bench/fanout-cluster.sh [node counts] [subscribers] [holds-per-second] [seconds] [runs]
#                                                       (defaults "1 2 3" 2000 200 10 3)
#
# Every node is pinned to core 0, the watchers' client (bench/java FanOutBenchmark, raw Netty)
# to core 1; Kafka, Redis and PostgreSQL float. Prints each run's RESULT line (p50, p99 of the
# time from sending a hold to a watcher receiving it) and a MEDIAN line per node count.
# FANOUT_WARMUP: changes made before measuring, not counted (default: 5 s of them).
set -euo pipefail
cd "$(dirname "$0")/.."
counts="${1:-1 2 3}"; subscribers="${2:-2000}"; rate="${3:-200}"; seconds="${4:-10}"; runs="${5:-3}"
export JAVA_HOME="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MARQUEE_CLUSTER_DIR="${FANOUT_CLUSTER_DIR:-/tmp/marquee-fanout-cluster}"
export MARQUEE_CLUSTER_OPTS="--marquee.rate-limit.enabled=false --logging.level.root=WARN"
export MARQUEE_CLUSTER_BUILD=never
out=bench/target/fanout-cluster; mkdir -p "$out"
./mvnw -q -B -ntp -Pbench -DskipTests package test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
: >"$out/results.txt"
cleanup() { deploy/local-cluster.sh down --purge >/dev/null 2>&1 || true; }
trap cleanup EXIT
for n in $counts; do
  cleanup
  echo "== $n node(s): bringing the cluster up"
  deploy/local-cluster.sh up "$n" >"$out/up-$n.log" 2>&1 || { tail -n 30 "$out/up-$n.log"; exit 1; }
  watch=""
  for ((i = 1; i <= n; i++)); do
    taskset -a -p -c 0 "$(tr -dc '0-9' <"$MARQUEE_CLUSTER_DIR/node-$i.pid")" >/dev/null
    watch+="${watch:+,}http://127.0.0.1:$((18080 + i))"
  done
  for ((r = 1; r <= runs; r++)); do
    line=$(FANOUT_WATCH="$watch" taskset -c 1 "$JAVA_HOME/bin/java" -Xms1g -Xmx3g -XX:+UseParallelGC \
      -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" dev.marquee.bench.FanOutBenchmark \
      http://127.0.0.1:18081 "$subscribers" "$rate" "$seconds" "${FANOUT_WARMUP:-$((rate * 5))}" \
      "$(tr -dc '0-9' <"$MARQUEE_CLUSTER_DIR/node-1.pid")" 2>/dev/null | grep '^RESULT' || true)
    echo "nodes=$n run $r: $line"
    echo "nodes=$n $line" >>"$out/results.txt"
  done
done
python3 - "$out/results.txt" <<'PY'
import re, statistics, sys
rows = [(int(l.split()[0][6:]), dict(re.findall(r'(\w+)=([\d.]+)', l))) for l in open(sys.argv[1]) if "RESULT" in l]
for n in sorted({n for n, _ in rows}):
    group = [r for m, r in rows if m == n]
    med = lambda k: statistics.median(float(r[k]) for r in group)
    print(f"MEDIAN nodes={n} p50_ms={med('p50_ms'):.1f} p99_ms={med('p99_ms'):.1f} max_ms={med('max_ms'):.1f} "
          f"gaps={med('gaps'):.0f} resyncs={med('resyncs'):.0f} runs={len(group)}")
PY
