#!/usr/bin/env bash
# Side-by-side run for docs/measurements/lsm-under-pressure.md: lsm before (main's build), lsm after
# (this branch) and rocksdb, interleaved rep by rep. BEFORE/AFTER = directories of built `workbench`.
set -u
BEFORE=${BEFORE:-/tmp/lsmperf-before}; AFTER=${AFTER:-/tmp/lsmperf-after}; OUT=${OUT:-/tmp/lsmperf-meas}; REPS=${REPS:-3}
mkdir -p "$OUT"
DEEP="--value-size 16384 --num 16384 --engine-option write_buffer_size=2MB --engine-option max_bytes_for_level_base=8MB --engine-option target_file_size_base=2MB"
for rep in $(seq 1 "$REPS"); do
  for v in lsm-before lsm-after rocksdb; do
    case $v in lsm-before) B=$BEFORE/workbench; E=lsm;; lsm-after) B=$AFTER/workbench; E=lsm;; rocksdb) B=$AFTER/workbench; E=rocksdb;; esac
    /usr/bin/time -f "maxrss_kb %M" "$B" bench --engine $E --benchmarks fillrandom,overwrite,readrandom,seekrandom,readwhilewriting \
      --num 300000 --reads 100000 --value-size 1024 --no-progress > "$OUT/$v.1k.$rep.txt" 2>&1
    "$B" bench --engine $E --benchmarks fillrandom --num 300000 --value-size 1024 --threads 2 --no-progress > "$OUT/$v.t2.$rep.txt" 2>&1
    "$B" bench --engine $E --benchmarks fillrandom,overwrite $DEEP --no-progress > "$OUT/$v.deep.$rep.txt" 2>&1
  done
done
