#!/usr/bin/env bash
# Issue 15: scan100 and point get at 1 KB rows, rocksdb vs titan (vs rocksdb with direct reads),
# repeated twice, interleaved; prints the table of docs/measurements/titan-in-tidb.md.
# 12 cells, each loading 32 MiB of rows per store: ~15–20 min on a quiet 2-core machine (estimated)
# (2026-12-07, load average 30–75: 34 min).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-results/titan-in-tidb-scan-$(date -u +%Y%m%d-%H%M%S)}
./run.sh matrix docs/measurements/titan-in-tidb-scan.yaml --results "$(dirname "$out")" --run-id "$(basename "$out")" --no-report
python3 docs/measurements/titan-in-tidb-scan.py "$out/results.json"
