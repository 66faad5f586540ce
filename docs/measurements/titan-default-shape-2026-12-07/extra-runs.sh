set -u
W=/tmp/tb/after/workbench.dll; OUT=/tmp/titanshape
ARGS="--benchmarks fillrandom,overwrite --value-size 16384 --num 16384 --no-progress"
DEEP="--engine-option write_buffer_size=2MB --engine-option max_bytes_for_level_base=8MB --engine-option target_file_size_base=2MB"
echo "== deep titan msft0 $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
dotnet $W bench --engine titan $ARGS $DEEP --engine-option merge_small_file_threshold=0 --json $OUT/r1-deep-titan-msft0.json > $OUT/r1-deep-titan-msft0.txt 2>&1
grep -E "^(fillrandom|overwrite)|latency" $OUT/r1-deep-titan-msft0.txt
for v in "titan zstd:--engine-option blob_compression=zstd" "lsm none:" "lsm zstd:--engine-option compression=zstd"; do
  name=${v%%:*}; opts=${v#*:}; e=${name%% *}; tag=${name// /-}
  echo "== default cr0.5 $name $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  dotnet $W bench --engine $e $ARGS --compression-ratio 0.5 $opts --json $OUT/r1-cr05-$tag.json > $OUT/r1-cr05-$tag.txt 2>&1
  grep -E "^(fillrandom|overwrite)|latency" $OUT/r1-cr05-$tag.txt
done
echo ALLDONE
