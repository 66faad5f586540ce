#!/usr/bin/env bash
# Side-by-side run for the third part of docs/measurements/lsm-under-pressure.md (branch lsmwrite):
# two-writer scaling of fillrandom (1 KB values, 300k keys, --threads 1 and 2) for the lsm before
# (BASE: a build of main without concurrent memtable write), the lsm of this branch (NEW, default
# allow_concurrent_memtable_write=true) and rocksdb, interleaved rep by rep.
# BASE / NEW = directories of a built `workbench`.
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
