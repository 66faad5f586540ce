#!/usr/bin/env bash
# Issue 21 item 6 after the relative small-file threshold: lsm, titan (defaults), titan with Titan's
# absolute small-file rule (merge_small_file_ratio=0, the previous behaviour), rocksdb-blob; 16 KiB
# values, 256 MiB per pass (fillrandom, overwrite), default shape (64 MB memtables) and deep shape
# (2 MB memtables, 8 MB L1, 2 MB SSTs); interleaved rounds (every variant once per round, same binary).
# Then prints the table of medians (overwrite ops/s, WA, per-category bytes, space amp).
# Usage: W=harness/Workbench.Harness/bin/Release/net10.0/workbench.dll OUT=dir ROUNDS=3 docs/measurements/titan-defaults.sh
# Took ~3 min per round at load average 35-89 (9 min for ROUNDS=3); less on a quiet machine.
set -u
W=${W:-harness/Workbench.Harness/bin/Release/net10.0/workbench.dll}
OUT=${OUT:-/tmp/titandefaults}
ROUNDS=${ROUNDS:-3}
ARGS="--benchmarks fillrandom,overwrite --value-size 16384 --num 16384 --no-progress"
DEEP="--engine-option write_buffer_size=2MB --engine-option max_bytes_for_level_base=8MB --engine-option target_file_size_base=2MB"
VARIANTS=(
  "default-lsm|lsm|"
  "default-titan|titan|"
  "default-titan-abs|titan|--engine-option merge_small_file_ratio=0"
  "default-rocksdb-blob|rocksdb-blob|"
  "deep-lsm|lsm|$DEEP"
  "deep-titan|titan|$DEEP"
  "deep-titan-abs|titan|$DEEP --engine-option merge_small_file_ratio=0"
  "deep-rocksdb-blob|rocksdb-blob|$DEEP"
)
mkdir -p "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for v in "${VARIANTS[@]}"; do
    IFS='|' read -r tag engine opts <<< "$v"
    echo "== round $round $tag $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    # shellcheck disable=SC2086
    dotnet "$W" bench --engine "$engine" $ARGS $opts --json "$OUT/r$round-$tag.json" > "$OUT/r$round-$tag.txt" 2>&1
    grep -E "^overwrite" -A1 "$OUT/r$round-$tag.txt"
  done
done
python3 "$(dirname "$0")/titan-defaults.py" "$OUT"
