#!/usr/bin/env python3
"""Table of docs/measurements/titan-in-tidb-scan.yaml's results: ops/s per cell, medians per
engine and workload, the ratio to rocksdb of the same repeat (the cells of a repeat run back to back) (TiDB's figures beside), and the engine reads per
operation from the cells' engine counters (cumulative, so run − load = the phase).
Usage: titan-in-tidb-scan.py RESULTS_DIR/results.json"""
import json, statistics, sys
from collections import defaultdict

TIDB = {"scan100": "25,171 → 21,854 = 0.87×", "point-get": "139,255 → 140,486 = 1.01×"}
r = json.load(open(sys.argv[1]))
rates = defaultdict(list)
reads = defaultdict(lambda: defaultdict(list))
for c in r["cells"]:
    if c.get("status", "ok") != "ok" and not c.get("phases"):
        continue
    wl, _, _, engine, rep = c["cell_id"].split("/")
    ph = {p["phase"]: p for p in c["phases"]}
    if "run" not in ph:
        continue
    run, load = ph["run"], ph["load"]
    rates[(wl, engine)].append(run["ops_per_sec"])
    ops = run["ops"] or 1
    R, L = run.get("engine_counters", {}), load.get("engine_counters", {})
    d = lambda k: (R.get(k, 0) - L.get(k, 0)) / ops
    if engine.startswith("rocksdb"):
        row = {"block cache hits": d("rocksdb.block.cache.data.hit"), "block cache misses (a pread each)": d("rocksdb.block.cache.data.miss"),
               "blob reads": 0.0, "engine get/seek calls": d("rocksdb.number.keys.read") + d("rocksdb.number.db.seek")}
    else:
        row = {"block cache hits": d("block_cache.hit"), "block cache misses (a pread each)": d("block_cache.miss"),
               "blob reads": d("titan.blob.values_read"), "engine get/seek calls": float("nan")}
    for k, v in row.items():
        reads[(wl, engine)][k].append(v)
    print(f"{c['cell_id']:40s} {run['ops_per_sec']:9.0f} ops/s  {run['seconds']:6.1f} s")
print()
print("| workload (1 KB rows) | engine | ops/s (median of repeats) | ratio to rocksdb, median (per repeat) | TiDB rocksdb → titan | block cache hits / op | block cache misses / op | blob reads / op |")
print("|---|---|---|---|---|---|---|---|")
for (wl, engine), v in sorted(rates.items()):
    base = rates.get((wl, "rocksdb"))
    med = statistics.median(v)
    pairs = [x / b for x, b in zip(v, base or [])]
    ratio = statistics.median(pairs) if pairs else float("nan")
    rd = {k: statistics.median(x) for k, x in reads[(wl, engine)].items()}
    print(f"| {wl} | {engine} | {med:,.0f} ({', '.join(f'{x:,.0f}' for x in v)}) | {ratio:.2f}× ({', '.join(f'{x:.2f}' for x in pairs)}) | {TIDB.get(wl, '') if engine == 'titan' else ''} | "
          f"{rd['block cache hits']:.1f} | {rd['block cache misses (a pread each)']:.1f} | {rd['blob reads']:.1f} |")
