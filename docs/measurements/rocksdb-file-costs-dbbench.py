#!/usr/bin/env python3
"""db_bench (Debian rocksdb-tools 7.8) with titan-in-tidb.yaml's rocksdb sizes: device bytes (wait4 ru_oublock × 512)
against its tickers, its file-sync histogram counts and the files left per kind (docs/measurements/attribution.md).
Usage: rocksdb-file-costs-dbbench.py DB_DIR [extra db_bench flags]. ~1 min."""
import os, subprocess, sys, re, glob, shutil
db = sys.argv[1]; extra = sys.argv[2:]
shutil.rmtree(db, ignore_errors=True)
args = ["db_bench", f"--db={db}", "--benchmarks=fillrandom,overwrite", "--num=60000", "--value_size=1000",
        "--write_buffer_size=262144", "--max_write_buffer_number=5", "--max_bytes_for_level_base=1048576",
        "--target_file_size_base=131072", "--level0_file_num_compaction_trigger=4", "--level0_slowdown_writes_trigger=20",
        "--level0_stop_writes_trigger=36", "--compression_type=none", "--statistics=1", "--cache_size=8388608", "--threads=1"] + extra
p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
out = p.stdout.read()
_, status, ru = os.wait4(p.pid, 0)
dev = ru.ru_oublock * 512
t = {}
for m in re.finditer(r"^(rocksdb\.[\w.]+) COUNT : (\d+)$", out, re.M): t[m.group(1)] = int(m.group(2))
h = {}
for m in re.finditer(r"^(rocksdb\.[\w.]+) P50 .* COUNT : (\d+) SUM : (\d+)", out, re.M): h[m.group(1)] = int(m.group(2))
wal, fl, co = t.get("rocksdb.wal.bytes",0), t.get("rocksdb.flush.write.bytes",0), t.get("rocksdb.compact.write.bytes",0)
att = wal + fl + co + t.get("rocksdb.wal.synced",0)*4096
print(f"device {dev/1e6:.2f} MB; wal {wal/1e6:.2f} flush {fl/1e6:.2f} compaction {co/1e6:.2f}; sum {att/1e6:.2f} = {att/dev*100:.1f}%; missing {(dev-att)/1e6:.2f} MB")
for k in ["rocksdb.table.sync.micros","rocksdb.compaction.outfile.sync.micros","rocksdb.manifest.file.sync.micros","rocksdb.wal.file.sync.micros"]:
    print(" hist", k, h.get(k))
print(" files.deleted.immediately", t.get("rocksdb.files.deleted.immediately"), "no.file.opens", t.get("rocksdb.no.file.opens"))
kinds = {}
for f in os.listdir(db):
    k = "sst" if f.endswith(".sst") else "wal" if f.endswith(".log") else re.sub(r"[-.]?\d+$", "", f)
    s = os.path.getsize(os.path.join(db, f)); n, b = kinds.get(k, (0, 0)); kinds[k] = (n + 1, b + s)
print(" files", {k: (n, round(b/1e6, 3)) for k, (n, b) in kinds.items()})
