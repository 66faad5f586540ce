set -u
OUT=/tmp/btcleaner
ARGS="--benchmarks fillrandom,overwrite,readrandom --num 300000 --value-size 1024 --no-progress"
for v in after2 rocksdb; do
  case $v in after2) dll=/tmp/tb/after2/workbench.dll; eng=btree;; rocksdb) dll=/tmp/tb/after/workbench.dll; eng=rocksdb;; esac
  echo "== round 3 $v $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  dotnet $dll bench --engine $eng $ARGS --json $OUT/r3-$v.json > $OUT/r3-$v.txt 2>&1
  grep -E "^(fillrandom|overwrite|readrandom)|latency" $OUT/r3-$v.txt
done
echo ALLDONE
