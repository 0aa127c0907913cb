#!/usr/bin/env bash
# Benchmark: steady purchases. bench/holds-gatling.sh with every hold bought at once (test card,
# the simulated gateway answering in marquee.payment.latency, 20 ms by default): [concurrency]
# buyers, each holding one never-held seat and buying it, back to back. Reports purchases/s and
# the purchase's latency beside the holds; redis-benchmark still runs after each run, as there.
#
#   bench/purchases.sh [runs] [seconds] [concurrency]          (defaults 5 10 64)
#
# PURCHASES_MAX_RATE (default 5000): purchases/s the venue is sized for; PURCHASES_OUT: results
# folder (default bench/target/purchases). HOLDS_WARMUP_FIRST, HOLDS_WARMUP and HOLDS_SERVER_OPTS
# work as for holds-gatling.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
HOLDS_BUY=1 HOLDS_MAX_RATE="${PURCHASES_MAX_RATE:-5000}" HOLDS_OUT="${PURCHASES_OUT:-bench/target/purchases}" \
  exec bench/holds-gatling.sh "$@"
