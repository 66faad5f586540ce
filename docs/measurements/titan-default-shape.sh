#!/usr/bin/env bash
# Titan at the default shape vs lsm / rocksdb / rocksdb-blob, 16 KiB values, 256 MiB per pass
# (docs/engines-titan.md, "Issue 21: titan at the default shape"), plus the deep shape for lsm and titan.
# Usage: W=harness/Workbench.Harness/bin/Release/net10.0/workbench.dll OUT=dir ROUNDS=1 ./titan-default-shape.sh
set -u
W=${W:-harness/Workbench.Harness/bin/Release/net10.0/workbench.dll}
OUT=${OUT:-/tmp/titanshape}
ROUNDS=${ROUNDS:-1}
ARGS="--benchmarks fillrandom,overwrite --value-size 16384 --num 16384 --no-progress"
DEEP="--engine-option write_buffer_size=2MB --engine-option max_bytes_for_level_base=8MB --engine-option target_file_size_base=2MB"
mkdir -p "$OUT"
for round in $(seq 1 $ROUNDS); do
  for e in lsm titan rocksdb rocksdb-blob; do
    echo "== round $round default $e $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    dotnet $W bench --engine $e $ARGS --json $OUT/r$round-default-$e.json > $OUT/r$round-default-$e.txt 2>&1
    grep -E "^(fillrandom|overwrite)|latency" $OUT/r$round-default-$e.txt
  done
  for e in lsm titan; do
    echo "== round $round deep $e $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    dotnet $W bench --engine $e $ARGS $DEEP --json $OUT/r$round-deep-$e.json > $OUT/r$round-deep-$e.txt 2>&1
    grep -E "^(fillrandom|overwrite)|latency" $OUT/r$round-deep-$e.txt
  done
  # compressible values (db_bench's 0.5): titan with TiKV's zstd blobs; lsm uncompressed and with zstd blocks
  for v in "titan zstd:--engine-option blob_compression=zstd" "lsm none:" "lsm zstd:--engine-option compression=zstd"; do
    name=${v%%:*}; opts=${v#*:}; e=${name%% *}; tag=${name// /-}
    echo "== round $round default cr0.5 $name $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    dotnet $W bench --engine $e $ARGS --compression-ratio 0.5 $opts --json $OUT/r$round-cr05-$tag.json > $OUT/r$round-cr05-$tag.txt 2>&1
    grep -E "^(fillrandom|overwrite)|latency" $OUT/r$round-cr05-$tag.txt
  done
done
echo ALLDONE
