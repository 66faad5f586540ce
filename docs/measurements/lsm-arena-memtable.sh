#!/usr/bin/env bash
# Memtable skip-list nodes in the arena (branch `arena`, issue 21 item 4; lsm-under-pressure.md,
# "Memtable nodes in the arena"). Two builds side by side: BEFORE (main: a SkipListNode object plus
# its Next array per entry) and AFTER (this branch: nodes as offsets in the arena chunks), with
# rocksdb from the AFTER build as the anchor, interleaved rep by rep so machine drift hits all alike:
#   A. bench --benchmarks fillrandom,readwhilewriting --num 300000 --value-size 1000 --slow-ops 5
#      → readwhilewriting max / p99.9, fillrandom ops/s, GC count and pause per benchmark
#        (bench's gc line; process-wide, GC.GetTotalPauseDuration), slowest op's GC pause
#   B. bench --benchmarks fillrandom --num 300000 --value-size 1000 --threads 1 and --threads 2
#      → ops/s, threads-2 / threads-1, and process CPU (user+sys of the whole bench process,
#        getrusage of the child, so it includes start-up and the post-fill flush) per write
# Prints medians of the reps (and the per-rep values) and the ratios to rocksdb / to BEFORE.
#
# Usage: docs/measurements/lsm-arena-memtable.sh BEFORE_WORKBENCH_DLL AFTER_WORKBENCH_DLL [reps=3] [out dir]
#   e.g. build main in a copy:  git archive main | tar -x -C /tmp/main && (cd /tmp/main &&
#        dotnet build harness/Workbench.Harness -c Release)
#   then: docs/measurements/lsm-arena-memtable.sh /tmp/main/harness/Workbench.Harness/bin/Release/net10.0/workbench.dll \
#         harness/Workbench.Harness/bin/Release/net10.0/workbench.dll 3
# 3 reps × (3 A + 6 B) runs took 9–10 min on the 2-core machine at load average 15–35 (A runs
# 15–55 s, B runs 8–15 s). Data directories are bench's temporary ones under $TMPDIR (a disk).
set -euo pipefail
before=${1:?usage: lsm-arena-memtable.sh BEFORE_WORKBENCH_DLL AFTER_WORKBENCH_DLL [reps] [out dir]}
after=${2:?usage: lsm-arena-memtable.sh BEFORE_WORKBENCH_DLL AFTER_WORKBENCH_DLL [reps] [out dir]}
reps=${3:-3}
out=${4:-$(mktemp -d /tmp/lsm-arena-memtable.XXXXXX)}
mkdir -p "$out"
python3 - "$before" "$after" "$reps" "$out" <<'PY'
import json, os, resource, statistics as st, subprocess, sys, time
before, after, reps, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
variants = [("main-lsm", before, "lsm"), ("arena-lsm", after, "lsm"), ("rocksdb", after, "rocksdb")]
common = ["--num", "300000", "--value-size", "1000", "--no-progress"]
cpu = {}
def run(name, dll, engine, args):
    t0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(f"{out}/{name}.txt", "w") as f:
        rc = subprocess.run(["dotnet", dll, "bench", "--engine", engine, *common, *args, "--json", f"{out}/{name}.json"], stdout=f, stderr=subprocess.STDOUT).returncode
    t1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != 0: sys.exit(f"{name}: bench exited {rc}, see {out}/{name}.txt")
    cpu[name] = (t1.ru_utime - t0.ru_utime) + (t1.ru_stime - t0.ru_stime)
    print(f"{time.strftime('%H:%M:%S')} {name} done (load {os.getloadavg()[0]:.1f})", flush=True)
loads = []
for rep in range(1, reps + 1):
    for v, dll, engine in variants:
        loads.append(os.getloadavg()[0])
        run(f"A.{v}.r{rep}", dll, engine, ["--benchmarks", "fillrandom,readwhilewriting", "--slow-ops", "5"])
    for t in (1, 2):
        for v, dll, engine in variants:
            loads.append(os.getloadavg()[0])
            run(f"B.t{t}.{v}.r{rep}", dll, engine, ["--benchmarks", "fillrandom", "--threads", str(t)])
json.dump(cpu, open(f"{out}/cpu.json", "w"))

def result(name, bench):
    for r in json.load(open(f"{out}/{name}.json")):
        if r["benchmark"] == bench: return r
    raise SystemExit(f"{name}: no {bench} result")
def med(xs): return st.median(xs)
def fmt(xs, f="{:.0f}"): return f"{f.format(med(xs))} ({' / '.join(f.format(x) for x in xs)})"
names = [v for v, _, _ in variants]
rows = {}
print(f"\nA. fillrandom,readwhilewriting, 300k x 1000 B, {reps} reps interleaved; medians (per rep)")
cols = [("rww max us", lambda n: result(n, "readwhilewriting")["latency_us"]["max"]),
        ("rww p99.9 us", lambda n: result(n, "readwhilewriting")["latency_us"]["p999"]),
        ("rww p99 us", lambda n: result(n, "readwhilewriting")["latency_us"]["p99"]),
        ("rww gc n", lambda n: sum(result(n, "readwhilewriting")["gc"][g] for g in ("gen0", "gen1", "gen2"))),
        ("rww gc pause ms", lambda n: result(n, "readwhilewriting")["gc"]["pause_ms"]),
        ("rww slowest op gc pause ms", lambda n: max([o.get("gc_pause_ms", 0) for o in result(n, "readwhilewriting").get("slow_ops") or []] or [0])),
        ("fill ops/s", lambda n: result(n, "fillrandom")["ops_per_sec"]),
        ("fill max us", lambda n: result(n, "fillrandom")["latency_us"]["max"]),
        ("fill gc n", lambda n: sum(result(n, "fillrandom")["gc"][g] for g in ("gen0", "gen1", "gen2"))),
        ("fill gc pause ms", lambda n: result(n, "fillrandom")["gc"]["pause_ms"]),
        ("fill gen2", lambda n: result(n, "fillrandom")["gc"]["gen2"]),
        ("peak rss MiB", lambda n: max(result(n, b)["peak_rss_bytes"] or 0 for b in ("fillrandom", "readwhilewriting")) / 2**20)]
for label, get in cols:
    vals = {v: [get(f"A.{v}.r{r}") for r in range(1, reps + 1)] for v in names}
    rows[label] = {v: med(x) for v, x in vals.items()}
    f = "{:.1f}" if "p99" in label or "pause" in label else "{:.0f}"
    print(f"  {label:28} " + "  ".join(f"{v}: {fmt(vals[v], f)}" for v in names))
for label in ("rww max us", "rww p99.9 us", "fill ops/s"):
    r = rows[label]
    print(f"  ratio {label:22} main-lsm/rocksdb {r['main-lsm'] / r['rocksdb']:.2f}x  arena-lsm/rocksdb {r['arena-lsm'] / r['rocksdb']:.2f}x  arena/main {r['arena-lsm'] / r['main-lsm']:.2f}x")

print(f"\nB. fillrandom 300k x 1000 B, --threads 1 / 2, {reps} reps interleaved; medians (per rep)")
for v in names:
    ops = {t: [result(f"B.t{t}.{v}.r{r}", "fillrandom")["ops_per_sec"] for r in range(1, reps + 1)] for t in (1, 2)}
    us = {t: [cpu[f"B.t{t}.{v}.r{r}"] / 300000 * 1e6 for r in range(1, reps + 1)] for t in (1, 2)}
    gcp = {t: [result(f"B.t{t}.{v}.r{r}", "fillrandom")["gc"]["pause_ms"] for r in range(1, reps + 1)] for t in (1, 2)}
    print(f"  {v:10} t1 ops/s {fmt(ops[1])}  t2 ops/s {fmt(ops[2])}  t2/t1 {med(ops[2]) / med(ops[1]):.2f}x | "
          f"process CPU us/write t1 {fmt(us[1], '{:.1f}')}  t2 {fmt(us[2], '{:.1f}')} | gc pause ms t1 {fmt(gcp[1], '{:.0f}')}  t2 {fmt(gcp[2], '{:.0f}')}")
print(f"\nload average (1 min) at run starts: median {med(loads):.1f}, min {min(loads):.1f}, max {max(loads):.1f}")
print(f"raw results in {out}")
PY
