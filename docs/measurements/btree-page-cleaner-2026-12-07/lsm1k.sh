set -u
OUT=/tmp/btcleaner
for e in lsm titan; do
  echo "== 1k $e $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  dotnet /tmp/tb/after2/workbench.dll bench --engine $e --benchmarks fillrandom,overwrite,readrandom --num 300000 --value-size 1024 --no-progress --json $OUT/r4-$e.json > $OUT/r4-$e.txt 2>&1
  grep -E "^(fillrandom|overwrite|readrandom)|latency" $OUT/r4-$e.txt
done
echo ALLDONE
