#!/usr/bin/env bash
# Issue 21 item 5, btree write stalls: interleaved side by side, 1 KB fillrandom + overwrite, 300k.
#   main      = a Release build of main (BEFORE=.../workbench.dll; skipped when unset)
#   old       = this branch with main's policies (clean_victim_search=256, unlocked_page_writes=false)
#   after     = this branch with its defaults, given explicitly: clean_victim_search=0 (a writer writes a victim
#               back only if the whole pool is dirty), unlocked_page_writes=true (cleaner and checkpoint page
#               writes from copies, outside the pool's lock)
#   rocksdb   = reference, same binary
# Each btree run's JSON carries the stall histogram by cause (btree.write.stall.CAUSE.over_1ms|5ms|50ms|max_us);
# btree-stalls-summary.py prints medians and the causes.
# Usage: [BEFORE=/path/main/workbench.dll] [AFTER=harness/.../workbench.dll] [OUT=dir] [ROUNDS=3] docs/measurements/btree-stalls.sh
# Takes ~15-25 s per run on a quiet machine (4 variants x 3 rounds: ~5 min), ~1.5 min per run at load 40-70.
set -u
AFTER=${AFTER:-harness/Workbench.Harness/bin/Release/net10.0/workbench.dll}
BEFORE=${BEFORE:-}
OUT=${OUT:-/tmp/btstalls}
ROUNDS=${ROUNDS:-3}
ARGS="--benchmarks fillrandom,overwrite --num 300000 --value-size 1024 --no-progress"
mkdir -p "$OUT"
variants="old after rocksdb"
[ -n "$BEFORE" ] && variants="main $variants"
for round in $(seq 1 "$ROUNDS"); do
  for v in $variants; do
    opts=""; dll=$AFTER; eng=btree
    case $v in
      main) dll=$BEFORE;;
      old) opts="--engine-option clean_victim_search=256 --engine-option unlocked_page_writes=false";;
      after) opts="--engine-option clean_victim_search=0 --engine-option unlocked_page_writes=true";;
      rocksdb) eng=rocksdb;;
    esac
    echo "== round $round $v $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    dotnet "$dll" bench --engine $eng $opts $ARGS --json "$OUT/r$round-$v.json" > "$OUT/r$round-$v.txt" 2>&1
    grep -E "^(fillrandom|overwrite)|latency" "$OUT/r$round-$v.txt"
  done
done
python3 "$(dirname "$0")/btree-stalls-summary.py" "$OUT"
