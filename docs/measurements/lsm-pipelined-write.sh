#!/usr/bin/env bash
# The "Fourth part" table of docs/measurements/lsm-under-pressure.md (branch lsmpipe): two-writer
# scaling of fillrandom (1 KB values, 300k keys, --threads 1 and 2), one binary, interleaved rep by
# rep: the lsm with allow_concurrent_memtable_write=true (default) and =false, and rocksdb. Per run:
# ops/s, the engine's write groups per batch and where a write's time went (the lsm's lsm.write.*
# counters), and the process's CPU time (user + sys, /usr/bin/time) per write — CPU, unlike wall
# time, barely moves with the machine's load, and on 2 cores it bounds what a second writer can add
# (whole process: start-up, about 0.2 s, and the settling flush and compaction included).
#
# Usage: docs/measurements/lsm-pipelined-write.sh   (from the repository root; builds the harness
# into $BIN first unless BUILD=0). REPS (default 3), NUM (default 300000), OUT (raw outputs).
# About 3–4 min on a quiet 2-core machine (18 runs of 5–10 s, plus the build).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-/tmp/lsm-pipelined-write-bin}; OUT=${OUT:-/tmp/lsm-pipelined-write}; REPS=${REPS:-3}; NUM=${NUM:-300000}
if [ "${BUILD:-1}" = 1 ]; then
  dotnet build "$ROOT/harness/Workbench.Harness/Workbench.Harness.csproj" -c Release -o "$BIN" >/dev/null || { echo "build failed" >&2; exit 1; }
fi
mkdir -p "$OUT"
cd "$OUT" || exit 1
for rep in $(seq 1 "$REPS"); do
  for T in 1 2; do
    for V in lsm-concurrent lsm-serial rocksdb; do
      case $V in
        lsm-concurrent) A="--engine lsm --engine-option allow_concurrent_memtable_write=true";;
        lsm-serial) A="--engine lsm --engine-option allow_concurrent_memtable_write=false";;
        rocksdb) A="--engine rocksdb";;
      esac
      F="$OUT/$V.t$T.$rep"
      echo "load $(cut -d' ' -f1-3 /proc/loadavg)" > "$F.txt"
      /usr/bin/time -f "%U %S %e" -o "$F.cpu" "$BIN/workbench" bench $A --benchmarks fillrandom --num "$NUM" --value-size 1024 \
        --threads $T --no-progress --json "$F.json" >> "$F.txt" 2>&1
    done
  done
done

python3 - "$OUT" "$REPS" "$NUM" <<'EOF'
import json, statistics, sys
out, reps, num = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def run(v, t, r):
    base = f"{out}/{v}.t{t}.{r}"
    d = json.load(open(base + ".json"))[0]
    user, sys_ = map(float, open(base + ".cpu").read().split()[-3:-1])
    load = open(base + ".txt").readline().split()[1]
    c = d.get("engine_counters") or {}
    wp = None
    if "lsm.write.batches" in c:
        b = c["lsm.write.batches"]
        wp = (b, c["write.groups"]) + tuple(c[f"lsm.write.{k}.micros"] / b for k in ("queue_wait", "wal", "memtable", "publish_wait"))
    return dict(ops=d["ops_per_sec"], cpu=(user + sys_) * 1e6 / num, load=float(load), wp=wp)
print(f"fillrandom {num} x 1 KB, medians of {reps} interleaved reps; load average at each run's start: "
      + ", ".join(f"{run(v, t, r)['load']:.1f}" for r in range(1, reps + 1) for t in (1, 2) for v in ("lsm-concurrent",)))
print()
print("| variant | threads 1 ops/s (per rep) | threads 2 ops/s (per rep) | t2 / t1 per rep | median t2 / t1 | CPU us per write t1 / t2 | batches per group t2 |")
print("|---|---|---|---|---|---|---|")
for v in ("lsm-concurrent", "lsm-serial", "rocksdb"):
    r1 = [run(v, 1, r) for r in range(1, reps + 1)]
    r2 = [run(v, 2, r) for r in range(1, reps + 1)]
    ratios = [b["ops"] / a["ops"] for a, b in zip(r1, r2)]
    groups = "–"
    if r2[0]["wp"]:
        groups = " / ".join(f"{int(x['wp'][0]) / max(1, int(x['wp'][1])):.3f}" for x in r2)
    print(f"| {v} | {' / '.join(format(x['ops'], ',.0f') for x in r1)} | {' / '.join(format(x['ops'], ',.0f') for x in r2)} | "
          f"{' / '.join(f'{x:.2f}' for x in ratios)} | **{statistics.median(ratios):.2f}** | "
          f"{statistics.median(x['cpu'] for x in r1):.1f} / {statistics.median(x['cpu'] for x in r2):.1f} | {groups} |")
print()
print("lsm write path, micros per batch (medians over reps): queue wait / WAL (the leader's, per batch) / memtable insert / publication wait")
for v in ("lsm-concurrent", "lsm-serial"):
    for t in (1, 2):
        rs = [run(v, t, r)["wp"] for r in range(1, reps + 1)]
        med = [statistics.median(float(x[i]) for x in rs) for i in range(2, 6)]
        print(f"  {v} t{t}: " + " / ".join(f"{m:.2f}" for m in med))
EOF
