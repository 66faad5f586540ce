#!/usr/bin/env bash
# Read tails and memory of the lsm (issue 21 item 4): lsm with the block-array pool off and on
# (`pool_block_buffers`, one binary) and rocksdb, interleaved rep by rep, 3 reps; prints the
# medians of readrandom / readwhilewriting p99.9 and max, the GC's pauses and peak RSS.
# Usage: BUILD=<dir with the workbench binary> [REPS=3] [OUT=dir] docs/measurements/lsm-read-tails.sh
set -euo pipefail
BUILD=${BUILD:-harness/Workbench.Harness/bin/Release/net10.0}
REPS=${REPS:-3}
OUT=${OUT:-$(mktemp -d /tmp/lsm-read-tails.XXXXXX)}
mkdir -p "$OUT"
CMD=(--benchmarks fillrandom,readrandom,readwhilewriting --num 300000 --value-size 1024 --no-progress)
declare -A VARIANT=(
  [lsm-pool-off]="--engine lsm --engine-option pool_block_buffers=false"
  [lsm]="--engine lsm"
  [rocksdb]="--engine rocksdb"
)
for rep in $(seq 1 "$REPS"); do
  for v in lsm-pool-off lsm rocksdb; do
    echo "rep $rep $v (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    # shellcheck disable=SC2086
    /usr/bin/time -v "$BUILD/workbench" bench ${VARIANT[$v]} "${CMD[@]}" --json "$OUT/$v.$rep.json" \
      > "$OUT/$v.$rep.txt" 2> "$OUT/$v.$rep.time"
  done
done
python3 - "$OUT" "$REPS" <<'PY'
import json, re, statistics, sys
out, reps = sys.argv[1], int(sys.argv[2])
variants = ["lsm-pool-off", "lsm", "rocksdb"]
rows = {}
for v in variants:
    for r in range(1, reps + 1):
        try:
            res = json.load(open(f"{out}/{v}.{r}.json"))
            rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{out}/{v}.{r}.time").read()).group(1)) / 1024
        except (OSError, AttributeError, ValueError):
            continue
        rows.setdefault(("run", "peak rss MiB"), {}).setdefault(v, []).append(rss)
        for b in res:
            if b["benchmark"] not in ("readrandom", "readwhilewriting"): continue
            l, gc = b["latency_us"], b.get("gc") or {}
            for m, x in (("p99.9 us", l["p999"]), ("max us", l["max"]), ("ops/s", b["ops_per_sec"]),
                         ("gc pause ms", gc.get("pause_ms")), ("gc gen0/1/2", None),
                         ("allocated MiB", (gc.get("allocated_bytes") or 0) / 2**20 if gc else None)):
                if m == "gc gen0/1/2":
                    x = (gc.get("gen0", 0) + gc.get("gen1", 0) + gc.get("gen2", 0)) if gc else None
                    m = "gc collections"
                if x is not None: rows.setdefault((b["benchmark"], m), {}).setdefault(v, []).append(x)
print("| benchmark | metric | lsm pool off | lsm (pool on) | rocksdb | lsm/rocksdb | n |")
print("|---|---|---|---|---|---|---|")
for (bench, m), by in sorted(rows.items()):
    med = {v: statistics.median(by[v]) if v in by else None for v in variants}
    f = lambda x: "" if x is None else f"{x:,.1f}" if x < 100 else f"{x:,.0f}"
    ratio = f"{med['lsm'] / med['rocksdb']:.2f}" if med["lsm"] is not None and med["rocksdb"] else ""
    print(f"| {bench} | {m} | {f(med['lsm-pool-off'])} | {f(med['lsm'])} | {f(med['rocksdb'])} | {ratio} | {min(len(x) for x in by.values())} |")
print(f"\nraw outputs: {out}")
PY
