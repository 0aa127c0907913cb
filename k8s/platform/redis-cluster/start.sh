#!/bin/sh
# Starts one Redis Cluster node. The peers' addresses in nodes.conf are pod IPs, which change
# when pods are recreated: if all of them were (a node pool upgrade, a namespace restored), no
# node could reach another. So before starting, each peer's entry gets the current IP of the
# hostname it announced, where that name resolves already (the headless service publishes pods
# before they are ready); a peer that starts later finds this node the same way, and the nodes
# tell each other their new addresses.
set -eu
conf=/data/nodes.conf
if [ -s "$conf" ]; then
  awk '{
    n = index($2, ",")
    if (n > 0) {
      host = substr($2, n + 1); sub(/,.*/, "", host); ip = ""
      cmd = "getent ahostsv4 " host
      if ((cmd | getline line) > 0) { split(line, f, " "); ip = f[1] }
      close(cmd)
      if (ip != "" && match($2, /:[0-9]+@[0-9]+/)) $2 = ip substr($2, RSTART)
    }
    print
  }' "$conf" > "$conf.new"
  mv "$conf.new" "$conf"
fi
exec redis-server /etc/redis/redis.conf "$@"
