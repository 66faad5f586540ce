#!/usr/bin/env python3
"""Summarizes docs/measurements/btree-stalls.sh's output directory: per variant and benchmark the
median ops/s, p99.9 and max (ms) over the rounds, device WA, and for btree the writes over 1 / 5 / 50 ms
by cause (btree.write.stall.*, per phase: counters are cumulative, so each phase minus the one before)."""
import glob, json, os, statistics as st, sys

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/btstalls"
rows = {}
order = []
for f in sorted(glob.glob(os.path.join(out, "r*-*.json"))):
    variant = os.path.basename(f)[:-5].split("-", 1)[1]
    if variant not in order:
        order.append(variant)
    prev = {}
    for r in json.load(open(f)):
        c = r.get("engine_counters") or {}
        lat = r.get("latency_us") or {}
        stalls = {}
        for k, v in c.items():
            if k.startswith("btree.write.stall.") and not k.endswith("max_us"):
                d = v - prev.get(k, 0)
                if d:
                    cause, bucket = k[len("btree.write.stall."):].rsplit(".", 1)
                    stalls.setdefault(cause, {})[bucket] = d
        mx = {k[len("btree.write.stall."):-len(".max_us")]: v for k, v in c.items() if k.startswith("btree.write.stall.") and k.endswith("max_us")}
        wb = c.get("btree.cache.write_backs", 0) - prev.get("btree.cache.write_backs", 0)
        prev = dict(c)
        rows.setdefault((r["benchmark"], variant), []).append(dict(
            ops=r.get("ops_per_sec"), p999=lat.get("p999"), max=lat.get("max"), wa=r.get("write_amp"),
            stalls=stalls, wb=wb, stallmax=mx))

def med(xs):
    xs = [x for x in xs if x is not None]
    return st.median(xs) if xs else float("nan")

print("| variant | benchmark | ops/s | p99.9 ms | max ms (runs) | WA device | writer write-backs | writes > 5 ms by cause (summed over runs) | writes > 50 ms by cause |")
print("|---|---|---:|---:|---|---:|---:|---|---|")
for bench in ("fillrandom", "overwrite"):
    for v in order:
        l = rows.get((bench, v))
        if not l:
            continue
        agg5, agg50 = {}, {}
        for x in l:
            for cause, b in x["stalls"].items():
                agg5[cause] = agg5.get(cause, 0) + b.get("over_5ms", 0)
                agg50[cause] = agg50.get(cause, 0) + b.get("over_50ms", 0)
        fmt = lambda a: ", ".join(f"{k} {n}" for k, n in sorted(a.items(), key=lambda kv: -kv[1]) if n) or ("–" if v != "rocksdb" and v != "main" else "n/a")
        maxes = ", ".join(f"{x['max'] / 1000:.0f}" for x in l if x["max"] is not None)
        print(f"| {v} | {bench} | {med([x['ops'] for x in l]):,.0f} | {med([x['p999'] for x in l]) / 1000:.1f} | {med([x['max'] for x in l]) / 1000:.0f} ({maxes}) | {med([x['wa'] for x in l]):.2f} | "
              f"{med([x['wb'] for x in l]) if v not in ('rocksdb',) else float('nan'):.0f} | {fmt(agg5)} | {fmt(agg50)} |")
