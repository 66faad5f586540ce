#!/usr/bin/env bash
# Issue 15: scan100 and point get at 1 and 4 KB rows with use_direct_reads for BOTH rocksdb and titan
# (docs/measurements/titan-in-tidb-direct.yaml), repeated twice, each rocksdb/titan pair back to back;
# prints the table of docs/measurements/titan-in-tidb.md, "Direct reads for both engines".
# 16 cells, each loading 32 MiB of rows per store: 24 min 36 s on 2 cores at load average 14–31 (2026-12-07).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-results/titan-in-tidb-direct-$(date -u +%Y%m%d-%H%M%S)}
./run.sh matrix docs/measurements/titan-in-tidb-direct.yaml --results "$(dirname "$out")" --run-id "$(basename "$out")" --no-report
python3 docs/measurements/titan-in-tidb-direct.py "$out/results.json"
