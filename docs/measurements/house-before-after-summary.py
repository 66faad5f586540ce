#!/usr/bin/env python3
"""Medians of 3 from house-before-after.sh's JSON: ops/s, p99 and max latency, WA per build, and ratios log/old and log/main."""
import glob, json, os, statistics, sys
out = sys.argv[1] if len(sys.argv) > 1 else '/tmp/house-bench'
rows = {}
for f in glob.glob(os.path.join(out, '*.json')):
    build, engine, shape, _rep, _ = os.path.basename(f).split('.')
    for b in json.load(open(f)):
        key = (engine, shape, b['benchmark'])
        rows.setdefault(key, {}).setdefault(build, []).append(b)
def med(xs, get):
    vals = [get(x) for x in xs if get(x) is not None]
    return statistics.median(vals) if vals else None
print('| engine | shape | benchmark | ops/s old | main | log | log/old | log/main | p99 µs old / main / log | max ms old / main / log | WA old / main / log |')
print('|---|---|---|---|---|---|---|---|---|---|---|')
for (engine, shape, bench), builds in sorted(rows.items()):
    o = {b: med(builds.get(b, []), lambda x: x['ops_per_sec']) for b in ('old', 'main', 'log')}
    p99 = {b: med(builds.get(b, []), lambda x: x['latency_us']['p99']) for b in ('old', 'main', 'log')}
    mx = {b: med(builds.get(b, []), lambda x: x['latency_us']['max'] / 1000) for b in ('old', 'main', 'log')}
    wa = {b: med(builds.get(b, []), lambda x: x.get('write_amp')) for b in ('old', 'main', 'log')}
    n = min(len(builds.get(b, [])) for b in ('old', 'main', 'log'))
    f = lambda v, p='{:,.0f}': '–' if v is None else p.format(v)
    r = lambda a, b: '–' if not a or not b else f'{a / b:.2f}'
    print(f"| {engine} | {shape} | {bench} | {f(o['old'])} | {f(o['main'])} | {f(o['log'])} | {r(o['log'], o['old'])} | {r(o['log'], o['main'])} | "
          f"{f(p99['old'],'{:.1f}')} / {f(p99['main'],'{:.1f}')} / {f(p99['log'],'{:.1f}')} | {f(mx['old'],'{:.0f}')} / {f(mx['main'],'{:.0f}')} / {f(mx['log'],'{:.0f}')} | "
          f"{f(wa['old'],'{:.2f}')} / {f(wa['main'],'{:.2f}')} / {f(wa['log'],'{:.2f}')} |" + ('' if n >= 3 else f' (n={n})'))
