#!/usr/bin/env python3
"""Who used the CPU during a load run: the server, the Gatling client, PostgreSQL, Redis, or
anything else on the box (another engineer's test suite, say).

    cpusample.py OUT SERVER_PID CLIENT_ROOT_PID [INTERVAL]

Every INTERVAL seconds (default 1) reads utime+stime of every process; the growth between two
samples goes to the process's class. The client class is CLIENT_ROOT_PID and its descendants
(Maven and the Gatling JVM it forks). Writes OUT as JSON (updated every sample, so it is complete
whenever this process is stopped): cores used per class, averaged over the run, the box's busy
cores from /proc/stat, the load averages seen, and the busiest "other" commands.
"""
import json
import os
import sys
import time

out, server, client = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
interval = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
hz = os.sysconf("SC_CLK_TCK")


def processes():
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                raw = f.read()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        table[int(name)] = (comm, int(fields[1]), int(fields[11]) + int(fields[12]))  # comm, ppid, utime+stime
    return table


def busy():
    with open("/proc/stat") as f:
        cpu = list(map(int, f.readline().split()[1:]))
    return sum(cpu) - cpu[3] - cpu[4], sum(cpu)  # busy (all but idle and iowait), total


def classify(pid, table):
    if pid == server:
        return "server"
    comm = table[pid][0]
    seen, p = set(), pid
    while p in table and p not in seen:
        if p == client:
            return "gatling"
        seen.add(p)
        p = table[p][1]
    if comm.startswith("postgres") or comm == "postmaster":
        return "postgres"
    if comm.startswith("redis-server"):
        return "redis"
    return "other"


classes = {"server": 0, "gatling": 0, "postgres": 0, "redis": 0, "other": 0}
others = {}
loads = []
start = time.time()
prev, prev_busy = processes(), busy()
first_busy = prev_busy
while True:
    time.sleep(interval)
    now, now_busy = processes(), busy()
    for pid, (comm, _, ticks) in now.items():
        before = prev.get(pid)
        grown = ticks - before[2] if before and before[0] == comm else 0
        if grown <= 0:
            continue
        kind = classify(pid, now)
        classes[kind] += grown
        if kind == "other":
            others[comm] = others.get(comm, 0) + grown
    with open("/proc/loadavg") as f:
        loads.append(float(f.read().split()[0]))
    prev, prev_busy = now, now_busy
    seconds = time.time() - start
    cores = {k: round(v / hz / seconds, 2) for k, v in classes.items()}
    box = (now_busy[0] - first_busy[0]) / max(1, now_busy[1] - first_busy[1]) * os.cpu_count()
    report = {
        "seconds": round(seconds, 1),
        "cores": cores,
        "box_busy_cores": round(box, 2),
        "load1_max": max(loads),
        "load1_last": loads[-1],
        "top_other": sorted(((c, round(t / hz / seconds, 2)) for c, t in others.items()), key=lambda x: -x[1])[:5],
    }
    with open(out + ".tmp", "w") as f:
        json.dump(report, f)
    os.replace(out + ".tmp", out)
