#!/usr/bin/env bash
# Checks that `jepsen --topology tcp`'s cluster processes (pd, 3 nodes, sql-server, all started with
# --exit-with-parent) exit by themselves when the verb is killed with SIGKILL (docs/cluster.md
# "Exiting with the starter"). Prints the children, then how many are alive each second after the
# kill; exits 0 when all are gone within 15 s. About 20 s. Run from the repository root after
#   dotnet build harness/Workbench.Harness -c Release
set -euo pipefail
W=${WORKBENCH_DLL:-harness/Workbench.Harness/bin/Release/net10.0/workbench.dll}
[ -f "$W" ] || { echo "$W not built (dotnet build harness/Workbench.Harness -c Release)" >&2; exit 2; }
log=$(mktemp)
dotnet "$W" jepsen --workload bank --layer sql --topology tcp --nemesis none --time 120 --seed 5 >"$log" 2>&1 &
verb=$!
# Wait (up to 90 s) until the verb has its five children: pd, 3 nodes, sql-server.
for _ in $(seq 1 90); do
  [ "$(ps -o pid= --ppid "$verb" | wc -l)" -ge 5 ] && break
  kill -0 "$verb" 2>/dev/null || { echo "the jepsen verb exited early:" >&2; cat "$log" >&2; exit 1; }
  sleep 1
done
kids=$(ps -o pid= --ppid "$verb" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
dir=$(ps -o args= -p "${kids%%,*}" | sed -n 's/.*--config \([^ ]*\)\/cluster.yaml.*/\1/p')
echo "verb $verb, children:"; ps -o pid,args -p "$kids" | cut -c1-160
kill -9 "$verb"; echo "$(date +%T) kill -9 $verb"
status=1
for t in $(seq 1 15); do
  sleep 1
  alive=$(ps -o pid= -p "$kids" | wc -l || true)
  echo "t+${t}s: $alive of 5 alive"
  [ "$alive" -eq 0 ] && { status=0; break; }
done
[ -n "$dir" ] && grep -h "exiting" "$dir"/*/*.log || true
[ -n "$dir" ] && rm -rf "$dir"   # a killed verb cannot delete its temporary directory
rm -f "$log"
exit $status
