#!/usr/bin/env python3
"""Table of docs/measurements/titan-in-tidb-direct.yaml's results (both engines with use_direct_reads):
ops/s per cell, the median per workload, row size and engine, titan-direct ÷ rocksdb-direct per repeat
(the pair of a repeat ran back to back) and its median, TiDB's ratio beside it, and the reads per
operation from the engine counters (cumulative, so run − load = the phase). A device read per
operation is a block-cache miss (rocksdb: a data block; titan: an index-LSM block) or a blob read.
Usage: titan-in-tidb-direct.py RESULTS_DIR/results.json [BASE_LABEL OTHER_LABEL]
(default rocksdb-direct titan-direct; `rocksdb titan` for the buffered cells of harness/matrices/titan-in-tidb.yaml)."""
import json, statistics, sys
from collections import defaultdict

BASE, OTHER = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ("rocksdb-direct", "titan-direct")
TIDB = {("scan100", 1024): "0.87× (25,171 → 21,854)", ("scan100", 4096): "< 1 (slower)",
        ("point-get", 1024): "1.01× (139,255 → 140,486)", ("point-get", 4096): "≈ 1"}
r = json.load(open(sys.argv[1]))
rates = defaultdict(dict)   # (wl, size, engine) -> {repeat: ops/s}
p99 = defaultdict(list)
reads = defaultdict(lambda: defaultdict(list))
for c in r["cells"]:
    if c.get("status", "ok") != "ok" or not c.get("phases"):
        print(f"{c['cell_id']:40s} {c.get('status')}")
        continue
    wl, v, _, engine, rep = c["cell_id"].split("/")
    size = int(v[1:])
    ph = {p["phase"]: p for p in c["phases"]}
    if "run" not in ph:
        continue
    run, load = ph["run"], ph["load"]
    key = (wl, size, engine)
    rates[key][rep] = run["ops_per_sec"]
    p99[key].append(run["latency_us"]["p99"] / 1000)
    ops = run["ops"] or 1
    R, L = run.get("engine_counters", {}), load.get("engine_counters", {})
    d = lambda k: (R.get(k, 0) - L.get(k, 0)) / ops
    if engine.startswith("rocksdb"):
        row = {"hits": d("rocksdb.block.cache.data.hit"), "misses": d("rocksdb.block.cache.data.miss"), "blob": 0.0}
    else:
        row = {"hits": d("block_cache.hit"), "misses": d("block_cache.miss"), "blob": d("titan.blob.values_read")}
    for k, x in row.items():
        reads[key][k].append(x)
    print(f"{c['cell_id']:40s} {run['ops_per_sec']:9.1f} ops/s  {run['seconds']:6.1f} s")
print()
print("| workload | row | engine | ops/s, median (per repeat) | titan ÷ rocksdb, median (per repeat) | TiDB titan ÷ rocksdb | p99 ms, median | block cache hits / op | block cache misses / op (a read each: direct = a device read) | blob reads / op (likewise) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for key in sorted(rates, key=lambda k: (k[0] != "scan100", k[1], k[2] != BASE)):
    wl, size, engine = key
    v = rates[key]
    reps = sorted(v)
    med = statistics.median(v.values())
    ratio = ""
    if engine == OTHER and (wl, size, BASE) in rates:
        base = rates[(wl, size, BASE)]
        pairs = [v[k] / base[k] for k in reps if k in base]
        if pairs:
            ratio = f"**{statistics.median(pairs):.2f}×** ({', '.join(f'{x:.2f}' for x in pairs)})"
    rd = {k: statistics.median(x) for k, x in reads[key].items()}
    print(f"| {wl} | {size // 1024} KB | {engine} | {med:,.0f} ({', '.join(f'{v[k]:,.0f}' for k in reps)}) | {ratio} | "
          f"{TIDB.get((wl, size), '') if engine == OTHER else ''} | {statistics.median(p99[key]):.1f} | {rd['hits']:.1f} | {rd['misses']:.1f} | {rd['blob']:.1f} |")
