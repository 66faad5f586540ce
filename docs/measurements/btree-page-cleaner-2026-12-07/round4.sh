set -u
OUT=/tmp/btcleaner
ARGS="--benchmarks fillrandom,overwrite,readrandom --num 300000 --value-size 1024 --no-progress"
for v in before after2 rocksdb; do
  case $v in before) dll=/tmp/tb/base/workbench.dll; eng=btree;; after2) dll=/tmp/tb/after2/workbench.dll; eng=btree;; rocksdb) dll=/tmp/tb/after/workbench.dll; eng=rocksdb;; esac
  echo "== round 4 $v $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  dotnet $dll bench --engine $eng $ARGS --json $OUT/r4-$v.json > $OUT/r4-$v.txt 2>&1
  grep -E "^(fillrandom|overwrite|readrandom)|latency" $OUT/r4-$v.txt
done
for v in after2 rocksdb; do
  case $v in after2) dll=/tmp/tb/after2/workbench.dll; eng=btree;; rocksdb) dll=/tmp/tb/after/workbench.dll; eng=rocksdb;; esac
  echo "== threads2 $v $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  dotnet $dll bench --engine $eng --benchmarks fillrandom --num 300000 --value-size 1024 --threads 2 --no-progress --json $OUT/t2-$v.json > $OUT/t2-$v.txt 2>&1
  grep -E "^(fillrandom)|latency" $OUT/t2-$v.txt
done
echo ALLDONE
