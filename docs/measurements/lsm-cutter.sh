#!/usr/bin/env bash
# "Output cutting (branch cutter)" in docs/measurements/lsm-under-pressure.md (issue 21 item 3):
# fillrandom + overwrite at the deep 16 KB shape and at 1 KB 300k for the lsm before (BASE: a build
# of main), the lsm after (NEW: this branch, RocksDB's CompactionOutputs::ShouldStopBefore cutter)
# and rocksdb (from NEW), interleaved rep by rep; WA is counted after the bench's automatic
# waitforcompaction. Then the table of medians, with L2's file count and average file size and the
# per-level compaction flow from each run's engine_stats.
#   BASE=<dir with main's workbench> NEW=<dir with this branch's workbench> docs/measurements/lsm-cutter.sh
# Build a directory: dotnet publish harness/Workbench.Harness -c Release -o <dir> (main: from
# `git worktree add --detach /tmp/cutbase main`). REPS=3 (18 runs) took 72 s wall on the loaded 2-core
# machine (load ~2-3); OUT keeps the raw .txt/.json.
set -u
BASE=${BASE:-/tmp/cut-base}; NEW=${NEW:-/tmp/cut-new}; OUT=${OUT:-/tmp/cut-m1}; REPS=${REPS:-2}
SHAPES=${SHAPES:-"deep 1k"}
mkdir -p "$OUT"
DEEP="--value-size 16384 --num 8192 --engine-option write_buffer_size=2MB --engine-option max_bytes_for_level_base=8MB --engine-option target_file_size_base=2MB"
ONEK="--num 300000 --value-size 1024"
for rep in $(seq 1 "$REPS"); do
  for S in $SHAPES; do
    A=$DEEP; [ "$S" = 1k ] && A=$ONEK
    for V in before after rocksdb; do
      case $V in before) W=$BASE/workbench; E=lsm;; after) W=$NEW/workbench; E=lsm;; rocksdb) W=$NEW/workbench; E=rocksdb;; esac
      cd /tmp
      echo "load $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/$S.$V.$rep.txt"
      # shellcheck disable=SC2086
      "$W" bench --engine $E --benchmarks fillrandom,overwrite $A --no-progress --json "$OUT/$S.$V.$rep.json" >> "$OUT/$S.$V.$rep.txt" 2>&1
    done
  done
done

python3 - "$OUT" <<'EOF'
import glob, json, os, re, statistics, sys
out = sys.argv[1]
runs = {}
for p in glob.glob(os.path.join(out, "*.json")):
    shape, variant, rep = os.path.basename(p)[:-5].split(".")
    try:
        runs.setdefault((shape, variant), []).append(json.load(open(p)))
    except Exception:
        pass

UNIT = {"B": 1e-6, "KB": 1e-3, "MB": 1.0, "GB": 1e3}

def level_row(stats, variant, level):
    """One level of the engine's compaction stats: (files, size MB, write MB, jobs)."""
    for line in stats.splitlines():
        f = line.split()
        if not f or f[0] != level:
            continue
        if variant == "rocksdb":
            # rocksdb.stats: Level Files Size(unit) Score Read(GB) Rn(GB) Rnp1(GB) Write(GB) WPreComp(GB) Wnew(GB) Moved(GB) W-Amp Rd Wr Comp(sec) CompMergeCPU(sec) Comp(cnt) ...
            return int(f[1].split("/")[0]), float(f[2]) * UNIT.get(f[3], 1.0), float(f[8]) * 1e3, int(f[17])
        # lsm: Level Files Size Score Read Rn Rnp1 Write Moved W-Amp Comp(sec) Comp(cnt)
        return int(f[1]), float(f[2]), float(f[7]), int(f[11])
    return None

rows = []
def med(xs):
    return statistics.median(xs) if xs else float("nan")
for shape in ("deep", "1k"):
    for metric in ("fillrandom WA", "overwrite WA", "both phases WA", "overwrite ops/s", "compaction MB",
                   "L1 files", "L2 files", "L2 avg file MB", "L3 files", "L1 written MB", "L2 written MB", "L3 written MB",
                   "L1 jobs", "L2 jobs", "L3 jobs", "pending bytes at end"):
        vals = {}
        for v in ("before", "after", "rocksdb"):
            xs = []
            for r in runs.get((shape, v), []):
                by = {b["benchmark"]: b for b in r}
                if "overwrite" not in by or "fillrandom" not in by:
                    continue
                fo, ow = by["fillrandom"], by["overwrite"]
                if metric == "fillrandom WA": xs.append(fo["write_amp"])
                elif metric == "overwrite WA": xs.append(ow["write_amp"])
                elif metric == "both phases WA": xs.append((fo["device_bytes_written"] + ow["device_bytes_written"]) / (fo["user_bytes_written"] + ow["user_bytes_written"]))
                elif metric == "overwrite ops/s": xs.append(ow["ops_per_sec"])
                elif metric == "compaction MB": xs.append((fo["engine_io"].get("compaction", 0) + ow["engine_io"].get("compaction", 0)) / 1e6)
                elif metric == "pending bytes at end":
                    xs.append(0 if ow.get("compaction_settled") and not ow.get("pending_compaction_bytes") else (ow.get("pending_compaction_bytes") or -1))
                else:
                    lvl, what = metric.split(" ", 1)
                    try:
                        row = level_row(ow.get("engine_stats") or "", v, lvl)
                    except (ValueError, IndexError):
                        row = None
                    if row is None: continue
                    files, size, written, jobs = row
                    xs.append({"files": files, "avg file MB": size / files if files else float("nan"), "written MB": written, "jobs": jobs}[what])
            vals[v] = (med(xs), len(xs))
        rows.append((shape, metric, vals))

print("| shape | metric | lsm before | lsm after | rocksdb | after/before | after/rocksdb | n |")
print("|---|---|---|---|---|---|---|---|")
def fmt(x):
    if x != x: return "–"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.2f}"
for shape, metric, vals in rows:
    b, a, r = vals["before"][0], vals["after"][0], vals["rocksdb"][0]
    ab = fmt(a / b) if b == b and b else "–"
    ar = fmt(a / r) if r == r and r else "–"
    n = "/".join(str(vals[v][1]) for v in ("before", "after", "rocksdb"))
    print(f"| {shape} | {metric} | {fmt(b)} | {fmt(a)} | {fmt(r)} | {ab} | {ar} | {n} |")
loads = sorted(open(p).readline().strip() for p in glob.glob(os.path.join(out, "*.txt")))
print(f"\nload at the start of each run: {loads[0]} … {loads[-1]}")
EOF
