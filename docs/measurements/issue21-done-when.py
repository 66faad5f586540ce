#!/usr/bin/env python3
"""Issue 21's "Done when" table from the raw outputs of issue21-done-when.sh.

    python3 docs/measurements/issue21-done-when.py RESULTS_DIR      # the markdown table
    python3 docs/measurements/issue21-done-when.py --estimate DIR   # full-run time from a --quick run
    python3 docs/measurements/issue21-done-when.py --self-test      # verdicts on issue21-fixture/

RESULTS_DIR holds SHAPE.ENGINE.rREP.json (bench --json: an array, one object per benchmark) and
runs.tsv (rep, shape, engine, start, load average, exit code, wall seconds; the last row of a
(rep, shape, engine) wins). One row per target of the issue: each engine's median and its per-rep
values, the ratio, met / not met. Rule: the medians are rounded as shown, the ratio is computed
from those shown medians and rounded to two decimals, and the verdict compares that shown ratio (or
the shown median, for absolute targets) with the goal — so the table can be checked by hand.
Python 3 standard library only (Debian's python3).
"""
import argparse
import json
import math
import os
import statistics
import sys
import tempfile

SHAPES = ["1k", "1k-t2", "16k-default", "16k-deep"]
ENGINES = ["lsm", "titan", "btree", "rocksdb", "rocksdb-blob"]
FILLS = {"fillrandom", "fillseq"}  # benchmarks that start from a fresh engine (counters from 0)
REWRITES = "btree.io.page_rewrites_before_sync_bytes"
MIB = 1 << 20


# ---------------------------------------------------------------- loading

class Run:
    """One bench process: its rep, the load average at its start, its benchmarks (None if it failed)."""

    def __init__(self, rep, shape, engine, load, exit_code, wall, results):
        self.rep, self.shape, self.engine = rep, shape, engine
        self.load, self.exit_code, self.wall, self.results = load, exit_code, wall, results

    def phase(self, benchmark):
        for i, r in enumerate(self.results or []):
            if r.get("benchmark") == benchmark:
                return i, r
        return None, None


def load_runs(directory):
    """(shape, engine) -> [Run] in rep order, from runs.tsv and the JSON files beside it."""
    rows = {}
    tsv = os.path.join(directory, "runs.tsv")
    if os.path.exists(tsv):
        with open(tsv, encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            for line in f:
                cells = dict(zip(header, line.rstrip("\n").split("\t")))
                if not cells.get("rep"):
                    continue
                key = (int(cells["rep"]), cells["shape"], cells["engine"])
                rows[key] = cells  # a rerun of the same rep replaces the earlier row
    else:  # no log: take whatever JSON files there are
        for name in os.listdir(directory):
            parts = name.split(".")
            if name.endswith(".json") and len(parts) >= 4 and parts[-2].startswith("r"):
                rows[(int(parts[-2][1:]), parts[0], ".".join(parts[1:-2]))] = {}
    runs = {}
    for (rep, shape, engine), cells in sorted(rows.items()):
        path = os.path.join(directory, f"{shape}.{engine}.r{rep}.json")
        results = None
        if os.path.exists(path) and cells.get("exit", "0") == "0":
            try:
                with open(path, encoding="utf-8") as f:
                    results = json.load(f)
            except (OSError, ValueError) as e:
                print(f"warning: {path}: not readable bench JSON ({e}); counted as a failed run", file=sys.stderr)
        load = tuple(float(cells[k]) for k in ("load1", "load5", "load15")) if "load1" in cells else None
        wall = float(cells["wall_s"]) if cells.get("wall_s") else None
        runs.setdefault((shape, engine), []).append(
            Run(rep, shape, engine, load, int(cells.get("exit", 0) or 0), wall, results))
    return runs


# ---------------------------------------------------------------- metrics

class Metric:
    """A figure read from one run, how it is shown, and how many decimals the verdict sees."""

    def __init__(self, name, get, decimals, unit=""):
        self.name, self.get, self.decimals, self.unit = name, get, decimals, unit

    def shown(self, v):
        return None if v is None else round(v, self.decimals)

    def fmt(self, v):
        if v is None:
            return "–"
        return f"{v:,.{self.decimals}f}"


def _field(benchmark, fn):
    def get(run):
        _, p = run.phase(benchmark)
        return None if p is None else fn(p)
    return get


def ops(b):
    return Metric(f"{b} ops/s", _field(b, lambda p: p.get("ops_per_sec")), 0)


def lat(b, key, label):
    return Metric(f"{b} {label} µs", _field(b, lambda p: (p.get("latency_us") or {}).get(key)), 0)


def wa(b):
    return Metric(f"{b} WA (settled)", _field(b, lambda p: p.get("write_amp")), 2)


def space_amp(b):
    return Metric(f"{b} space amp", _field(b, lambda p: p.get("space_amp")), 2)


def _peak_rss(run):
    peaks = [r.get("peak_rss_bytes") for r in run.results or [] if r.get("peak_rss_bytes")]
    return max(peaks) / MIB if peaks else None


PEAK_RSS = Metric("peak RSS MiB (whole run)", _peak_rss, 0)


def _categories_over_device(benchmark):
    """(Σ engine byte categories − page-file rewrites the OS cache absorbed) / device bytes, this phase."""
    def get(run):
        i, p = run.phase(benchmark)
        if p is None or not p.get("device_bytes_written"):
            return None
        counter = (p.get("engine_counters") or {}).get(REWRITES, 0)
        if benchmark not in FILLS and i > 0:  # the counter is the engine's since it opened
            counter -= (run.results[i - 1].get("engine_counters") or {}).get(REWRITES, 0)
        return (sum((p.get("engine_io") or {}).values()) - counter) / p["device_bytes_written"]
    return get


def categories(b):
    return Metric(f"{b} (Σ categories − rewrites) / device", _categories_over_device(b), 3)


def _all_writes_wa(run):
    user = dev = 0
    for p in run.results or []:
        if p.get("user_bytes_written") and p.get("device_bytes_written") is not None:
            user += p["user_bytes_written"]
            dev += p["device_bytes_written"]
    return dev / user if user else None


ALL_WRITES_WA = Metric("WA over all write phases", _all_writes_wa, 2)


# ---------------------------------------------------------------- targets

class Side:
    def __init__(self, shape, engine, metric):
        self.shape, self.engine, self.metric = shape, engine, metric


class Target:
    """kind 'ratio': shown median(a) / shown median(b) OP goal; kind 'abs': shown median(a) OP goal;
    kind 'near1': |shown median(a) − 1| ≤ goal."""

    def __init__(self, tid, item, what, kind, a, b, op, goal, goal_text):
        self.tid, self.item, self.what, self.kind = tid, item, what, kind
        self.a, self.b, self.op, self.goal, self.goal_text = a, b, op, goal, goal_text


def targets():
    t = []
    def ratio(tid, item, what, a, b, op, goal):
        t.append(Target(tid, item, what, "ratio", a, b, op, goal, f"{op} {goal:g}×"))
    def absolute(tid, item, what, a, op, goal, goal_text):
        t.append(Target(tid, item, what, "abs", a, None, op, goal, goal_text))
    for shape, label in (("1k", "1 KB 300k"), ("16k-deep", "deep 16 KB")):
        ratio(f"{shape}-overwrite-ops", 3, f"lsm overwrite ops/s vs rocksdb, {label}",
              Side(shape, "lsm", ops("overwrite")), Side(shape, "rocksdb", ops("overwrite")), "≥", 1.0)
        ratio(f"{shape}-overwrite-wa", 3, f"lsm overwrite WA (compaction settled) vs rocksdb, {label}",
              Side(shape, "lsm", wa("overwrite")), Side(shape, "rocksdb", wa("overwrite")), "≤", 1.0)
    for b in ("readrandom", "readwhilewriting"):
        for key, label in (("p999", "p99.9"), ("max", "max")):
            ratio(f"1k-{b}-{key}", 4, f"lsm {b} {label} latency vs rocksdb, 1 KB",
                  Side("1k", "lsm", lat(b, key, label)), Side("1k", "rocksdb", lat(b, key, label)), "≤", 1.5)
    ratio("1k-t2-scaling", 4, "lsm fillrandom --threads 2 vs --threads 1, 1 KB",
          Side("1k-t2", "lsm", ops("fillrandom")), Side("1k", "lsm", ops("fillrandom")), "≥", 1.3)
    ratio("1k-peak-rss", 4, "lsm peak RSS vs rocksdb, 1 KB run (equal memtable and cache budgets)",
          Side("1k", "lsm", PEAK_RSS), Side("1k", "rocksdb", PEAK_RSS), "≤", 1.5)
    for b in ("fillrandom", "overwrite"):
        absolute(f"1k-btree-{b}-max", 5, f"btree {b} max write latency, 1 KB",
                 Side("1k", "btree", lat(b, "max", "max")), "≤", 50_000, "≤ 50 ms")
        absolute(f"1k-btree-{b}-p999", 5, f"btree {b} p99.9 write latency, 1 KB",
                 Side("1k", "btree", lat(b, "p999", "p99.9")), "≤", 5_000, "≤ 5 ms")
    for b in ("fillrandom", "overwrite"):
        t.append(Target(f"1k-btree-{b}-categories", 5, f"btree {b}: byte categories − counted rewrites = device bytes, 1 KB",
                        "near1", Side("1k", "btree", categories(b)), None, "≤", 0.05, "within 5%"))
    ratio("16k-titan-overwrite-ops", 6, "titan overwrite ops/s vs lsm, 16 KB default shape",
          Side("16k-default", "titan", ops("overwrite")), Side("16k-default", "lsm", ops("overwrite")), "≥", 1.5)
    ratio("16k-titan-overwrite-wa", 6, "titan overwrite WA vs lsm, 16 KB default shape",
          Side("16k-default", "titan", wa("overwrite")), Side("16k-default", "lsm", wa("overwrite")), "≤", 0.6)
    absolute("16k-titan-space-amp", 6, "titan space amp after overwrite, 16 KB default shape",
             Side("16k-default", "titan", space_amp("overwrite")), "≤", 2.0, "≤ 2")
    return t


def _median(values):
    return statistics.median(values) if values else None


class SideValues:
    def __init__(self, runs, side):
        self.side = side
        self.reps = []  # (rep, value or None)
        for run in runs.get((side.shape, side.engine), []):
            self.reps.append((run.rep, side.metric.get(run) if run.results else None))
        got = [v for _, v in self.reps if v is not None]
        self.n, self.total = len(got), len(self.reps)
        self.median = side.metric.shown(_median(got))

    def cell(self):
        m = self.side.metric
        if self.median is None:
            return f"{self.side.engine}: no data"
        reps = " / ".join(m.fmt(v) for _, v in self.reps)
        return f"{self.side.engine} **{m.fmt(self.median)}** ({reps})"


def _compare(value, op, goal):
    return value >= goal if op == "≥" else value <= goal


def evaluate(runs, target):
    """(a values, b values or None, shown value, verdict, notes)."""
    a = SideValues(runs, target.a)
    b = SideValues(runs, target.b) if target.b else None
    notes = []
    for sv in (a, b):
        if sv is None:
            continue
        if sv.n < sv.total:
            notes.append(f"{sv.side.engine}: {sv.total - sv.n} of {sv.total} reps without the figure (failed run?)")
        bench = sv.side.metric.name.split(" ")[0]
        unsettled = [run.rep for run in runs.get((sv.side.shape, sv.side.engine), [])
                     if (run.phase(bench)[1] or {}).get("compaction_settled") is False]
        if unsettled and "WA" in sv.side.metric.name:
            notes.append(f"{sv.side.engine}: compaction not settled in rep {', '.join(map(str, unsettled))}")
    if a.median is None or (b is not None and b.median is None):
        return a, b, None, "no data", notes
    if target.kind == "ratio":
        if b.median == 0:
            return a, b, None, "no data", notes + [f"{b.side.engine}'s median is 0"]
        value = round(a.median / b.median, 2)
        verdict = _compare(value, target.op, target.goal)
    elif target.kind == "abs":
        value = a.median
        verdict = _compare(value, target.op, target.goal)
    else:  # near1
        value = a.median
        verdict = round(abs(value - 1), 3) <= target.goal
    return a, b, value, "met" if verdict else "**not met**", notes


# ---------------------------------------------------------------- output

def render(runs, directory_label):
    out = []
    all_runs = [r for rs in runs.values() for r in rs]
    loads = [r.load[0] for r in all_runs if r.load]
    reps = sorted({r.rep for r in all_runs})
    out.append(f"# Issue 21 done-when table — {directory_label}")
    out.append("")
    if loads:
        per_rep = "; ".join(
            f"rep {rep} {min(r.load[0] for r in all_runs if r.rep == rep and r.load):.1f}–"
            f"{max(r.load[0] for r in all_runs if r.rep == rep and r.load):.1f}"
            for rep in reps if any(r.rep == rep and r.load for r in all_runs))
        out.append(f"Load average (1 min) at the start of each run: {min(loads):.1f}–{max(loads):.1f} ({per_rep}).")
    failed = [f"{r.shape}.{r.engine}.r{r.rep}" for r in all_runs if r.results is None]
    out.append(f"Runs: {len(all_runs)} over {len(reps)} rep(s), {len(failed)} failed{': ' + ', '.join(failed) if failed else ''}.")
    sizes = sorted({(r.shape, p.get("num"), p.get("value_size")) for r in all_runs for p in (r.results or [])[:1]})
    if sizes:
        out.append("Sizes: " + "; ".join(f"{s} {n:,} × {v:,} B" for s, n, v in sizes) + ".")
    out.append("")
    out.append("Medians over the reps (per-rep values in brackets, rep order). Verdicts compare the ratio of the "
               "shown medians, rounded to 2 decimals (or the shown median itself), with the goal.")
    out.append("")
    out.append("| item | target | A: median (reps) | B: median (reps) | A/B or value | goal | verdict | notes |")
    out.append("|---|---|---|---|---:|---|---|---|")
    for t in targets():
        a, b, value, verdict, notes = evaluate(runs, t)
        shown = "–" if value is None else (f"{value:.2f}" if t.kind == "ratio" else t.a.metric.fmt(value))
        metric_note = f"{t.a.metric.name} [{t.a.shape}{'' if not b or b.side.shape == t.a.shape else ' vs ' + b.side.shape}]"
        out.append(f"| {t.item} | {t.what} — {metric_note} | {a.cell()} | {b.cell() if b else ''} | {shown} | "
                   f"{t.goal_text} | {verdict} | {'; '.join(notes)} |")
    out.append("")
    out.append("## Every engine (medians; n = reps with the figure)")
    out.append("")
    out.append("| shape | benchmark | engine | ops/s | p99.9 µs | max µs | WA | space amp | compaction settled | n |")
    out.append("|---|---|---|---:|---:|---:|---:|---:|---|---:|")
    for shape in SHAPES:
        benchmarks = []
        for engine in ENGINES:
            for r in runs.get((shape, engine), []):
                for p in r.results or []:
                    if p.get("benchmark") not in benchmarks:
                        benchmarks.append(p.get("benchmark"))
        for bench in benchmarks:
            for engine in ENGINES:
                rs = [r for r in runs.get((shape, engine), []) if r.phase(bench)[1] is not None]
                if not rs:
                    continue
                def med(metric):
                    return metric.fmt(metric.shown(_median([v for v in (metric.get(r) for r in rs) if v is not None])))
                settled = [r.phase(bench)[1].get("compaction_settled") for r in rs]
                waited = [s for s in settled if s is not None]
                settled_text = f"{sum(1 for s in waited if s)}/{len(waited)}" if waited else "–"
                out.append(f"| {shape} | {bench} | {engine} | {med(ops(bench))} | {med(lat(bench, 'p999', 'p99.9'))} | "
                           f"{med(lat(bench, 'max', 'max'))} | {med(wa(bench))} | {med(space_amp(bench))} | {settled_text} | {len(rs)} |")
    out.append("")
    out.append("Latencies of readwhilewriting are the readers'; titan's blob GC is not waited for (bench waits for "
               "flushes and compactions only).")
    out.append("")
    out.append("## Whole runs (medians)")
    out.append("")
    out.append("| shape | engine | peak RSS MiB | WA over all write phases | wall s | n |")
    out.append("|---|---|---:|---:|---:|---:|")
    for shape in SHAPES:
        for engine in ENGINES:
            rs = [r for r in runs.get((shape, engine), []) if r.results]
            if rs:
                rss = PEAK_RSS.fmt(PEAK_RSS.shown(_median([v for v in map(_peak_rss, rs) if v is not None])))
                allwa = ALL_WRITES_WA.fmt(ALL_WRITES_WA.shown(_median([v for v in map(_all_writes_wa, rs) if v is not None])))
                walls = [r.wall for r in rs if r.wall is not None]
                wall = f"{_median(walls):.0f}" if walls else "–"
                out.append(f"| {shape} | {engine} | {rss} | {allwa} | {wall} | {len(rs)} |")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- estimate

def estimate(directory, num1=300_000, reads1=100_000, num16=8192, reps=3):
    """Seconds a full run would take, scaled from a --quick run's timed phases and compaction waits.

    Per phase: (seconds + compaction wait) × (full ops / quick ops); per run: its wall time beyond
    its phases (start-up, engine open and close) unscaled. A lower bound: rates fall as the data
    outgrows the memtable and the block cache."""
    runs = load_runs(directory)
    total = 0.0
    for (shape, engine), rs in runs.items():
        for r in rs:
            phases = 0.0
            for p in r.results or []:
                quick_ops = p.get("ops") or 0
                bench = p.get("benchmark")
                full = (num16 if shape.startswith("16k") else
                        reads1 if bench in ("readrandom", "seekrandom", "readwhilewriting") else num1)
                scale = full / quick_ops if quick_ops else 1
                t = (p.get("seconds") or 0) + (p.get("compaction_wait_seconds") or 0)
                phases += t
                total += t * scale
            if r.wall is not None:
                total += max(0.0, r.wall - phases)
    reps_seen = len({r.rep for rs in runs.values() for r in rs}) or 1
    return total / reps_seen * reps


# ---------------------------------------------------------------- self-test

def self_test():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "issue21-fixture", "fixture.json"), encoding="utf-8") as f:
        fixture = json.load(f)
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "runs.tsv"), "w", encoding="utf-8") as tsv:
            tsv.write("rep\tshape\tengine\tstart_utc\tload1\tload5\tload15\texit\twall_s\n")
            for run in fixture["runs"]:
                load = run.get("load", [1.0, 1.0, 1.0])
                tsv.write(f"{run['rep']}\t{run['shape']}\t{run['engine']}\t2026-12-07T00:00:00Z\t"
                          f"{load[0]}\t{load[1]}\t{load[2]}\t{run.get('exit', 0)}\t10.0\n")
                if "results" in run:
                    with open(os.path.join(d, f"{run['shape']}.{run['engine']}.r{run['rep']}.json"), "w", encoding="utf-8") as j:
                        json.dump(run["results"], j)
        runs = load_runs(d)
        failures = []
        by_id = {t.tid: t for t in targets()}
        if set(by_id) != set(fixture["expected"]):
            failures.append(f"fixture expects {sorted(set(fixture['expected']) ^ set(by_id))} differently from the targets")
        for tid, expected in fixture["expected"].items():
            if tid not in by_id:
                continue
            _, _, value, verdict, notes = evaluate(runs, by_id[tid])
            verdict = verdict.strip("*")
            if verdict != expected["verdict"]:
                failures.append(f"{tid}: verdict {verdict}, expected {expected['verdict']} (value {value})")
            if "value" in expected and (value is None or not math.isclose(value, expected["value"], abs_tol=1e-9)):
                failures.append(f"{tid}: value {value}, expected {expected['value']}")
            for note in expected.get("notes", []):
                if not any(note in n for n in notes):
                    failures.append(f"{tid}: no note containing '{note}' in {notes}")
        table = render(runs, "fixture")
        for t in targets():
            if t.what not in table:
                failures.append(f"table lacks the row '{t.what}'")
        if "1 failed" not in table:
            failures.append("table does not count the fixture's one failed run")
        empty = load_runs(tempfile.mkdtemp(dir=d))
        for t in targets():
            if evaluate(empty, t)[3] != "no data":
                failures.append(f"{t.tid}: an empty directory gives '{evaluate(empty, t)[3]}', not 'no data'")
    if failures:
        print("self-test FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print(f"self-test passed: {len(fixture['expected'])} verdicts on issue21-fixture/fixture.json")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results", nargs="?", help="a results directory of issue21-done-when.sh")
    ap.add_argument("--self-test", action="store_true", help="check the verdicts on issue21-fixture/ and exit")
    ap.add_argument("--estimate", metavar="QUICK_DIR", help="estimate a full 3-rep run's time from a --quick run")
    ap.add_argument("--num16", type=int, default=8192, help="16 KB keys of the full run, for --estimate (default 8192)")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if args.estimate:
        s = estimate(args.estimate, num16=args.num16)
        loads = [r.load[0] for rs in load_runs(args.estimate).values() for r in rs if r.load]
        at = f" (load average {min(loads):.1f}–{max(loads):.1f} during it)" if loads else ""
        print(f"estimated full run (3 reps, 16 KB num {args.num16}): {s / 60:.0f} min at the quick run's rates{at}; "
              "a lower bound at the same load, since rates fall as the data outgrows memtable and cache")
        return 0
    if not args.results:
        ap.error("give a results directory, --estimate DIR or --self-test")
    if not os.path.isdir(args.results):
        print(f"issue21-done-when.py: '{args.results}' is not a directory", file=sys.stderr)
        return 2
    runs = load_runs(args.results)
    if not runs:
        print(f"issue21-done-when.py: '{args.results}' holds no runs.tsv and no SHAPE.ENGINE.rREP.json", file=sys.stderr)
        return 2
    sys.stdout.write(render(runs, os.path.basename(os.path.normpath(args.results))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
