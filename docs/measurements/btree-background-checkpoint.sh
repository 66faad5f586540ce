#!/usr/bin/env bash
# Interleaved side-by-side (docs/engines-btree.md, "Background checkpoints"): btree before (a Release
# build of main at 4c77a6c, copied aside), btree after (this branch), rocksdb (reference); 3 rounds.
# Usage: BEFORE=path/to/old/workbench.dll AFTER=harness/Workbench.Harness/bin/Release/net10.0/workbench.dll OUT=dir ./btree-background-checkpoint.sh
set -u
BEFORE=${BEFORE:?Release workbench.dll of the old build}
AFTER=${AFTER:-harness/Workbench.Harness/bin/Release/net10.0/workbench.dll}
OUT=${OUT:-/tmp/btbench}
ARGS="--benchmarks fillrandom,overwrite,readrandom --num 300000 --value-size 1024 --no-progress"
mkdir -p "$OUT"
for round in 1 2 3; do
  for v in before after rocksdb; do
    case $v in
      before) dll=$BEFORE; eng=btree;;
      after) dll=$AFTER; eng=btree;;
      rocksdb) dll=$AFTER; eng=rocksdb;;
    esac
    echo "== round $round $v $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    dotnet $dll bench --engine $eng $ARGS --json $OUT/r$round-$v.json > $OUT/r$round-$v.txt 2>&1
    grep -E "^(fillrandom|overwrite|readrandom)|latency" $OUT/r$round-$v.txt
  done
done
echo ALLDONE
