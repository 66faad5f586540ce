#!/usr/bin/env bash
# Interleaved side-by-side (docs/engines-btree.md, "Page cleaner"): btree before (a Release build of
# main at b5c261b, copied aside), btree after (this branch: page cleaner on), the same with a 64 MiB
# gen0 budget (DOTNET_GCgen0size, a measurement of the GC's share only), rocksdb (reference).
# Usage: BEFORE=path/to/old/workbench.dll AFTER=harness/Workbench.Harness/bin/Release/net10.0/workbench.dll OUT=dir ROUNDS=2 ./btree-page-cleaner.sh
set -u
BEFORE=${BEFORE:?Release workbench.dll of the old build}
AFTER=${AFTER:-harness/Workbench.Harness/bin/Release/net10.0/workbench.dll}
OUT=${OUT:-/tmp/btcleaner}
ROUNDS=${ROUNDS:-2}
ARGS="--benchmarks fillrandom,overwrite,readrandom --num 300000 --value-size 1024 --no-progress"
mkdir -p "$OUT"
for round in $(seq 1 $ROUNDS); do
  for v in before after rocksdb after-gen0; do
    envs=""
    case $v in
      before) dll=$BEFORE; eng=btree;;
      after) dll=$AFTER; eng=btree;;
      after-gen0) dll=$AFTER; eng=btree; envs="DOTNET_GCgen0size=0x4000000";;
      rocksdb) dll=$AFTER; eng=rocksdb;;
    esac
    echo "== round $round $v $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    env $envs dotnet $dll bench --engine $eng $ARGS --json $OUT/r$round-$v.json > $OUT/r$round-$v.txt 2>&1
    grep -E "^(fillrandom|overwrite|readrandom)|latency" $OUT/r$round-$v.txt
  done
done
echo ALLDONE
