#!/usr/bin/env bash
# A Marquee cluster on this machine without containers: one Kafka broker (KRaft, run from the
# jars the Maven build fetched), a Redis Cluster of three masters with a replica each, a
# database in the machine's PostgreSQL and N Marquee nodes, each on its own port, and, where
# the machine has nginx, a balancer in front of them (deploy/nginx.conf, the one Compose uses,
# pointed at the nodes: least connections, WebSockets and SSE held open, RSocket over TCP).
#
#   deploy/local-cluster.sh up [nodes]        # default 2 nodes (at most 9); refuses if already up
#   deploy/local-cluster.sh status            # each process, and whether it answers
#   deploy/local-cluster.sh down [--purge]    # stop everything; --purge also drops the database
#                                             # and deletes the state folder
#
# Needs a JDK 21+ (MARQUEE_JAVA_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64, else
# JAVA_HOME), redis-server and redis-cli (7+), psql and curl, PostgreSQL on 127.0.0.1:5432
# (user postgres, trust auth), and what the build needs (Node.js for the UI, as ./mvnw package).
# Ports: Marquee HTTP 18081.., RSocket TCP 17081.., the balancer 18080 (HTTP) and 17080
# (RSocket TCP), Redis 17001-17006 (cluster bus 27001-27006), Kafka 19092 (controller 19093).
# The machine's own Redis (6379) is never touched.
# MARQUEE_CLUSTER_DIR: the state folder (default /tmp/marquee-cluster): logs, pid files, Kafka's
# data, the Redis nodes' folders, the classpath, and the copy of the jar the nodes run (a build
# of the tree rewrites target/*.jar, and a JVM whose jar changes under it stops answering).
# MARQUEE_CLUSTER_BUILD: auto (default: build when the jar is missing or older than the
# sources), always or never.
# MARQUEE_CLUSTER_WARMUP: how long a starting node warms up at most before it reports ready
# (marquee.warm-up.max-duration, 10s or more; default here 30s, the application's own is 2m).
# MARQUEE_CLUSTER_OPTS: extra arguments for every node, e.g. --logging.level.dev.marquee=DEBUG.
# MARQUEE_CLUSTER_JVM_OPTS: extra JVM options for every node (default heap: -Xmx512m).
set -euo pipefail
cd "$(dirname "$0")/.."

state="$(realpath -m "${MARQUEE_CLUSTER_DIR:-/tmp/marquee-cluster}")"
java_home="${MARQUEE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$java_home/bin/java" ] || java_home="${JAVA_HOME:-}"
export JAVA_HOME="$java_home"
java="$JAVA_HOME/bin/java"
jar=target/marquee-0.1.0-SNAPSHOT.jar
db=marquee_cluster
pg=(psql -X -q -h 127.0.0.1 -U postgres -d postgres)
kafka_port=19092; controller_port=19093
redis_ports=(17001 17002 17003 17004 17005 17006)
http_base=18080; rsocket_base=17080   # node i: HTTP 18080+i, RSocket 17080+i
marker="$state/.marquee-local-cluster"

say() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
die() { printf 'local-cluster: %s\n' "$*" >&2; exit 1; }
# answers: something accepts TCP connections on 127.0.0.1:<port>
answers() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# live_pid <pid file> <pattern>: the pid in the file if that process runs and its command line
# matches (a pid file outliving its process must not name someone else's process)
live_pid() {
  local pid
  [ -s "$1" ] || return 1
  pid=$(tr -dc '0-9' <"$1")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2" \
    && echo "$pid"
}
# listener_pid <port> <pattern>: the process listening on 127.0.0.1:<port>, if it matches
listener_pid() {
  local pid
  pid=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d = -f 2)
  [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2" && echo "$pid"
}
node_count() {
  local n=0
  [ -s "$state/nodes" ] && n=$(tr -dc '0-9' <"$state/nodes")
  echo "${n:-0}"
}
readiness() { curl -s --max-time 3 "http://127.0.0.1:$1/actuator/health/readiness" 2>/dev/null || true; }

# stop_pid <name> <pid> <seconds>: SIGTERM, then SIGKILL after <seconds>
stop_pid() {
  local name="$1" pid="$2" wait="$3" i
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < wait * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || { say "stopped $name (pid $pid)"; return 0; }
    sleep 0.5
  done
  say "$name (pid $pid) still running after ${wait}s: SIGKILL"
  kill -9 "$pid" 2>/dev/null || true
}

stop_all() {
  local i pid n port pids=() names=()
  n=$(node_count); [ "$n" -ge 1 ] || n=9
  # the balancer first: no new requests; then the nodes (graceful shutdown: up to 20 s per
  # phase), all at once
  pid=$(live_pid "$state/nginx/nginx.pid" "nginx" || true)
  [ -z "$pid" ] || stop_pid "the balancer (nginx)" "$pid" 10
  for ((i = 1; i <= n; i++)); do
    port=$((http_base + i))
    pid=$(live_pid "$state/node-$i.pid" "server.port=$port" || listener_pid "$port" "server.port=$port" || true)
    [ -n "$pid" ] || continue
    kill "$pid" 2>/dev/null || true; pids+=("$pid"); names+=("node $i")
  done
  for i in "${!pids[@]}"; do stop_pid "${names[$i]}" "${pids[$i]}" 50; done
  pid=$(live_pid "$state/kafka/kafka.pid" kafka.Kafka || listener_pid "$kafka_port" kafka.Kafka || true)
  [ -z "$pid" ] || stop_pid "Kafka" "$pid" 60
  # the Redis nodes: all told at once not to save and not to wait for their replicas
  pids=(); names=()
  for port in "${redis_ports[@]}"; do
    pid=$(live_pid "$state/redis-$port/redis.pid" ":$port" || listener_pid "$port" ":$port" || true)
    [ -n "$pid" ] || continue
    redis-cli -p "$port" shutdown nosave now >/dev/null 2>&1 || true
    pids+=("$pid"); names+=("Redis $port")
  done
  for i in "${!pids[@]}"; do stop_pid "${names[$i]}" "${pids[$i]}" 10; done
  rm -f "$state"/node-*.pid "$state/kafka/kafka.pid" "$state"/redis-*/redis.pid "$state/nginx/nginx.pid"
}

# start_balancer <nodes>: nginx with deploy/nginx.conf, its listeners on this machine's ports and
# its upstreams the nodes; nothing (and a hint) where nginx is not installed
start_balancer() {
  local n="$1" dir="$state/nginx" servers_http="" servers_rsocket="" i
  if ! command -v nginx >/dev/null; then
    say "no nginx on this machine: the nodes are addressed directly (apt-get install nginx for a balancer on :$http_base)"
    return 0
  fi
  mkdir -p "$dir/logs"
  for ((i = 1; i <= n; i++)); do
    servers_http+="        server 127.0.0.1:$((http_base + i)) max_fails=3 fail_timeout=10s;\n"
    servers_rsocket+="        server 127.0.0.1:$((rsocket_base + i)) max_fails=3 fail_timeout=10s;\n"
  done
  # RSocket over TCP needs nginx's stream module: built in, or a module to load (Debian:
  # libnginx-mod-stream); without it the balancer serves HTTP only
  local stream=none module
  for module in /usr/lib/nginx/modules/ngx_stream_module.so /usr/lib64/nginx/modules/ngx_stream_module.so; do
    if [ -f "$module" ]; then stream=load; break; fi
  done
  if [ "$stream" = none ] && nginx -V 2>&1 | grep -q -- '--with-stream ' && ! nginx -V 2>&1 | grep -q -- '--with-stream=dynamic'; then
    stream=static
  fi
  [ "$stream" != none ] || say "nginx has no stream module: the balancer serves HTTP only (RSocket TCP: the nodes' own ports; apt-get install libnginx-mod-stream)"
  # the Compose file's config, with this machine's ports, the nodes as upstreams, and its pid,
  # temporary files and error log in the state folder
  awk -v http="$servers_http" -v rsocket="$servers_rsocket" -v pid="$dir/nginx.pid" \
      -v lb_http="127.0.0.1:$http_base" -v lb_rsocket="127.0.0.1:$rsocket_base" -v stream="$stream" -v module="$module" '
    BEGIN { if (stream == "load") print "load_module " module ";" }
    /^stream \{/ && stream == "none" { skip = 1; next }
    skip && /^\}/ { skip = 0; next }
    skip { next }
    /^pid / { print "pid " pid ";"; next }
    /^error_log / { print "error_log logs/error.log warn;"; next }
    /upstream marquee_http/ { upstream = "http" }
    /upstream marquee_rsocket/ { upstream = "rsocket" }
    /server marquee-[0-9]+:/ { next }
    /least_conn;/ { print; printf "%s", (upstream == "http" ? http : rsocket); next }
    /listen 8080;/ { sub(/8080/, lb_http) }
    /listen 7000;/ { sub(/7000/, lb_rsocket) }
    { print }
  ' deploy/nginx.conf >"$dir/nginx.conf"
  nginx -t -p "$dir" -c "$dir/nginx.conf" >"$dir/test.log" 2>&1 || { cat "$dir/test.log" >&2; die "nginx refused $dir/nginx.conf"; }
  say "starting the balancer (nginx) on http://127.0.0.1:$http_base$([ "$stream" = none ] || echo ", RSocket tcp 127.0.0.1:$rsocket_base")"
  start_detached "$dir/nginx.pid.start" "$dir/nginx.log" nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;'
  wait_for 10 "the balancer" "" "$dir/nginx.log" answers "$http_base"
  rm -f "$dir/nginx.pid.start"
}

# show_log <log>: why it failed: Spring Boot's failure report if there is one, else the log's end
show_log() {
  if grep -q 'APPLICATION FAILED TO START' "$1" 2>/dev/null; then
    sed -n '/APPLICATION FAILED TO START/,/^Action:/p' "$1" >&2
  else
    tail -n 30 "$1" >&2 || true
  fi
}

# wait_for <seconds> <what> <pid file or ""> <log> <command...>: until the command succeeds;
# fails when the time is up or the process of the pid file has exited
wait_for() {
  local seconds="$1" what="$2" pidfile="$3" log="$4" deadline
  shift 4
  deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ -n "$pidfile" ] && ! kill -0 "$(cat "$pidfile" 2>/dev/null || echo 0)" 2>/dev/null; then
      show_log "$log"
      die "$what exited (log: $log)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      show_log "$log"
      die "$what not ready after ${seconds}s (log: $log)"
    fi
    sleep 1
  done
}

# start_detached <pid file> <log> <command...>: in a session of its own (a Ctrl-C or a closed
# terminal does not reach it), writing its own pid
start_detached() {
  local pidfile="$1" log="$2"
  shift 2
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >"$log" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do [ -s "$pidfile" ] && return 0; sleep 0.1; done
  die "could not start $* (log: $log)"
}

build() {
  local mode="${MARQUEE_CLUSTER_BUILD:-auto}" stale=""
  [ -f "$jar" ] && stale=$(find src pom.xml frontend/src frontend/index.html -newer "$jar" -type f -print -quit 2>/dev/null || true)
  if [ "$mode" = always ] || { [ "$mode" = auto ] && { [ ! -f "$jar" ] || [ -n "$stale" ]; }; }; then
    say "building $jar and the test classpath (Kafka's broker comes with it)${stale:+ ($stale is newer than the jar)}"
    ./mvnw -q -B -ntp -DskipTests package test-compile dependency:build-classpath \
      -Dmdep.outputFile="$state/classpath.txt" -Dmdep.includeScope=test
  else
    [ -f "$jar" ] || die "no $jar (MARQUEE_CLUSTER_BUILD=never)"
    [ -z "$stale" ] || say "note: $stale is newer than $jar; MARQUEE_CLUSTER_BUILD=always rebuilds"
    if [ ! -s "$state/classpath.txt" ]; then
      say "resolving the test classpath (Kafka's broker)"
      ./mvnw -q -B -ntp dependency:build-classpath -Dmdep.outputFile="$state/classpath.txt" -Dmdep.includeScope=test
    fi
  fi
  grep -q 'kafka_2.13' "$state/classpath.txt" || die "no kafka_2.13 on the test classpath ($state/classpath.txt)"
  cp "$jar" "$state/marquee.jar"
}

start_kafka() {
  local dir="$state/kafka" cp id
  mkdir -p "$dir/data"
  cp=$(cat "$state/classpath.txt")
  cat >"$dir/server.properties" <<EOF
# one combined KRaft node (broker and controller), written by deploy/local-cluster.sh
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
  # the broker logs through the test classpath's Logback: INFO to its log, not DEBUG
  cat >"$dir/logback.xml" <<'EOF'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <logger name="org.apache.kafka.clients" level="WARN"/>
  <root level="INFO"><appender-ref ref="OUT"/></root>
</configuration>
EOF
  local jvm=("$java" -Xms256m -Xmx512m -Djava.awt.headless=true -Dlogback.configurationFile="$dir/logback.xml" -cp "$cp")
  if [ ! -f "$dir/data/meta.properties" ]; then
    id=$("${jvm[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    say "formatting Kafka's storage (cluster id $id)"
    "${jvm[@]}" kafka.tools.StorageTool format -t "$id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 \
      || { cat "$dir/format.log" >&2; die "could not format Kafka's storage"; }
  fi
  say "starting Kafka on 127.0.0.1:$kafka_port"
  start_detached "$dir/kafka.pid" "$dir/kafka.log" "${jvm[@]}" kafka.Kafka "$dir/server.properties"
  wait_for 120 "Kafka" "$dir/kafka.pid" "$dir/kafka.log" grep -q "Kafka Server started" "$dir/kafka.log"
  wait_for 10 "Kafka" "$dir/kafka.pid" "$dir/kafka.log" answers "$kafka_port"
}

redis_cluster_ok() {
  local port info
  for port in "${redis_ports[@]}"; do
    info=$(redis-cli -p "$port" cluster info 2>/dev/null) || return 1
    if ! grep -q 'cluster_state:ok' <<<"$info" || ! grep -q "cluster_known_nodes:${#redis_ports[@]}" <<<"$info"; then
      return 1
    fi
  done
}

start_redis() {
  local port dir seeds=()
  for port in "${redis_ports[@]}"; do
    dir="$state/redis-$port"
    # Redis keeps nothing on disk here, so every up starts a fresh Redis Cluster: the nodes
    # rebuild the sold seats from PostgreSQL, as after losing Redis; holds from before are gone
    rm -rf "$dir"; mkdir -p "$dir"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf \
      --cluster-node-timeout 2000 --save "" --appendonly no --daemonize yes --dir "$dir" \
      --notify-keyspace-events Ex --maxmemory-policy noeviction \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
    seeds+=("127.0.0.1:$port")
  done
  for port in "${redis_ports[@]}"; do
    wait_for 20 "Redis $port" "" "$state/redis-$port/redis.log" redis-cli -p "$port" ping >/dev/null
  done
  say "creating the Redis Cluster (3 masters, 3 replicas) on ${redis_ports[0]}-${redis_ports[-1]}"
  redis-cli --cluster create "${seeds[@]}" --cluster-replicas 1 --cluster-yes >"$state/redis-cluster-create.log" 2>&1 \
    || { cat "$state/redis-cluster-create.log" >&2; die "redis-cli --cluster create failed"; }
  wait_for 60 "the Redis Cluster" "" "$state/redis-cluster-create.log" redis_cluster_ok
}

create_database() {
  "${pg[@]}" -c 'select 1' >/dev/null || die "cannot reach PostgreSQL as postgres on 127.0.0.1:5432"
  if [ -z "$("${pg[@]}" -tAc "select 1 from pg_database where datname = '$db'")" ]; then
    say "creating database $db"
    "${pg[@]}" -c "create database $db"
  else
    say "database $db exists: keeping its data"
  fi
}

# every node trusts X-Forwarded-For from loopback, where the balancer is (rate limits then count
# the client it names; every client here is on loopback anyway)
start_node() {
  local i="$1" seed=false redis_nodes
  [ "$i" = 1 ] && seed=true
  redis_nodes=$(printf '127.0.0.1:%s,' "${redis_ports[@]}"); redis_nodes=${redis_nodes%,}
  say "starting node $i on http://127.0.0.1:$((http_base + i))"
  # shellcheck disable=SC2086 # extra JVM options and arguments, split on spaces
  start_detached "$state/node-$i.pid" "$state/node-$i.log" "$java" -Xmx512m ${MARQUEE_CLUSTER_JVM_OPTS:-} \
    -jar "$state/marquee.jar" --server.port=$((http_base + i)) --spring.rsocket.server.port=$((rsocket_base + i)) \
    --spring.profiles.active=demo --marquee.demo.seed=$seed \
    --spring.r2dbc.url="r2dbc:postgresql://127.0.0.1:5432/$db" \
    --spring.data.redis.cluster.nodes="$redis_nodes" \
    --marquee.live.kafka.bootstrap-servers="127.0.0.1:$kafka_port" \
    --marquee.outbox.bootstrap-servers="127.0.0.1:$kafka_port" \
    --marquee.warm-up.max-duration="${MARQUEE_CLUSTER_WARMUP:-30s}" \
    --marquee.server.trusted-proxies=127.0.0.1 ${MARQUEE_CLUSTER_OPTS:-}
}

node_ready() { readiness "$1" | grep -q '"status":"UP"'; }

wait_node() {
  local i="$1"
  # ready after its own warm-up (marquee.warm-up.*: MARQUEE_CLUSTER_WARMUP at most)
  wait_for 180 "node $i" "$state/node-$i.pid" "$state/node-$i.log" node_ready $((http_base + i))
  say "node $i ready"
}

up() {
  local n="${1:-2}" i port cmd f busy=() started
  [[ "$n" =~ ^[1-9]$ ]] || die "nodes: 1 to 9, not '$n'"
  [ -x "$java" ] || die "no JDK at MARQUEE_JAVA_HOME or JAVA_HOME ($JAVA_HOME)"
  for cmd in redis-server redis-cli psql curl ss setsid; do
    command -v "$cmd" >/dev/null || die "needs $cmd"
  done
  # refuse when already up, or when someone else has one of the ports
  for f in "$state"/node-*.pid "$state/kafka/kafka.pid" "$state"/redis-*/redis.pid; do
    if [ -s "$f" ] && kill -0 "$(tr -dc '0-9' <"$f")" 2>/dev/null; then
      die "a cluster is already up in $state ($f is running); see: $0 status; stop it with: $0 down"
    fi
  done
  for port in "$kafka_port" "$controller_port" "${redis_ports[@]}" "$http_base" "$rsocket_base"; do
    if answers "$port"; then busy+=("$port"); fi
  done
  for ((i = 1; i <= 9; i++)); do
    [ "$i" -le "$n" ] || [ -s "$state/node-$i.pid" ] || continue
    for port in $((http_base + i)) $((rsocket_base + i)); do
      if answers "$port"; then busy+=("$port"); fi
    done
  done
  if [ "${#busy[@]}" -gt 0 ]; then
    die "ports in use by other processes: ${busy[*]}"
  fi
  started=$SECONDS
  mkdir -p "$state"; touch "$marker"; echo "$n" >"$state/nodes"
  trap 'code=$?; if [ "$code" != 0 ]; then say "up failed: stopping what it started (logs stay in $state)"; stop_all; fi' EXIT
  build
  start_kafka
  start_redis
  create_database
  # node 1 first: once it answers HTTP it has migrated the schema (and it alone seeds the demo
  # event, when it is ready); then the others, all warming up at the same time
  start_node 1
  wait_for 180 "node 1" "$state/node-1.pid" "$state/node-1.log" answers $((http_base + 1))
  for ((i = 2; i <= n; i++)); do start_node "$i"; done
  for ((i = 1; i <= n; i++)); do wait_node "$i"; done
  start_balancer "$n"
  trap - EXIT
  summary "$n" $((SECONDS - started))
}

summary() {
  local n="$1" took="$2" i event
  event=$(curl -s --max-time 3 "http://127.0.0.1:$((http_base + 1))/api/v1/events" | grep -o '"eventId":"[^"]*"' | head -n 1 | cut -d '"' -f 4 || true)
  echo
  echo "Marquee cluster up in ${took}s ($n nodes), state in $state"
  if answers "$http_base"; then
    echo "  balancer: http://127.0.0.1:$http_base/$(answers "$rsocket_base" && echo " (RSocket tcp 127.0.0.1:$rsocket_base)"), least connections over the nodes"
  fi
  for ((i = 1; i <= n; i++)); do
    echo "  node $i: http://127.0.0.1:$((http_base + i))/ (RSocket tcp 127.0.0.1:$((rsocket_base + i))), log $state/node-$i.log"
  done
  echo "  Kafka:  127.0.0.1:$kafka_port (log $state/kafka/kafka.log)"
  echo "  Redis Cluster: 127.0.0.1:${redis_ports[0]}-${redis_ports[-1]}"
  echo "  PostgreSQL: database $db on 127.0.0.1:5432"
  if [ -n "$event" ]; then
    echo "  the demo event on every node: http://127.0.0.1:$((http_base + 1))/events/$event ... http://127.0.0.1:$((http_base + n))/events/$event"
  fi
  echo "Stop: $0 down   (add --purge to drop the database and delete $state)"
}

status() {
  local n i pid port ok=0 info
  n=$(node_count)
  [ -d "$state" ] || { echo "no cluster state in $state"; return 1; }
  echo "state: $state"
  for ((i = 1; i <= n; i++)); do
    port=$((http_base + i))
    if pid=$(live_pid "$state/node-$i.pid" "server.port=$port"); then
      info=$(readiness "$port" | grep -o '"status":"[A-Z_]*"' | head -n 1 | cut -d '"' -f 4 || true)
      printf '  node %d  pid %-7s http://127.0.0.1:%d  readiness %s\n' "$i" "$pid" "$port" "${info:-no answer}"
      [ "$info" = UP ] || ok=1
    else
      printf '  node %d  not running (port %d)\n' "$i" "$port"; ok=1
    fi
  done
  if pid=$(live_pid "$state/nginx/nginx.pid" nginx); then
    printf '  nginx   pid %-7s http://127.0.0.1:%d  %s\n' "$pid" "$http_base" "$(answers "$http_base" && echo answers || echo 'no answer')"
  fi
  if pid=$(live_pid "$state/kafka/kafka.pid" kafka.Kafka); then
    printf '  Kafka   pid %-7s 127.0.0.1:%d  %s\n' "$pid" "$kafka_port" "$(answers "$kafka_port" && echo answers || echo 'no answer')"
    answers "$kafka_port" || ok=1
  else
    printf '  Kafka   not running (port %d)\n' "$kafka_port"; ok=1
  fi
  for port in "${redis_ports[@]}"; do
    if pid=$(live_pid "$state/redis-$port/redis.pid" ":$port"); then
      info=$(redis-cli -p "$port" info replication 2>/dev/null | tr -d '\r' | sed -n 's/^role://p' || true)
      printf '  Redis   pid %-7s 127.0.0.1:%d  %s\n' "$pid" "$port" "${info:-no answer}"
      [ -n "$info" ] || ok=1
    else
      printf '  Redis   not running (port %d)\n' "$port"; ok=1
    fi
  done
  info=$(redis-cli -p "${redis_ports[0]}" cluster info 2>/dev/null | tr -d '\r' | sed -n 's/^cluster_state://p' || true)
  echo "  Redis Cluster state: ${info:-no answer}"
  if [ -n "$("${pg[@]}" -tAc "select 1 from pg_database where datname = '$db'" 2>/dev/null || true)" ]; then
    echo "  PostgreSQL: database $db exists"
  else
    echo "  PostgreSQL: no database $db"
  fi
  return "$ok"
}

down() {
  local purge="${1:-}"
  [ -z "$purge" ] || [ "$purge" = --purge ] || die "down takes only --purge"
  if [ -d "$state" ]; then stop_all; else say "no state in $state: nothing to stop"; fi
  if [ "$purge" = --purge ]; then
    say "dropping database $db"
    "${pg[@]}" -c "drop database if exists $db with (force)"
    if [ -d "$state" ]; then
      [ -f "$marker" ] || die "$state has no $(basename "$marker"): not deleting it"
      rm -rf "$state"; say "deleted $state"
    fi
  fi
}

case "${1:-}" in
  up) up "${2:-2}" ;;
  down) down "${2:-}" ;;
  status) status ;;
  *) sed -n '2,/^set -euo/s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
