#!/usr/bin/env bash
# Flow control (ServerIsBusy) on vs off, side by side: YCSB-A at the txn layer on a 3-replica
# in-process cluster of rocksdb stores whose engines are made to stall (1 MiB memtables, two of them,
# L0 stop at 8 files), 1 KiB values, 8 client threads. The variants alternate (on/off, off/on, …)
# in one invocation on the same binary (which goes first alternates); the table gives each run and the
# medians. Flow control here refuses at the engine's L0 stop (8 files) and on a 200 ms engine write.
# Usage: docs/measurements/flow-control.sh [REPEATS=3] [RECORDS=4000] [OPS=8000]
# Needs a Release build of the harness (dotnet build harness/Workbench.Harness -c Release).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEATS=${1:-3}
RECORDS=${2:-4000}
OPS=${3:-8000}
BIN=harness/Workbench.Harness/bin/Release/net10.0/workbench.dll
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

yaml() { # $1 = true|false
  cat > "$WORK/fc-$1.yaml" <<YAML
topology: in-process
pd: { address: 127.0.0.1:2379, data_dir: $WORK/pd-$1 }
nodes:
  - { id: 1, address: 127.0.0.1:20160, engine: { name: rocksdb, options: { write_buffer_size: 1MiB, max_write_buffer_number: 2, level0_slowdown_writes_trigger: 4, level0_stop_writes_trigger: 8 } } }
  - { id: 2, address: 127.0.0.1:20161, engine: { name: rocksdb, options: { write_buffer_size: 1MiB, max_write_buffer_number: 2, level0_slowdown_writes_trigger: 4, level0_stop_writes_trigger: 8 } } }
  - { id: 3, address: 127.0.0.1:20162, engine: { name: rocksdb, options: { write_buffer_size: 1MiB, max_write_buffer_number: 2, level0_slowdown_writes_trigger: 4, level0_stop_writes_trigger: 8 } } }
replicas: 3
raft: { log: separate, tick_ms: 100, election_tick: 10, heartbeat_tick: 2 }
region: { split_size: 8MiB, split_keys: 80000 }
flow_control: { enable: $1, l0_files_threshold: 8, memtables_threshold: 0, engine_stall_ms: 200 }
YAML
}
yaml true
yaml false

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %-3s %10s %12s %12s %12s %7s %8s\n' run fc ops/s "UPDATE p99" "UPDATE max" "READ p99" gaveup "reg.err"
results="$WORK/results.txt"
for r in $(seq 1 "$REPEATS"); do
  order="true false"; [ $((r % 2)) -eq 0 ] && order="false true"  # alternate which variant goes first
  for fc in $order; do
    rm -rf "$WORK/pd-$fc" "$WORK/db-$fc"
    out="$WORK/out-$fc-$r.txt"
    start=$(date +%s)
    if ! dotnet "$BIN" ycsb run --load --workload workloads/ycsb/workloada --layer txn --cluster "$WORK/fc-$fc.yaml" \
        --threads 8 --db "$WORK/db-$fc" -p recordcount="$RECORDS" -p operationcount="$OPS" -p fieldcount=1 -p fieldlength=1024 > "$out" 2>&1; then
      echo "run $r fc=$fc failed:"; tail -5 "$out"
    fi
    secs=$(( $(date +%s) - start ))
    # The run phase's summary lines: "UPDATE - Takes(s): …, Count: …, OPS: …, Avg(us): …, …, Max(us): …, 99th(us): …"
    line() { grep -E "^$1 +- " "$out" | tail -1; }
    field() { sed -E "s/.*, $2: ([0-9.]+).*/\1/" <<<"$1"; }
    u=$(line UPDATE); rd=$(line READ); t=$(line TOTAL)
    txn=$(grep -E "^TXN +- " "$out" | tail -1)  # the run phase's: GaveUp = operations that failed, RegionErrors include ServerIsBusy
    printf '%-5s %-3s %10s %12s %12s %12s %7s %8s   (%ss)\n' "$r" "$([ $fc = true ] && echo on || echo off)" "$(field "$t" OPS)" \
      "$(field "$u" '99th\(us\)')us" "$(field "$u" 'Max\(us\)')us" "$(field "$rd" '99th\(us\)')us" "$(field "$txn" GaveUp)" "$(field "$txn" RegionErrors)" "$secs" | tee -a "$results"
  done
done
echo "medians:"
for fc in on off; do
  awk -v fc=$fc '$2==fc { gsub("us","",$4); gsub("us","",$5); o[n+0]=$3+0; p[n+0]=$4+0; m[n+0]=$5+0; n++ }
    function med(a, n,  i,j,t){ for(i=0;i<n;i++) for(j=i+1;j<n;j++) if (a[j]<a[i]) {t=a[i];a[i]=a[j];a[j]=t}; return a[int(n/2)] }
    END { printf "  fc %-3s ops/s %s  UPDATE p99 %sus  UPDATE max %sus  (%d runs)\n", fc, med(o,n), med(p,n), med(m,n), n }' "$results"
done
