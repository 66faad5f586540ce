#!/usr/bin/env python3
"""Table of medians from titan-defaults.sh's text outputs: overwrite ops/s, WA, bytes per user byte
by category, space amp; ratios against the lsm of the same shape (median of per-round ratios)."""
import glob, os, re, statistics, sys

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/titandefaults"
UNIT = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}

def size(text):
    n, u = text.split()
    return float(n) * UNIT[u]

def parse(path):
    lines = open(path).read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("overwrite"):
            ops = float(re.search(r"([\d.]+) ops/sec", line).group(1))
            d = lines[i + 1]
            user = size(re.search(r"user ([\d.]+ \w+)", d).group(1))
            wa = float(re.search(r"WA ([\d.]+)", d).group(1))
            cats = {k: size(v) / user for k, v in re.findall(r"(\w+) ([\d.]+ (?:B|KiB|MiB|GiB))", d.split("(engine:")[1].split(")")[0])}
            sa = re.search(r"space amp ([\d.]+)", d)
            return {"ops": ops, "wa": wa, "cats": cats, "sa": float(sa.group(1)) if sa else None}
    return None

runs = {}
for p in sorted(glob.glob(os.path.join(out, "r*-*.txt"))):
    m = re.match(r"r(\d+)-(.+)\.txt", os.path.basename(p))
    r = parse(p)
    if r: runs.setdefault(m.group(2), {})[int(m.group(1))] = r

def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")

print("| shape | variant | rounds | overwrite ops/s | WA | wal | flush / blob | compaction | blob_gc | space amp | vs lsm (ops, WA) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for tag in ["default-lsm", "default-titan", "default-titan-abs", "default-rocksdb-blob", "deep-lsm", "deep-titan", "deep-titan-abs", "deep-rocksdb-blob"]:
    if tag not in runs: continue
    rs = runs[tag]; shape, variant = tag.split("-", 1)
    lsm = runs.get(shape + "-lsm", {})
    c = lambda k: med([r["cats"].get(k, 0) for r in rs.values()])
    fb = med([r["cats"].get("flush", 0) + r["cats"].get("blob", 0) for r in rs.values()])
    ro = med([rs[k]["ops"] / lsm[k]["ops"] for k in rs if k in lsm])
    rw = med([rs[k]["wa"] / lsm[k]["wa"] for k in rs if k in lsm])
    vs = "–" if variant == "lsm" else f"{ro:.2f}×, {rw:.2f}×"
    print(f"| {shape} | {variant} | {len(rs)} | {med([r['ops'] for r in rs.values()]):,.0f} | {med([r['wa'] for r in rs.values()]):.2f} | "
          f"{c('wal'):.2f} | {fb:.2f} | {c('compaction'):.3f} | {c('blob_gc'):.2f} | {med([r['sa'] for r in rs.values()]):.2f} | {vs} |")
