#!/usr/bin/env bash
# Load test: a hot on-sale, driven by Gatling (Java DSL, bench/gatling/).
#
#   bench/onsale.sh [runs] [buyers] [rampSeconds] [admitPerMinute]      (defaults 3 10000 20 60000)
#
# 1,000 seats (section S, rows R1..R20 of 50), one queue-protected event per run. [buyers] virtual
# buyers arrive over [rampSeconds]: join the waiting room, poll about once a second until admitted,
# hold one seat (70% best-available, 30% a free seat picked off the availability map in the front
# rows, up to 3 tries), buy it (payment latency 20 ms), and give up when the event is sold out.
# After each run the harness proves from PostgreSQL, the availability map, the Prometheus counters
# and the purchase attempts that exactly 1,000 tickets were sold, none twice, and no payment was
# taken without tickets. Prints one table per run and the medians; details in bench/target/onsale-r<rechecks>/.
#
# Needs the machine's PostgreSQL (127.0.0.1:5432, trust) and Redis (127.0.0.1:6379). Builds the jar
# when it is missing or older than src/ or pom.xml, and the Gatling module (its own POM: the
# project's build never compiles it). Starts the server on a free port against a fresh database and
# its own Redis key prefix, and drops both on exit. A warm-up run on its own event
# comes first (not counted; ONSALE_WARMUP=<buyers>, 0 for none, default as many as a run).
# ONSALE_RECHECKS=N (default 0): a buyer who got no hold looks at the map again and, while it shows
# a free seat, tries again, up to N times (0 is the scenario as written: a 409 means sold out).
# Anything a run leaves half-way is waited for (ONSALE_SETTLE, default 300 s) and proved again.
# ONSALE_SERVER_OPTS: extra JVM options for the server (e.g. -XX:StartFlightRecording=...);
# ONSALE_JAR: measure this server jar instead of the tree's (built when older than the sources);
# ONSALE_OUT: the results folder (default bench/target/onsale-r<rechecks>, cleared first).
# ONSALE_PIN=1: the server on core 0 and Gatling on core 1 (taskset), so that the load generator
# does not take the server's core (PostgreSQL and Redis float); unpinned by default.
# BENCH_AOT=<file>: the server runs from its extracted jar with the JVM's AOT cache in <file>, made
# by this run when the file is missing (a training run; bench/lib.sh).
# ONSALE_QUEUE_WAIT=ws: waiting buyers watch their ticket over the queue WebSocket (as the browser
# does) instead of polling it over HTTP about once a second (poll, the default).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; buyers="${2:-10000}"; ramp="${3:-20}"; admit="${4:-60000}"
warmup="${ONSALE_WARMUP:-$buyers}"; rechecks="${ONSALE_RECHECKS:-0}"; settle="${ONSALE_SETTLE:-300}"
export JAVA_HOME="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar="${ONSALE_JAR:-target/marquee-0.1.0-SNAPSHOT.jar}"
# absolute: Gatling runs from its own module's folder
out=$(realpath -m "${ONSALE_OUT:-bench/target/onsale-r$rechecks}")
# shellcheck source=bench/lib.sh
. bench/lib.sh
gatling_pin=()
if [ "${ONSALE_PIN:-0}" = 1 ]; then export BENCH_SERVER_CPUS=0; gatling_pin=(taskset -c 1); fi
bench_prepare onsale
bench_start_server "marquee_onsale_$$" "mqonsale$$" "${ONSALE_SERVER_OPTS:-}" --marquee.payment.latency=20ms

python3 bench/sign-tokens.py "$out" onsale "$buyers" buyers.csv token
admin=$(cat "$out/admin.token"); metrics=$(cat "$out/metrics.token")
sql() { psql -X -qtA -h 127.0.0.1 -U postgres -d "$db" -c "$1"; }
venue=$(python3 -c "
import json; print(json.dumps({'name':'On-sale Arena','city':'Here','sections':[{'code':'S','name':'Stalls',
 'priceTier':'std','rows':[{'label':'R%d' % r,'seats':50} for r in range(1,21)]}]}))" \
  | curl -fs -m 30 -X POST "$base/api/v1/venues" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d @- \
  | json '["venueId"]')
new_event() { # name
  local now; now=$(date -u +%s)
  curl -fs -m 30 -X POST "$base/api/v1/events" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d "{
    \"venueId\":\"$venue\",\"name\":\"$1\",\"startsAt\":\"$(date -u -d @$((now+86400)) +%FT%TZ)\",
    \"onSaleAt\":\"$(date -u -d @$((now-60)) +%FT%TZ)\",\"maxTicketsPerUser\":4,\"holdTtlSeconds\":120,
    \"prices\":{\"std\":{\"amountMinor\":5000,\"currency\":\"EUR\"}},
    \"queue\":{\"enabled\":true,\"admitPerMinute\":$admit}}" | json '["eventId"]'
}
# the counters that matter, one "name value" line each (labels kept in the name)
scrape() {
  curl -fs -m 30 "$base/actuator/prometheus" -H "authorization: Bearer $metrics" \
    | grep -E '^marquee_(payments_total|sales_total|sales_seats_total|holds_placed_total|holds_rejected_total|holds_ended_total|holds_snapshot_reads_total|queue_admitted_total)' \
    | sed 's/ \([0-9.eE+-]*\)$/ \1/' || true
}
# CPU used by everything but this benchmark (server, client, PostgreSQL, Redis), in cores
other_now() { # seconds
  local s="$out/quiet.json" p me=$BASHPID
  python3 bench/gatling/cpusample.py "$s" "$server" "$me" 1 & p=$!
  sleep "$1"; kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true
  python3 -c "import json; print(json.load(open('$s'))['cores']['other'])" 2>/dev/null || echo 0
}
wait_quiet() { # up to 2 minutes for the neighbours to use under 0.3 core
  local o
  for _ in $(seq 1 24); do
    o=$(other_now 5); python3 -c "import sys; sys.exit(0 if float('$o') < 0.3 else 1)" && return 0
  done
  echo "  (the box stayed busy: other load $o cores before the run)"
}

run_gatling() { # dir event buyers
  local dir=$1; mkdir -p "$dir"
  "${gatling_pin[@]}" ./mvnw -q -B -ntp -f bench/gatling/pom.xml gatling:test \
    -DbaseUrl="$base" -DeventId="$2" -Dtokens="$out/buyers.csv" -Dbuyers="$3" -DrampSeconds="$ramp" -Drechecks="$rechecks" -DqueueWait="${ONSALE_QUEUE_WAIT:-poll}" \
    -Doutcomes="$dir/outcomes.json" -Dgatling.resultsFolder="$dir/gatling" >"$dir/gatling.log" 2>&1 \
    || { echo "gatling failed, see $dir/gatling.log"; tail -30 "$dir/gatling.log"; return 1; }
}

unsettled() { # event since: purchases not yet ended, and seats still held
  local a
  a=$(curl -fs -m 30 "$base/api/v1/events/$1/availability" | json '["statuses"]')
  echo $(( $(sql "select count(*) from purchase_attempt where created_at >= '$2' and status in ('PENDING','CHARGED','UNKNOWN')") \
    + $(printf %s "$a" | tr -cd H | wc -c) ))
}

# Everything the proofs need, as key=value lines in $dir/$5 (proof.txt).
prove() { # dir event before-metrics-file since proof-file
  local dir=$1 event=$2 since=$4 a
  scrape >"$dir/metrics-after.txt"
  a=$(curl -fs -m 30 "$base/api/v1/events/$event/availability" | json '["statuses"]')
  {
    echo "tickets=$(sql "select count(*) from ticket where event_id = '$event' and status in ('VALID','USED')")"
    echo "tickets_all=$(sql "select count(*) from ticket where event_id = '$event'")"
    echo "seats_sold_twice=$(sql "select count(*) from (select seat_id from ticket where event_id = '$event' group by seat_id having count(*) > 1) d")"
    echo "distinct_seats=$(sql "select count(distinct seat_id) from ticket where event_id = '$event'")"
    echo "orders=$(sql "select count(*) from orders where event_id = '$event'")"
    echo "orders_confirmed=$(sql "select count(*) from orders where event_id = '$event' and status = 'CONFIRMED'")"
    echo "orders_without_tickets=$(sql "select count(*) from orders o where event_id = '$event' and not exists (select 1 from ticket t where t.order_id = o.id)")"
    echo "orders_same_payment=$(sql "select count(*) from (select payment_id from orders where event_id = '$event' group by payment_id having count(*) > 1) d")"
    echo "avail_sold=$(printf %s "$a" | tr -cd X | wc -c)"
    echo "avail_held=$(printf %s "$a" | tr -cd H | wc -c)"
    echo "avail_free=$(printf %s "$a" | tr -cd . | wc -c)"
    echo "avail_len=${#a}"
    for s in PENDING CHARGED UNKNOWN CONFIRMED DECLINED FAILED REFUNDED; do
      echo "attempts_$s=$(sql "select count(*) from purchase_attempt where created_at >= '$since' and status = '$s'")"
    done
    echo "attempts_confirmed_without_order=$(sql "select count(*) from purchase_attempt p where created_at >= '$since' and status = 'CONFIRMED' and not exists (select 1 from orders o where o.id = p.order_id)")"
    echo "refunds=$(sql "select count(*) from purchase_attempt where created_at >= '$since' and status in ('FAILED','REFUNDED') and payment_id is not null")"
    python3 - "$3" "$dir/metrics-after.txt" <<'PY'
import sys
def read(path):
    d = {}
    for line in open(path):
        name, _, value = line.rpartition(" ")
        d[name] = float(value)
    return d
before, after = read(sys.argv[1]), read(sys.argv[2])
delta = lambda k: int(round(after.get(k, 0) - before.get(k, 0)))
print("payments_approved=%d" % delta('marquee_payments_total{outcome="approved"}'))
print("payments_declined=%d" % delta('marquee_payments_total{outcome="declined"}'))
print("payments_no_answer=%d" % delta('marquee_payments_total{outcome="no-answer"}'))
print("sales_orders=%d" % delta("marquee_sales_total"))
print("sales_seats=%d" % delta("marquee_sales_seats_total"))
print("holds_placed=%d" % delta("marquee_holds_placed_total"))
rejected = {k: delta(k) for k in after if k.startswith("marquee_holds_rejected_total")}
print("holds_rejected=" + ",".join("%s:%d" % (k[k.index('"') + 1:k.rindex('"')], v) for k, v in sorted(rejected.items()) if v))
PY
    echo "server_errors_logged=$(grep -cE ' ERROR |Exception' "$out/server.log" || true)"
  } >"$dir/$5"
}

run() { # name buyers
  # $BASHPID is read here: in a command sent to the background it would be that command's own pid
  local dir="$out/$1" event since me=$BASHPID
  mkdir -p "$dir"
  event=$(new_event "On-sale $1"); echo "$event" >"$dir/event.txt"
  [ "$1" = warmup ] || wait_quiet
  scrape >"$dir/metrics-before.txt"
  since=$(sql "select now()")
  uptime >"$dir/uptime-before.txt"
  python3 bench/gatling/cpusample.py "$dir/cpu.json" "$server" "$me" 1 & sampler=$!
  run_gatling "$dir" "$event" "$2"
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=""
  top -b -n 1 -w 200 | head -15 >"$dir/top-after.txt"
  # a purchase still running when the last virtual buyer left would show up as PENDING: give it 10 s
  for _ in $(seq 1 10); do [ "$(unsettled "$event" "$since")" = 0 ] && break; sleep 1; done
  prove "$dir" "$event" "$dir/metrics-before.txt" "$since" proof.txt
  # Anything left half-way (a charge without its order, a seat still held) must end by itself:
  # the payment recovery job (purchases older than 2 min, every 30 s) and hold expiry (120 s TTL,
  # 60 s payment grace). Wait for that, up to $settle s, and prove again.
  if [ "$(unsettled "$event" "$since")" != 0 ]; then
    local waited=0
    while [ "$(unsettled "$event" "$since")" != 0 ] && [ "$waited" -lt "$settle" ]; do sleep 10; waited=$((waited + 10)); done
    echo "settle_seconds=$waited" >"$dir/settle.txt"
    prove "$dir" "$event" "$dir/metrics-before.txt" "$since" proof-settled.txt
  fi
  cp "$out/server.log" "$dir/server.log"
}

echo "machine: $(nproc) vCPU, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB;" \
  "$(date -u +%FT%TZ); Gatling $gatling_version; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "server pid $server on :$port, db $db, prefix $prefix; $buyers buyers over ${ramp}s; admitPerMinute $admit;" \
  "rechecks $rechecks"
if [ "$warmup" != 0 ]; then
  echo "warm-up ($warmup buyers, not counted)"; run warmup "$warmup"
  python3 bench/gatling/report.py "$out/warmup" | tee "$out/warmup.txt" | grep -E 'FAIL|^holds'
fi
for r in $(seq 1 "$runs"); do
  echo "run $r"; run "run$r" "$buyers"
done
python3 bench/gatling/report.py $(seq -f "$out/run%g" 1 "$runs") | tee "$out/report.txt"
