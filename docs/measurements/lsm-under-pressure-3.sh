#!/usr/bin/env bash
# Side-by-side run for the third part of docs/measurements/lsm-under-pressure.md (branch lsmwrite):
# two-writer scaling of fillrandom (1 KB values, 300k keys, --threads 1 and 2) for the lsm before
# (BASE: a build of main without concurrent memtable write), the lsm of this branch (NEW, default
# allow_concurrent_memtable_write=true) and rocksdb, interleaved rep by rep.
# Then the deep 16 KB shape (per-level compaction flow) and a CPU-time check. BASE / NEW =
# directories of a built `workbench`; raw outputs of the 2026-12-07 run in lsm-under-pressure-2026-12-07-3/.
set -u
BASE=${BASE:-/tmp/lsmw-base}; NEW=${NEW:-/tmp/lsmw-new}; OUT=${OUT:-/tmp/lsmw-m1}; REPS=${REPS:-3}
mkdir -p "$OUT"
for rep in $(seq 1 "$REPS"); do
  for T in 1 2; do
    for V in base new rocksdb; do
      case $V in base) W=$BASE/workbench; E=lsm;; new) W=$NEW/workbench; E=lsm;; rocksdb) W=$NEW/workbench; E=rocksdb;; esac
      cd /tmp
      echo "load $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/$V.t$T.$rep.txt"
      "$W" bench --engine $E --benchmarks fillrandom --num 300000 --value-size 1024 --threads $T --no-progress \
        --json "$OUT/$V.t$T.$rep.json" >> "$OUT/$V.t$T.$rep.txt" 2>&1
    done
  done
done

# Deep 16 KB shape, one rep: per-level compaction flow from each benchmark's engine_stats; the lsm
# with and without level_compaction_dynamic_file_size, then rocksdb.
DEEP="--value-size 16384 --num 16384 --engine-option write_buffer_size=2MB --engine-option max_bytes_for_level_base=8MB --engine-option target_file_size_base=2MB"
for V in lsm-dfs-false lsm-dfs-true rocksdb; do
  case $V in lsm-dfs-false) A="--engine lsm --engine-option level_compaction_dynamic_file_size=false";; lsm-dfs-true) A="--engine lsm";; rocksdb) A="--engine rocksdb";; esac
  echo "load $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/deep.$V.txt"
  "$NEW/workbench" bench $A --benchmarks fillrandom,overwrite $DEEP --no-progress --json "$OUT/deep.$V.json" >> "$OUT/deep.$V.txt" 2>&1
done

# CPU time per run (user + sys) next to wall time: how much of the machine the process got.
for V in base new; do
  for T in 1 2; do
    W=$BASE/workbench; [ $V = new ] && W=$NEW/workbench
    echo "load $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/cpu.$V.t$T.txt"
    /usr/bin/time -f "cpu user %U sys %S wall %e" "$W" bench --engine lsm --benchmarks fillrandom --num 150000 --value-size 1024 \
      --threads $T --no-progress --json "$OUT/cpu.$V.t$T.json" >> "$OUT/cpu.$V.t$T.txt" 2>&1
  done
done
