#!/usr/bin/env bash
# "Flush size (branch flushsize)" in docs/measurements/lsm-under-pressure.md (issue 21 item 3, the
# 1 KB WA gap): fillrandom + overwrite at 1 KB 300k (issue21-done-when.sh's `1k` write phases, REPS
# reps) and at the deep 16 KB shape (DEEP_REPS reps), interleaved rep by rep, for
#   lsm-main    the lsm of BASE (a build of main: memtable full at Σ(entry + 80) >= write_buffer_size)
#   lsm-branch  the lsm of NEW (this branch: RocksDB's ShouldFlushNow on the memory held)
#   lsm-arena   the lsm of ARENA, when set (this branch merged with the `arena` branch, whose nodes
#               live in the arena chunks, so the memory held per entry is RocksDB's; optional)
#   rocksdb     rocksdb from NEW
# WA is counted after bench's automatic waitforcompaction. Per run: flushes, full-memtable flushes,
# entries per full memtable (lsm: lsm.flush.write_buffer_full.entries / lsm.flush.reason.write_buffer_full,
# main's lsm has no such counter: "–"; rocksdb: the flush_started events of its LOG), average flushed
# L0 file (flush bytes / flushes), L0 files left, the L1 row of each engine's stats (written MB, jobs).
# SHAPES="1k deep" and FIRST_REP=1 select what runs (FIRST_REP=2 with the same OUT adds reps to an
# earlier run's; the table is printed over every run in OUT).
#   [BASE=<dir>] [NEW=<dir>] [ARENA=<dir>] docs/measurements/lsm-flush-size.sh
# A dir is a build output holding workbench.dll (harness/Workbench.Harness/bin/Release/net10.0 copied);
# when BASE or NEW holds none, the script builds it (NEW from this checkout, BASE from BASE_REF,
# default main, in a temporary detached worktree; ~3-8 min each on the loaded machine).
# OUT keeps the raw .txt/.json (and rocksdb's flush events). REPS=3 DEEP_REPS=1 with four variants
# is 16 bench runs, 6 min wall on the loaded 2-core machine (load average 13-20); DEEP_REPS=3 adds
# 8 deep runs, 3.5 min.
set -u
BASE=${BASE:-/tmp/fs-base}; NEW=${NEW:-/tmp/fs-new}; ARENA=${ARENA:-}; OUT=${OUT:-/tmp/fs-out}
REPS=${REPS:-3}; DEEP_REPS=${DEEP_REPS:-1}; SHAPES=${SHAPES:-"1k deep"}; FIRST_REP=${FIRST_REP:-1}
mkdir -p "$OUT"
repo=$(cd "$(dirname "$0")/../.." && pwd)
# A missing NEW is built from this checkout, a missing BASE from BASE_REF (default main) in a
# detached worktree; both are copied so later builds do not change them mid-run.
build_into() { # dir, source tree
  dotnet build "$2/harness/Workbench.Harness/Workbench.Harness.csproj" -c Release -v quiet -nologo >/dev/null \
    || { echo "lsm-flush-size.sh: the build in $2 failed" >&2; exit 1; }
  mkdir -p "$1" && cp -r "$2/harness/Workbench.Harness/bin/Release/net10.0/." "$1/"
}
[ -f "$NEW/workbench.dll" ] || build_into "$NEW" "$repo"
if [ ! -f "$BASE/workbench.dll" ]; then
  tree=$(mktemp -d /tmp/fs-base-tree.XXXXXX)
  git -C "$repo" worktree add --detach "$tree" "${BASE_REF:-main}" >/dev/null || exit 1
  build_into "$BASE" "$tree"
  git -C "$repo" worktree remove --force "$tree"
fi
[ -z "$ARENA" ] || [ -f "$ARENA/workbench.dll" ] || { echo "lsm-flush-size.sh: no workbench.dll in ARENA=$ARENA" >&2; exit 2; }
DEEP="--value-size 16384 --num 8192 --engine-option write_buffer_size=2MB --engine-option max_bytes_for_level_base=8MB --engine-option target_file_size_base=2MB"
ONEK="--num 300000 --value-size 1024"
VARIANTS="lsm-main lsm-branch"; [ -n "$ARENA" ] && VARIANTS="$VARIANTS lsm-arena"; VARIANTS="$VARIANTS rocksdb"
for rep in $(seq "$FIRST_REP" "$REPS"); do
  for S in $SHAPES; do
    [ "$S" = deep ] && [ "$rep" -gt "$DEEP_REPS" ] && continue
    A=$DEEP; [ "$S" = 1k ] && A=$ONEK
    for V in $VARIANTS; do
      case $V in lsm-main) W=$BASE; E=lsm;; lsm-branch) W=$NEW; E=lsm;; lsm-arena) W=$ARENA; E=lsm;; rocksdb) W=$NEW; E=rocksdb;; esac
      db=$OUT/db.$S.$V.$rep
      rm -rf "$db"
      cd /tmp || exit 1
      echo "load $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/$S.$V.$rep.txt"
      # shellcheck disable=SC2086
      dotnet "$W/workbench.dll" bench --engine $E --benchmarks fillrandom,overwrite $A --db "$db" --no-progress --json "$OUT/$S.$V.$rep.json" >> "$OUT/$S.$V.$rep.txt" 2>&1
      # rocksdb's flush events are in its LOG; keep only those lines, drop the data
      [ -f "$db/LOG" ] && grep -o '"event": "flush_started".*' "$db/LOG" > "$OUT/$S.$V.$rep.flushes"
      rm -rf "$db"
    done
  done
done

python3 - "$OUT" "$VARIANTS" <<'EOF'
import glob, json, os, re, statistics, sys
out, variants = sys.argv[1], sys.argv[2].split()
runs = {}
for p in glob.glob(os.path.join(out, "*.json")):
    shape, variant, rep = os.path.basename(p)[:-5].split(".")
    try:
        runs.setdefault((shape, variant), []).append((rep, json.load(open(p))))
    except Exception:
        pass

UNIT = {"B": 1e-6, "KB": 1e-3, "MB": 1.0, "GB": 1e3}
def level_row(stats, variant, level):
    for line in stats.splitlines():
        f = line.split()
        if not f or f[0] != level:
            continue
        if variant == "rocksdb":
            return int(f[1].split("/")[0]), float(f[2]) * UNIT.get(f[3], 1.0), float(f[8]) * 1e3, int(f[17])
        return int(f[1]), float(f[2]), float(f[7]), int(f[11])
    return None

def rocks_flushes(shape, variant, rep):
    p = os.path.join(out, f"{shape}.{variant}.{rep}.flushes")
    if not os.path.exists(p): return None
    ev = [json.loads("{" + l.strip()) for l in open(p) if l.strip()]
    return ev

METRICS = ("fillrandom WA", "overwrite WA", "both phases WA", "overwrite ops/s", "flushes", "full-memtable flushes",
           "entries per full memtable", "avg flushed file MB", "L0 files at end", "L1 written MB", "L1 jobs", "compaction MB")
def med(xs): return statistics.median(xs) if xs else float("nan")
def fmt(x):
    if x != x: return "–"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.2f}"
for shape in ("1k", "deep"):
    if not any((shape, v) in runs for v in variants): continue
    print(f"\n{shape}: medians (n runs)\n")
    print("| metric | " + " | ".join(variants) + " | branch/main | " + ("arena/rocksdb | " if "lsm-arena" in variants else "") + "branch/rocksdb |")
    print("|---|" + "---|" * (len(variants) + 2 + ("lsm-arena" in variants)))
    for metric in METRICS:
        vals = {}
        for v in variants:
            xs = []
            for rep, r in runs.get((shape, v), []):
                by = {b["benchmark"]: b for b in r}
                if "overwrite" not in by or "fillrandom" not in by: continue
                fo, ow = by["fillrandom"], by["overwrite"]
                c = ow.get("engine_counters") or {}
                flush_bytes = fo["engine_io"].get("flush", 0) + ow["engine_io"].get("flush", 0)
                ev = rocks_flushes(shape, v, rep) if v == "rocksdb" else None
                flushes = len(ev) if ev is not None else c.get("flush.count")
                if metric == "fillrandom WA": xs.append(fo["write_amp"])
                elif metric == "overwrite WA": xs.append(ow["write_amp"])
                elif metric == "both phases WA": xs.append((fo["device_bytes_written"] + ow["device_bytes_written"]) / (fo["user_bytes_written"] + ow["user_bytes_written"]))
                elif metric == "overwrite ops/s": xs.append(ow["ops_per_sec"])
                elif metric == "compaction MB": xs.append((fo["engine_io"].get("compaction", 0) + ow["engine_io"].get("compaction", 0)) / 1e6)
                elif metric == "flushes":
                    if flushes is not None: xs.append(flushes)
                elif metric == "full-memtable flushes":
                    if ev is not None: xs.append(sum(1 for e in ev if e.get("flush_reason") == "Write Buffer Full"))
                    elif "lsm.flush.reason.write_buffer_full" in c: xs.append(c["lsm.flush.reason.write_buffer_full"])
                elif metric == "entries per full memtable":
                    if ev is not None:
                        full = [e["total_num_input_entries"] for e in ev if e.get("flush_reason") == "Write Buffer Full"]
                        if full: xs.append(sum(full) / len(full))
                    elif c.get("lsm.flush.reason.write_buffer_full"):
                        xs.append(c["lsm.flush.write_buffer_full.entries"] / c["lsm.flush.reason.write_buffer_full"])
                elif metric == "avg flushed file MB":
                    if flushes: xs.append(flush_bytes / flushes / 1e6)
                else:
                    row = None
                    try:
                        row = level_row(ow.get("engine_stats") or "", v, "L0" if metric.startswith("L0") else "L1")
                    except (ValueError, IndexError):
                        pass
                    if row is None: continue
                    files, size, written, jobs = row
                    xs.append({"L0 files at end": files, "L1 written MB": written, "L1 jobs": jobs}[metric])
            vals[v] = (med(xs), len(xs))
        def ratio(a, b):
            x, y = vals.get(a, (float("nan"),))[0], vals.get(b, (float("nan"),))[0]
            return fmt(x / y) if x == x and y == y and y else "–"
        cells = " | ".join(f"{fmt(vals[v][0])} ({vals[v][1]})" for v in variants)
        extra = f"{ratio('lsm-arena', 'rocksdb')} | " if "lsm-arena" in variants else ""
        print(f"| {metric} | {cells} | {ratio('lsm-branch', 'lsm-main')} | {extra}{ratio('lsm-branch', 'rocksdb')} |")
loads = sorted(open(p).readline().strip() for p in glob.glob(os.path.join(out, "*.txt")))
if loads: print(f"\nload at the start of each run: {loads[0]} … {loads[-1]}")
EOF
