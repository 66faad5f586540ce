#!/usr/bin/env bash
# RocksDB's own db_bench (Debian rocksdb-tools, RocksDB 7.8) with the parameters `workbench bench`
# uses, so the two can be compared side by side in one run.
# usage: db_bench.sh [BENCHMARKS] [NUM] [VALUE_SIZE] [extra db_bench flags...]
#   e.g. db_bench.sh fillrandom,overwrite,readrandom 300000 1024
set -euo pipefail
# db_bench is a developer tool no test uses, so run.sh does not install it (see run.sh's package notes).
if ! command -v db_bench >/dev/null; then
  echo "db_bench.sh: db_bench not found; install Debian's rocksdb-tools (apt-get install rocksdb-tools)" >&2
  exit 1
fi
benchmarks=${1:-fillrandom,overwrite,readrandom}; num=${2:-300000}; value_size=${3:-1024}
shift $(( $# < 3 ? $# : 3 ))
dir=$(mktemp -d /tmp/db_bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
db_bench --benchmarks="$benchmarks,stats" --num="$num" --value_size="$value_size" --key_size=16 \
  --compression_type=none --threads=1 --statistics=1 --db="$dir" "$@" 2>/dev/null \
  | grep -E "ops/sec|^ *Sum|Cumulative writes|Cumulative WAL|rocksdb\.(bytes\.written|wal\.bytes|flush\.write\.bytes|compact\.write\.bytes|blobdb\.blob\.file\.bytes\.written) "
