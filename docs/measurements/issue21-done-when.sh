#!/usr/bin/env bash
# Issue 21's "Done when" run: one side-by-side run of lsm, titan, btree, rocksdb, rocksdb-blob,
# medians of N reps, interleaved (rep 1 of every shape and engine, then rep 2, ...) so machine drift
# hits every engine alike; then issue21-done-when.py prints the table (one row per target, each
# engine's median and per-rep values, the ratio, met / not met).
#
# Usage: docs/measurements/issue21-done-when.sh [--workbench PATH] [--reps N] [--quick] [RESULTS_DIR]
#   --workbench PATH  a built `workbench` (the apphost or workbench.dll); default: build
#                     harness/Workbench.Harness once in Release and use its workbench.dll
#   --reps N          reps per engine and shape (default 3)
#   --quick           tiny scale (1 KB: 20k keys; 16 KB: 1024 keys) for a smoke test of the script
#                     and the table, plus the table generator's --self-test; figures mean nothing
#   RESULTS_DIR       where the raw outputs go (default docs/results/<UTC date>-issue21-done-when/):
#                     per run SHAPE.ENGINE.rREP.json (bench --json) and .txt (its stdout), and
#                     runs.tsv (rep, shape, engine, start UTC, load average at the start, exit code,
#                     wall seconds); table.md is the printed table
#
# Shapes (every bench run uses bench's defaults: equal settings — bloom 10 bits/key, 4 KiB blocks,
# 8 MiB block cache, 64 MiB memtables where the engine has them — and the automatic
# waitforcompaction after each write benchmark, so WA is counted after compaction settles):
#   1k       fillrandom,overwrite,readrandom,seekrandom,readwhilewriting, 300k keys × 1 KB values,
#            --reads 100000, one thread (its fillrandom is the threads-1 figure), all five engines
#   1k-t2    fillrandom, 300k × 1 KB, --threads 2, all five engines
#   16k-default  fillrandom,overwrite, 16 KB values, NUM16 keys, all five engines
#   16k-deep     the same with 2 MB memtables, 8 MB L1, 2 MB SSTs (write_buffer_size=2MB
#            max_bytes_for_level_base=8MB target_file_size_base=2MB): lsm, titan, rocksdb,
#            rocksdb-blob (the btree has no levels)
# NUM16 = 8192 keys = 128 MiB per pass, half the 256 MiB of the earlier notes, to keep the full run
# (3 reps) well under 35 minutes on a quiet 2-core machine; the targets are ratios between engines of one
# run, and 128 MiB is still 64 deep-shape memtables, 16× L1 (three levels) and 2× the default
# shape's memtable. Override with NUM16=16384 for the notes' 256 MiB (about 8 more minutes).
# --quick takes 2–3 min at load 30–50 on 2 cores and prints a scaled estimate of a full 3-rep run
# (a rough one: its 16 KB data fit in a memtable); a full 3-rep run is about 15–25 min on a quiet
# 2-core machine (issue21-done-when.md, "How long").
# Data directories are bench's temporary ones under $TMPDIR (default /tmp): it must be a disk, not
# tmpfs, or device bytes are 0.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

workbench="" reps=3 quick=0 out=""
while [ $# -gt 0 ]; do
  case $1 in
    --workbench) workbench=${2:?--workbench needs a path}; shift 2;;
    --reps) reps=${2:?--reps needs a number}; shift 2;;
    --quick) quick=1; shift;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0;;
    -*) echo "issue21-done-when.sh: unknown flag '$1' (see --help)" >&2; exit 2;;
    *) [ -z "$out" ] || { echo "issue21-done-when.sh: one results directory, not '$out' and '$1'" >&2; exit 2; }; out=$1; shift;;
  esac
done
case $reps in ''|*[!0-9]*|0) echo "issue21-done-when.sh: --reps must be a positive integer, not '$reps'" >&2; exit 2;; esac

if [ -z "$workbench" ]; then
  echo "building harness/Workbench.Harness (Release) once"
  dotnet build "$repo/harness/Workbench.Harness/Workbench.Harness.csproj" -c Release -v quiet -nologo >/dev/null \
    || { echo "issue21-done-when.sh: the build failed (run: dotnet build harness/Workbench.Harness -c Release)" >&2; exit 1; }
  workbench=$repo/harness/Workbench.Harness/bin/Release/net10.0/workbench.dll
fi
[ -f "$workbench" ] || { echo "issue21-done-when.sh: no workbench at '$workbench'" >&2; exit 2; }
workbench=$(cd "$(dirname "$workbench")" && pwd)/$(basename "$workbench")
wb() { case $workbench in *.dll) dotnet "$workbench" "$@";; *) "$workbench" "$@";; esac; }

FULL16=${NUM16:-8192} # the full run's, for the --quick estimate
if [ $quick = 1 ]; then NUM1=20000 READS=5000 NUM16=1024; else NUM1=300000 READS=100000 NUM16=${NUM16:-8192}; fi
[ -n "$out" ] || out=$repo/docs/results/$(date -u +%F)-issue21-done-when$([ $quick = 1 ] && echo -quick)
mkdir -p "$out"
out=$(cd "$out" && pwd)
runs=$out/runs.tsv
[ -f "$runs" ] || printf 'rep\tshape\tengine\tstart_utc\tload1\tload5\tload15\texit\twall_s\n' > "$runs"

DEEP="--engine-option write_buffer_size=2MB --engine-option max_bytes_for_level_base=8MB --engine-option target_file_size_base=2MB"
ENGINES="lsm titan btree rocksdb rocksdb-blob"
shape_args() {
  case $1 in
    1k) echo "--benchmarks fillrandom,overwrite,readrandom,seekrandom,readwhilewriting --num $NUM1 --reads $READS --value-size 1024";;
    1k-t2) echo "--benchmarks fillrandom --num $NUM1 --value-size 1024 --threads 2";;
    16k-default) echo "--benchmarks fillrandom,overwrite --num $NUM16 --value-size 16384";;
    16k-deep) echo "--benchmarks fillrandom,overwrite --num $NUM16 --value-size 16384 $DEEP";;
  esac
}

py=$here/issue21-done-when.py
if [ $quick = 1 ]; then # the table generator's own check first: a broken generator fails in seconds
  python3 "$py" --self-test || { echo "issue21-done-when.py --self-test failed" >&2; exit 1; }
fi
echo "workbench: $workbench"
echo "results:   $out  (reps $reps$([ $quick = 1 ] && echo ', quick scale'); 1 KB num $NUM1, 16 KB num $NUM16)"
started=$(date +%s) failed=0
cd "${TMPDIR:-/tmp}" || exit 1
for rep in $(seq 1 "$reps"); do
  for shape in 1k 1k-t2 16k-default 16k-deep; do
    for engine in $ENGINES; do
      [ $shape = 16k-deep ] && [ $engine = btree ] && continue
      base=$out/$shape.$engine.r$rep
      sync # the previous run's dirty pages go to disk now, not during this run
      load=$(cut -d' ' -f1-3 /proc/loadavg)
      t0=$(date +%s%N); utc=$(date -u +%FT%TZ)
      echo "load $load at $utc" > "$base.txt"
      # shellcheck disable=SC2046 # the shape's flags are split on purpose
      wb bench --engine $engine $(shape_args $shape) --no-progress --json "$base.json" >> "$base.txt" 2>&1
      rc=$?
      ms=$(( ($(date +%s%N) - t0) / 1000000 )); wall=$((ms / 1000)).$(( (ms % 1000) / 100 ))
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$shape" "$engine" "$utc" $load "$rc" "$wall" >> "$runs"
      printf 'rep %s  %-11s %-12s load %-16s exit %s  %6s s\n' "$rep" "$shape" "$engine" "$load" "$rc" "$wall"
      [ $rc = 0 ] || { echo "  failed: $(tail -1 "$base.txt")"; rm -f "$base.json"; failed=$((failed + 1)); }
    done
  done
done
echo "all runs: $(( $(date +%s) - started )) s"

python3 "$py" "$out" | tee "$out/table.md"
[ $quick = 1 ] && python3 "$py" --estimate "$out" --num16 "$FULL16"
[ $failed = 0 ] || { echo "$failed run(s) failed: see their .txt in $out" >&2; exit 1; }
