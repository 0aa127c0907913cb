#!/usr/bin/env bash
# Benchmark: single-seat holds per second and purchases (hold + pay + order + tickets) per second
# of a local cluster with 1, 2 and 3 Marquee nodes: deploy/local-cluster.sh (a Kafka broker in
# KRaft mode, a Redis Cluster of three masters with a replica each, the machine's PostgreSQL),
# brought up afresh for each node count, every node pinned to the same core(s).
#
#   bench/scaling.sh [node counts] [seconds] [runs]        (defaults "1 2 3" 10 3)
#
# SCALING_NODE_CORES (default 0): the cores every Marquee node is pinned to (taskset), so the
# figures mean "that many cores of Marquee", however many nodes share them; SCALING_LOAD_CORES
# (default 1): the cores of the load generators (one wrk per node, each holding 64/n connections
# to its node). Kafka, Redis and PostgreSQL are not pinned; each run reports the CPU seconds every
# part used (nodes, Redis, Kafka, PostgreSQL, wrk), which is what docs/CAPACITY.md builds on.
# On a machine of two cores the nodes share one: what grows with the node count is the cost of
# being a cluster (every node reads every change from Kafka), not the throughput.
# SCALING_WARMUP (default 3): warm-up rounds of 15 s (holds and purchases) per node count.
# SCALING_LOAD_NODES=1: load node 1 only (all 64 connections), so the others only read the
# changes from Kafka: RESULT's cores_each gives every node's CPU apart, and the others' share
# divided by the changes is what reading one change from the bus costs a node.
# Needs what deploy/local-cluster.sh needs, and wrk. Prints one RESULT line per run and a MEDIAN
# line per node count and kind.
set -euo pipefail
cd "$(dirname "$0")/.."
counts="${1:-1 2 3}"; seconds="${2:-10}"; runs="${3:-3}"
node_cores="${SCALING_NODE_CORES:-0}"; load_cores="${SCALING_LOAD_CORES:-1}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
export MARQUEE_CLUSTER_DIR="${SCALING_DIR:-/tmp/marquee-scaling}"
export MARQUEE_CLUSTER_OPTS="--marquee.rate-limit.enabled=false --logging.level.root=WARN"
export MARQUEE_CLUSTER_JVM_OPTS="-Xms768m -Xmx768m"
out=bench/target/scaling; mkdir -p "$out"
: >"$out/results.txt"
tick=$(getconf CLK_TCK)
state="$MARQUEE_CLUSTER_DIR"

# cpu <pid...>: CPU seconds (user + system) the processes used so far, their threads included
cpu() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}
pids_of() { pgrep -f "$1" | tr '\n' ' '; }

# 2,000 buyers (and an admin), signed with the demo profile's key
python3 bench/sign-tokens.py "$out" scaling 2000 tokens.txt

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
rows=200; per_row=1000

cleanup() { deploy/local-cluster.sh down --purge >/dev/null 2>&1 || true; }
trap cleanup EXIT

for n in $counts; do
  cleanup
  echo "== $n node(s): bringing the cluster up"
  deploy/local-cluster.sh up "$n" >"$out/up-$n.log" 2>&1 || { tail -n 30 "$out/up-$n.log"; exit 1; }
  nodes=(); ports=()
  for ((i = 1; i <= n; i++)); do
    nodes+=("$(tr -dc '0-9' <"$state/node-$i.pid")"); ports+=($((18080 + i)))
    taskset -a -p -c "$node_cores" "${nodes[-1]}" >/dev/null
  done
  base="http://127.0.0.1:${ports[0]}/api/v1"
  admin=$(cat "$out/admin.token")
  venue=$(python3 -c "
import json; print(json.dumps({'name':'Bench Stadium','city':'Here','sections':[{'code':'BOWL','name':'Bowl','priceTier':'std','rows':[{'label':'R%d'%r,'seats':$per_row} for r in range(1,$rows+1)]}]}))" \
    | curl -fs -X POST "$base/venues" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d @- \
    | json '["venueId"]')
  new_event() {
    local now; now=$(date -u +%s)
    curl -fs -X POST "$base/events" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d "{
      \"venueId\":\"$venue\",\"name\":\"Bench\",\"startsAt\":\"$(date -u -d @$((now + 86400)) +%FT%TZ)\",
      \"onSaleAt\":\"$(date -u -d @$((now - 60)) +%FT%TZ)\",\"maxTicketsPerUser\":100,
      \"prices\":{\"std\":{\"amountMinor\":5000,\"currency\":\"EUR\"}}}" | json '["eventId"]'
  }
  # load <kind> <seconds>: one wrk per node, all at once, on the load cores; one RESULT line
  load() {
    local kind="$1" secs="$2" event i loaded="${SCALING_LOAD_NODES:-$n}" conns before after each wrk_pids=()
    conns=$((64 / loaded))
    local redis kafka pg; redis=$(pids_of 'redis-server 127.0.0.1:170'); kafka=$(pids_of kafka.Kafka)
    pg=$(pgrep -x postgres | tr '\n' ' ')
    event=$(new_event)
    # shellcheck disable=SC2086 # pid lists
    before="$(cpu "${nodes[@]}") $(cpu $redis) $(cpu $kafka) $(cpu $pg)"
    each=""; for i in "${nodes[@]}"; do each+="$(cpu "$i"),"; done
    for ((i = 0; i < loaded; i++)); do
      BENCH_EVENT=$event BENCH_ROWS=$rows BENCH_SEATS_PER_ROW=$per_row BENCH_TOKENS="$out/tokens.txt" \
        BENCH_THREADS=1 BENCH_OFFSET=$i BENCH_STRIDE=$loaded \
        taskset -c "$load_cores" wrk -t1 -c"$conns" -d"$secs"s -s "bench/$kind.lua" "http://127.0.0.1:${ports[$i]}" \
        >"$out/wrk-$i.txt" 2>&1 &
      wrk_pids+=($!)
    done
    wait "${wrk_pids[@]}"
    # shellcheck disable=SC2086 # pid lists
    after="$(cpu "${nodes[@]}") $(cpu $redis) $(cpu $kafka) $(cpu $pg)"
    for i in "${nodes[@]}"; do each+="$(cpu "$i"),"; done
    python3 - "$kind" "$n" "$secs" "$tick" "$before" "$after" "$each" "$loaded" "$out"/wrk-*.txt <<'PY'
import re, sys
kind, n, secs, tick = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
before, after = [list(map(int, a.split())) for a in sys.argv[5:7]]
used = [(a - b) / tick / secs for a, b in zip(after, before)]
ticks = [int(t) for t in sys.argv[7].strip(",").split(",")]
each = [(ticks[n + i] - ticks[i]) / tick / secs for i in range(n)]
loaded = int(sys.argv[8])
rows = []
for path in sys.argv[9:9 + loaded]:
    line = next(l for l in open(path) if l.startswith("RESULT"))
    rows.append(dict((k, float(v)) for k, v in re.findall(r'(\w+)=([\d.]+)', line)))
rate_key = "holds_per_sec" if kind == "holds" else "purchases_per_sec"
rate = sum(r[rate_key] for r in rows)
print(f"RESULT nodes={n} kind={kind} per_sec={rate:.0f} p50_ms={max(r['p50_ms'] for r in rows):.2f} "
      f"p99_ms={max(r['p99_ms'] for r in rows):.2f} errors={sum(r['errors'] for r in rows):.0f} "
      f"cores_nodes={used[0]:.2f} cores_redis={used[1]:.2f} cores_kafka={used[2]:.2f} cores_pg={used[3]:.2f} "
      f"cores_each={'/'.join(f'{c:.2f}' for c in each)}")
PY
  }
  for ((w = 1; w <= ${SCALING_WARMUP:-3}; w++)); do
    echo "warm-up $w (not counted): $(load holds 15) | $(load purchases 15)"
  done
  for ((r = 1; r <= runs; r++)); do
    for kind in holds purchases; do
      line=$(load "$kind" "$seconds"); echo "run $r: $line"; echo "$line" >>"$out/results.txt"
    done
  done
done
python3 - "$out/results.txt" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=([\w.]+)', l)) for l in open(sys.argv[1]) if l.startswith("RESULT")]
for key in sorted({(int(r["nodes"]), r["kind"]) for r in rows}):
    group = [r for r in rows if (int(r["nodes"]), r["kind"]) == key]
    med = lambda k: statistics.median(float(r[k]) for r in group)
    print(f"MEDIAN nodes={key[0]} kind={key[1]} per_sec={med('per_sec'):.0f} p50_ms={med('p50_ms'):.2f} "
          f"p99_ms={med('p99_ms'):.2f} errors={med('errors'):.0f} cores_nodes={med('cores_nodes'):.2f} "
          f"cores_redis={med('cores_redis'):.2f} cores_kafka={med('cores_kafka'):.2f} cores_pg={med('cores_pg'):.2f}")
PY
