#!/usr/bin/env python3
"""What ext4 charges to write_bytes per file written like a RocksDB table: 300 files of 133 KiB + 700 B in 64 KiB
pieces, fsynced, without and with fallocate(KEEP_SIZE) + ftruncate (docs/measurements/attribution.md).
Usage: rocksdb-file-costs-fallocate.py SCRATCH_DIR (on the disk under test). Seconds."""
import os, sys
d = sys.argv[1]; os.makedirs(d, exist_ok=True)
def wb():
    for l in open('/proc/self/io'):
        if l.startswith('write_bytes'): return int(l.split()[1])
def run(label, n, fn):
    b = wb(); logical = 0
    for i in range(n): logical += fn(os.path.join(d, f"{label}{i:06d}.sst"))
    os.sync(); a = wb()
    print(f"{label}: {n} files, logical {logical/1e6:.3f} MB, charged {(a-b)/1e6:.3f} MB, extra per file {((a-b)-logical)/n:.0f} B")
    for f in os.listdir(d): os.unlink(os.path.join(d, f))
data = os.urandom(1 << 20)
def plain(p):
    fd = os.open(p, os.O_CREAT | os.O_WRONLY, 0o644)
    size = 133 * 1024 + 700
    off = 0
    while off < size:
        n = min(65536, size - off); os.write(fd, data[off:off+n]); off += n
    os.fsync(fd); os.close(fd); return size
def falloc(p):
    import ctypes; libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(p, os.O_CREAT | os.O_WRONLY, 0o644)
    libc.fallocate(fd, 1, ctypes.c_long(0), ctypes.c_long(144 * 1024))  # FALLOC_FL_KEEP_SIZE
    size = 133 * 1024 + 700; off = 0
    while off < size:
        n = min(65536, size - off); os.write(fd, data[off:off+n]); off += n
    os.fsync(fd); os.ftruncate(fd, size); os.close(fd); return size
run("plain", 300, plain)
run("falloc", 300, falloc)
