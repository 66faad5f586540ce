#!/usr/bin/env bash
# Read max latency, lsm vs rocksdb (issue 21 item 4; lsm-under-pressure.md "Read max latency").
# Interleaved reps of six variants from ONE binary: lsm and rocksdb with the bench's warm-up off
# (--warmup-reads 0 = how main measured) and on (the default 1000), and the lsm without warm-up under
# DOTNET_TieredCompilation=0 and DOTNET_TieredPGO=0. Prints median readrandom / readwhilewriting max
# and p99.9 per variant and the ratios to rocksdb. Usage: docs/measurements/lsm-read-max.sh [reps] [binary]
# Takes ~12 s per run, 6 runs per rep (~4 min at 3 reps on a loaded 2-core machine).
set -euo pipefail
reps=${1:-3}
bin=${2:-harness/Workbench.Harness/bin/Release/net10.0/workbench}
out=$(mktemp -d /tmp/lsm-read-max.XXXXXX)
common=(--benchmarks fillrandom,readrandom,readwhilewriting --num 300000 --value-size 1024 --reads 100000 --no-progress --slow-ops 3)
variants=(lsm-nowarm lsm-warm rocksdb-nowarm rocksdb-warm lsm-nowarm-tc0 lsm-nowarm-pgo0)
for rep in $(seq 1 "$reps"); do
  for v in "${variants[@]}"; do
    engine=${v%%-*}
    warm=1000; [[ $v == *nowarm* ]] && warm=0
    envs=()
    [[ $v == *tc0 ]] && envs=(DOTNET_TieredCompilation=0)
    [[ $v == *pgo0 ]] && envs=(DOTNET_TieredPGO=0)
    env "${envs[@]}" "$bin" bench --engine "$engine" "${common[@]}" --warmup-reads "$warm" --json "$out/$v-$rep.json" > "$out/$v-$rep.txt"
    echo "rep $rep $v done"
  done
done
uptime
python3 - "$out" "${variants[@]}" <<'PY'
import json, sys, glob, statistics as st
out, variants = sys.argv[1], sys.argv[2:]
def med(v, bench, field):
    xs = []
    for f in sorted(glob.glob(f"{out}/{v}-[0-9]*.json")):
        for r in json.load(open(f)):
            if r["benchmark"] == bench: xs.append(r["latency_us"][field])
    return st.median(xs), xs
print(f"{'variant':18} {'rr max':>9} {'rr p99.9':>9} {'rww max':>9} {'rww p99.9':>9}   (µs, medians; rr max reps)")
rows = {}
for v in variants:
    rows[v] = [med(v, b, f)[0] for b in ("readrandom", "readwhilewriting") for f in ("max", "p999")]
    print(f"{v:18} " + " ".join(f"{x:9.1f}" for x in rows[v]) + "   " + " ".join(f"{x:.0f}" for x in med(v, "readrandom", "max")[1]))
for base in ("rocksdb-nowarm", "rocksdb-warm"):
    for v in variants:
        if v.startswith("lsm") and (("nowarm" in v) == ("nowarm" in base)):
            print(f"{v} / {base}: " + "  ".join(f"{a / b:.2f}x" for a, b in zip(rows[v], rows[base])))
PY
echo "raw results in $out"
