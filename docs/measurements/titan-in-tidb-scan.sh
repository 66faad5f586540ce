#!/usr/bin/env bash
# Issue 15: scan100 and point get at 1 KB rows, rocksdb vs titan (vs rocksdb and titan with direct
# reads), repeated twice, interleaved; prints the table of docs/measurements/titan-in-tidb.md.
# 16 cells (12 before titan-direct was added), each loading 32 MiB of rows per store
# (2026-12-07, 12 cells at load average 30–75: 34 min; its 8 scan100 cells at load 6–24: 16 min).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-results/titan-in-tidb-scan-$(date -u +%Y%m%d-%H%M%S)}
./run.sh matrix docs/measurements/titan-in-tidb-scan.yaml --results "$(dirname "$out")" --run-id "$(basename "$out")" --no-report
python3 docs/measurements/titan-in-tidb-scan.py "$out/results.json"
