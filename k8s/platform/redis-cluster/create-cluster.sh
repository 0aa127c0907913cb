#!/bin/sh
# Makes the nodes given as arguments (host:port) one Redis Cluster with a replica for each
# master (six nodes: three masters), once all of them answer. If any of them serves slots
# already, the cluster exists: it is not created again, only checked (a failed check fails the
# Job, for an operator to look at with redis-cli --cluster check / fix).
set -eu
for node in "$@"; do
  until redis-cli -h "${node%:*}" -p "${node#*:}" ping 2>/dev/null | grep -q PONG; do
    echo "waiting for $node"; sleep 2
  done
done
for node in "$@"; do
  if redis-cli -h "${node%:*}" -p "${node#*:}" cluster info | grep -q '^cluster_slots_assigned:[1-9]'; then
    echo "$node already serves slots: the cluster exists, checking it"
    # a cluster whose nodes just restarted may take a few seconds to agree again
    for attempt in 1 2 3 4 5 6 7 8 9 10 11 12; do
      redis-cli --cluster check "$node" && exit 0
      sleep 5
    done
    exit 1
  fi
done
redis-cli --cluster create "$@" --cluster-replicas 1 --cluster-yes
first="$1"
until redis-cli -h "${first%:*}" -p "${first#*:}" cluster info | grep -q '^cluster_state:ok'; do sleep 1; done
echo "Redis Cluster created"
