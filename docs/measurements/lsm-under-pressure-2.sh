#!/usr/bin/env bash
# Side-by-side run for the second part of docs/measurements/lsm-under-pressure.md (branch lsmpressure):
# lsm (this branch) and rocksdb, interleaved rep by rep; the deep 16 KB shape with static and with
# dynamic level sizing for both. BUILD = directory of a built `workbench`.
set -u
BUILD=${BUILD:-/tmp/lsmp-B}; OUT=${OUT:-/tmp/lsmp-final}; REPS=${REPS:-3}
mkdir -p "$OUT"
DEEP="--value-size 16384 --num 16384 --engine-option write_buffer_size=2MB --engine-option max_bytes_for_level_base=8MB --engine-option target_file_size_base=2MB"
W=$BUILD/workbench
for rep in $(seq 1 "$REPS"); do
  for E in lsm rocksdb; do
    cd /tmp
    /usr/bin/time -f "maxrss_kb %M" "$W" bench --engine $E --benchmarks fillrandom,overwrite,readrandom,seekrandom,readwhilewriting \
      --num 300000 --reads 100000 --value-size 1024 --no-progress --json "$OUT/$E.1k.$rep.json" > "$OUT/$E.1k.$rep.txt" 2>&1
    "$W" bench --engine $E --benchmarks fillrandom --num 300000 --value-size 1024 --threads 1 --no-progress --json "$OUT/$E.t1.$rep.json" > "$OUT/$E.t1.$rep.txt" 2>&1
    "$W" bench --engine $E --benchmarks fillrandom --num 300000 --value-size 1024 --threads 2 --no-progress --json "$OUT/$E.t2.$rep.json" > "$OUT/$E.t2.$rep.txt" 2>&1
    for D in false true; do
      "$W" bench --engine $E --benchmarks fillrandom,overwrite $DEEP --engine-option level_compaction_dynamic_level_bytes=$D \
        --no-progress --json "$OUT/$E.deep-dyn$D.$rep.json" > "$OUT/$E.deep-dyn$D.$rep.txt" 2>&1
    done
  done
done
