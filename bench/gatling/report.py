#!/usr/bin/env python3
"""Summarises bench/onsale.sh runs: per step Gatling's own statistics (the statistics table of the
run's HTML report: Gatling 3.14 writes no stats.json, and its simulation.log is binary), the
outcomes the buyers saw (bench/gatling Outcomes: status and problem slug per answer), holds/s and
purchases/s over the window between the first and the last success, the correctness proofs
(proof.txt), and who used the CPU (cpu.json). With several runs, the medians follow.

    report.py RUN_DIR...
"""
import glob
import html
import json
import re
import statistics
import sys

STEPS = ["queue join", "queue poll", "availability", "hold best-available", "hold seat", "purchase"]
SEATS = 1000


def gatling_table(run):
    """{request name: {total, ok, ko, p50, p75, p95, p99, max, mean}} from the report's statistics table."""
    pages = sorted(glob.glob(f"{run}/gatling/*/index.html"))
    if not pages:
        return {}, []
    page = open(pages[-1], encoding="utf-8").read()
    body = page[page.index('id="container_statistics_body"'):]
    body = body[:body.index("</table>")]
    table = {}
    for row in re.findall(r"<tr id=.*?</tr>", body, re.S):
        name = html.unescape(re.search(r'class="ellipsed-name">(.*?)</span>', row).group(1))
        cells = dict(re.findall(r'<td class="value \w+ col-(\d+)">([^<]*)</td>', row))
        num = lambda c: float(cells[c]) if cells.get(c, "-") not in ("-", "") else float("nan")
        table[name] = {"total": num("2"), "ok": num("3"), "ko": num("4"), "p50": num("8"), "p75": num("9"),
                       "p95": num("10"), "p99": num("11"), "max": num("12"), "mean": num("13")}
    errors = []
    if 'id="container_errors"' in page:
        err = page[page.index('id="container_errors"'):]
        err = err[:err.index("</table>")]
        for row in re.findall(r"<tr>.*?</tr>", err, re.S):
            cells = [html.unescape(re.sub(r"<span[^>]*display:none[^>]*>.*?</span>|<[^>]+>", "", c)).strip()
                     for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            if len(cells) >= 3:
                errors.append((cells[0], cells[2] if cells[1] == "0" else cells[1]))
    return table, errors


def load(run):
    outcomes = json.load(open(f"{run}/outcomes.json"))
    proof = dict(line.strip().split("=", 1) for line in open(f"{run}/proof.txt") if "=" in line)
    try:
        cpu = json.load(open(f"{run}/cpu.json"))
    except (OSError, ValueError):
        cpu = {}
    table, errors = gatling_table(run)
    return outcomes, proof, cpu, table, errors


def rate(window):
    if not window.get("count"):
        return 0.0, 0
    seconds = max(window["windowMs"], 1) / 1000.0
    return window["count"] / seconds, window.get("peakPerSecond", 0)


def proofs(proof, outcomes):
    p = {k: (int(v) if re.fullmatch(r"-?\d+", v) else v) for k, v in proof.items()}
    seats = p.get("avail_len", SEATS)
    checks = [
        ("tickets sold == seats", p["tickets"] == seats, f"{p['tickets']} of {seats}"),
        ("no seat sold twice", p["seats_sold_twice"] == 0 and p["distinct_seats"] == p["tickets_all"],
         f"{p['seats_sold_twice']} seats twice, {p['distinct_seats']} distinct of {p['tickets_all']} tickets"),
        ("availability all X", p["avail_sold"] == seats and p["avail_held"] == 0 and p["avail_free"] == 0,
         f"X={p['avail_sold']} H={p['avail_held']} .={p['avail_free']}"),
        ("every X on the map has a ticket", p["avail_sold"] == p["tickets"],
         f"{p['avail_sold'] - p['tickets']} seats sold on the map without a ticket"),
        ("approved payments == orders", p["payments_approved"] - p["refunds"] == p["orders"] == p["sales_orders"],
         f"approved {p['payments_approved']}, refunds {p['refunds']}, orders {p['orders']} (db) / "
         f"{p['sales_orders']} (marquee_sales_total)"),
        ("sold seats counter == tickets", p["sales_seats"] == p["tickets"],
         f"marquee_sales_seats_total {p['sales_seats']}, tickets {p['tickets']}"),
        ("every order has tickets", p["orders_without_tickets"] == 0 and p["orders_same_payment"] == 0,
         f"{p['orders_without_tickets']} without, {p['orders_same_payment']} payments on two orders"),
        ("no attempt left charged/unknown", p["attempts_CHARGED"] + p["attempts_UNKNOWN"] + p["attempts_PENDING"] == 0,
         f"PENDING {p['attempts_PENDING']} CHARGED {p['attempts_CHARGED']} UNKNOWN {p['attempts_UNKNOWN']}"),
        ("every CONFIRMED attempt has its order", p["attempts_confirmed_without_order"] == 0
         and p["attempts_CONFIRMED"] == p["orders"],
         f"CONFIRMED {p['attempts_CONFIRMED']}, without order {p['attempts_confirmed_without_order']}; "
         f"DECLINED {p['attempts_DECLINED']} FAILED {p['attempts_FAILED']} REFUNDED {p['attempts_REFUNDED']}"),
        ("client saw each seat once", outcomes["soldSeats"] == outcomes["distinctSoldSeats"] == p["tickets"],
         f"{outcomes['soldSeats']} seats in 201 answers, {outcomes['distinctSoldSeats']} distinct"),
    ]
    return checks


def fmt(x, digits=0):
    if x is None or (isinstance(x, float) and x != x):
        return "-"
    return f"{x:,.{digits}f}"


def report_run(run):
    outcomes, proof, cpu, table, errors = load(run)
    try:
        settled = dict(line.strip().split("=", 1) for line in open(f"{run}/proof-settled.txt") if "=" in line)
        settled_after = open(f"{run}/settle.txt").read().strip().split("=")[1]
    except OSError:
        settled, settled_after = None, None
    holds, hold_peak = rate(outcomes["windows"]["holds"])
    buys, buy_peak = rate(outcomes["windows"]["purchases"])
    print(f"== {run}")
    print(f"{'step':<22}{'count':>8}{'ok':>8}{'ko':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for step in STEPS:
        s = table.get(step)
        if s:
            print(f"{step:<22}{fmt(s['total']):>8}{fmt(s['ok']):>8}{fmt(s['ko']):>6}{fmt(s['p50']):>9}"
                  f"{fmt(s['p95']):>9}{fmt(s['p99']):>9}{fmt(s['max']):>9}")
    print("answers by outcome (count p50/p95/p99 ms):")
    for key, a in outcomes["answers"].items():
        print(f"  {key.replace('|', ' -> '):<52}{a['count']:>7}  {a['p50']}/{a['p95']}/{a['p99']}")
    print("buyers: " + "; ".join(f"{k}: {v}" for k, v in outcomes["buyers"].items()))
    w = outcomes["windows"]
    print(f"holds: {w['holds']['count']} in {w['holds'].get('windowMs', 0) / 1000:.1f}s = {holds:.1f}/s (peak second {hold_peak});"
          f" purchases: {w['purchases']['count']} in {w['purchases'].get('windowMs', 0) / 1000:.1f}s = {buys:.1f}/s"
          f" (peak second {buy_peak})")
    if errors:
        print("gatling KO: " + "; ".join(f"{e} x{n}" for e, n in errors))
    print("proofs:")
    for name, ok, detail in proofs(proof, outcomes):
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}: {detail}")
    if settled:
        print(f"proofs again after waiting {settled_after}s for recovery and hold expiry:")
        for name, ok, detail in proofs(settled, outcomes):
            print(f"  [{'PASS' if ok else 'FAIL'}] {name}: {detail}")
    print(f"  server log: {proof.get('server_errors_logged')} ERROR/Exception lines; holds rejected: {proof.get('holds_rejected') or 'none'}")
    if cpu:
        c = cpu["cores"]
        print(f"cpu (cores, avg over {cpu['seconds']}s): server {c['server']} gatling {c['gatling']} postgres {c['postgres']}"
              f" redis {c['redis']} other {c['other']} (box busy {cpu['box_busy_cores']} of 2; load1 max {cpu['load1_max']});"
              f" top other: {cpu['top_other'][:3]}")
    row = {"holds/s": holds, "purchases/s": buys, "hold peak/s": hold_peak, "purchase peak/s": buy_peak,
           "tickets": int(proof["tickets"]), "other cores": (cpu.get("cores") or {}).get("other", float("nan")),
           "server cores": (cpu.get("cores") or {}).get("server", float("nan"))}
    for step in STEPS:
        s = table.get(step)
        if s:
            for k in ("total", "ko", "p50", "p95", "p99"):
                row[f"{step} {k}"] = s[k]
    row["passed"] = all(ok for _, ok, _ in proofs(settled or proof, outcomes))
    return row


def main(runs):
    rows = [report_run(r) for r in runs]
    if len(rows) < 2:
        return
    print(f"== median of {len(rows)} runs (per run in brackets)")
    keys = [k for k in rows[0] if k != "passed" and all(k in r for r in rows)]
    for k in keys:
        values = [r[k] for r in rows]
        digits = 1 if k.endswith("/s") or "cores" in k else 0
        print(f"  {k:<28}{fmt(statistics.median(values), digits):>10}   [{', '.join(fmt(v, digits) for v in values)}]")
    print(f"  all proofs passed: {[r['passed'] for r in rows]}")


if __name__ == "__main__":
    main(sys.argv[1:])
