#!/usr/bin/env bash
# Side by side, interleaved (docs/measurements/bench-equal-settings.md): every engine at bench's
# equal settings (bloom 10 bits/key, 4 KiB blocks, 8 MiB block cache, 64 MiB memtables), WA counted
# after compaction settles (bench waits after each write benchmark). 3 rounds; engine-minor order.
# Usage: CLI=harness/Workbench.Harness/bin/Release/net10.0/workbench OUT=/tmp/bf-m ./bench-equal-settings.sh
set -u
CLI=${CLI:-harness/Workbench.Harness/bin/Release/net10.0/workbench}
OUT=${OUT:-/tmp/bf-m}
mkdir -p "$OUT"
for rep in 1 2 3; do
  # 16 KiB values, 16384 keys = 256 MiB per pass, RocksDB's default shape
  for e in lsm titan rocksdb rocksdb-blob; do
    $CLI bench --engine $e --benchmarks fillrandom,overwrite,waitforcompaction --num 16384 --value-size 16384 \
      --no-progress --json $OUT/16k-$e-$rep.json > $OUT/16k-$e-$rep.txt 2>&1
  done
  # 1 KiB values, 300k keys
  for e in lsm titan rocksdb; do
    $CLI bench --engine $e --benchmarks fillrandom,overwrite,readrandom --num 300000 --value-size 1024 \
      --no-progress --json $OUT/1k-$e-$rep.json > $OUT/1k-$e-$rep.txt 2>&1
  done
  # steady overwrite (two passes) for titan's space amp, beside the lsm
  for e in lsm titan; do
    $CLI bench --engine $e --benchmarks fillrandom,overwrite,overwrite,waitforcompaction --num 16384 --value-size 16384 \
      --no-progress --json $OUT/s-$e-$rep.json > $OUT/s-$e-$rep.txt 2>&1
  done
done
# native db_bench (RocksDB 7.8) with the same bloom filter, for the rocksdb rows
scripts/anchors/db_bench.sh fillrandom,overwrite,readrandom 300000 1024 --bloom_bits=10 > $OUT/anchor-1k.txt 2>&1 || true
scripts/anchors/db_bench.sh fillrandom,overwrite,waitforcompaction 16384 16384 --bloom_bits=10 > $OUT/anchor-16k.txt 2>&1 || true
