# What the Gatling benchmarks (onsale.sh, holds-gatling.sh) share; sourced, not run. Expects
# JAVA_HOME, jar (the server jar) and out (the results folder) to be set.

# bench_prepare <name>: one run of <name> at a time (a second would clear this one's results
# and share its CPU), a fresh $out, the jar built if older than the sources, the Gatling module
# compiled, and a copy of the jar for the server to run (a build of the tree, by anyone,
# rewrites target/*.jar, and a JVM whose jar changes under it stops answering).
bench_prepare() {
  mkdir -p bench/target; exec 9>"bench/target/$1.lock"
  flock -n 9 || { echo "another bench/$1.sh is running (bench/target/$1.lock)" >&2; exit 1; }
  rm -rf "$out"; mkdir -p "$out"
  if [ "$jar" = target/marquee-0.1.0-SNAPSHOT.jar ] \
    && { [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -type f -print -quit)" ]; }; then
    echo "building $jar"; ./mvnw -q -B -ntp -DskipTests package
  fi
  ./mvnw -q -B -ntp -f bench/gatling/pom.xml test-compile
  cp "$jar" "$out/marquee.jar"
  server_jar="$out/marquee.jar"
  # BENCH_AOT=<file>: the JVM's ahead-of-time cache (JDK 25). It holds only classes loaded from
  # the class path, so the server runs from its extracted jar (kept beside the cache, as the
  # cache records the jars it was made with). No such file: this run is the training run, and
  # the server writes the cache when it stops; otherwise the server starts with it (and runs the
  # jar the cache was made from).
  if [ -n "${BENCH_AOT:-}" ]; then
    local app="$BENCH_AOT.app"
    if [ ! -f "$BENCH_AOT" ]; then
      rm -rf "$app"
      "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$out/marquee.jar" extract --destination "$app"
      aot_opts="-XX:AOTCacheOutput=$BENCH_AOT"
    else
      [ -f "$app/marquee.jar" ] || { echo "BENCH_AOT: $app (the jar the cache was made with) is missing" >&2; exit 1; }
      aot_opts="-XX:AOTCache=$BENCH_AOT"
    fi
    server_jar="$app/marquee.jar"
  fi
  gatling_version=$(sed -n 's:.*<gatling.version>\(.*\)</gatling.version>.*:\1:p' bench/gatling/pom.xml)
  # one socket is one file descriptor, on the server and in the client alike
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

# bench_start_server <db> <key prefix> <jvm options> [server arguments...]: a fresh database, the
# server on a free port ($port, $base) with its own Redis key prefix and rate limits off, both
# dropped on exit (and $sampler stopped, if one was started), waiting until it reports ready (as a
# load balancer does: after the node's warm-up, marquee.warm-up.*).
bench_start_server() {
  db="$1"; prefix="$2"; local jvm_opts="$3"; shift 3
  port=$(python3 .ci/free-port)
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $db" >/dev/null
  # BENCH_SERVER_CPUS (e.g. 0): the cores the server is pinned to (taskset), all by default
  local pin=()
  [ -n "${BENCH_SERVER_CPUS:-}" ] && pin=(taskset -c "$BENCH_SERVER_CPUS")
  # shellcheck disable=SC2086 # extra JVM options, e.g. a flight recording
  "${pin[@]}" "$JAVA_HOME/bin/java" -Xms1g -Xmx1g ${aot_opts:-} $jvm_opts -jar "$server_jar" --server.port="$port" \
    --spring.rsocket.server.port=0 --spring.profiles.active=demo --marquee.demo.seed=false \
    --marquee.hold.key-prefix="$prefix" --marquee.rate-limit.enabled=false \
    --spring.r2dbc.url="r2dbc:postgresql://127.0.0.1:5432/$db" --logging.level.root=WARN \
    "$@" >"$out/server.log" 2>&1 &
  server=$!
  sampler=""
  trap bench_cleanup EXIT
  base="http://127.0.0.1:$port"
  # up to 5 minutes: start-up, then a warm-up of up to marquee.warm-up.max-duration (2 min)
  for _ in $(seq 1 300); do curl -fs -m 5 "$base/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
  curl -fs -m 30 "$base/actuator/health/readiness" >/dev/null || { echo "server did not start:"; tail -50 "$out/server.log"; exit 1; }
}

bench_cleanup() {
  if [ -n "${sampler:-}" ]; then kill "$sampler" 2>/dev/null || true; fi
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)" >/dev/null || true
  redis-cli --scan --pattern "$prefix:*" | xargs -r -n 1000 redis-cli unlink >/dev/null || true
}

# json <python subscript>: a field of the JSON on stdin, e.g. json '["eventId"]'
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
