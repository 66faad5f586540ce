#!/usr/bin/env bash
# Issue 18's done-when bench: the same `bench` from three builds, interleaved rep by rep, in one run.
#   OLD  = before the house refactor (473d1d7~1), MAIN = before the shared record log, LOG = with it.
# Every build opens each engine with its own defaults (new builds: --equal-settings off
# --wait-for-compaction off, which is what the old build does), so old vs new also includes the
# default changes issue 21 made in between; MAIN vs LOG isolates the record log.
set -u
OUT=${OUT:-/tmp/house-bench}; REPS=${REPS:-3}
declare -A BUILD=([old]=${OLD:-/tmp/wb-old} [main]=${MAIN:-/tmp/wb-main} [log]=${LOG:-/tmp/wb-log})
mkdir -p "$OUT"
for rep in $(seq 1 "$REPS"); do
  for E in lsm titan btree; do
    for B in old main log; do
      W=${BUILD[$B]}/workbench; X=""; [ "$B" != old ] && X="--equal-settings off --wait-for-compaction off"
      cd /tmp && "$W" bench --engine $E --benchmarks fillrandom,overwrite,readrandom,seekrandom --num 200000 --reads 50000 \
        --value-size 1024 --no-progress $X --json "$OUT/$B.$E.1k.$rep.json" > "$OUT/$B.$E.1k.$rep.txt" 2>&1
      echo "$(date +%T) load $(cut -d' ' -f1 /proc/loadavg) $B $E 1k rep $rep" >> "$OUT/progress.txt"
    done
  done
  for B in old main log; do
    W=${BUILD[$B]}/workbench; X=""; [ "$B" != old ] && X="--equal-settings off --wait-for-compaction off"
    cd /tmp && "$W" bench --engine titan --benchmarks fillrandom,overwrite,readrandom --num 16384 --reads 16384 \
      --value-size 16384 --no-progress $X --json "$OUT/$B.titan.16k.$rep.json" > "$OUT/$B.titan.16k.$rep.txt" 2>&1
    echo "$(date +%T) load $(cut -d' ' -f1 /proc/loadavg) $B titan 16k rep $rep" >> "$OUT/progress.txt"
  done
done
