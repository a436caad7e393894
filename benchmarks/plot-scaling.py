#!/usr/bin/env python3
"""Draws decision time against rule count from ScalingBenchmark's JMH JSON as an SVG line chart.

Usage: python3 benchmarks/plot-scaling.py [--in benchmarks/target/scaling.json] [--out docs/images/scaling.svg]

Standard library only. x is the rule count on a log scale,
y the time per decision (log scale unless --linear-y), one line per benchmark method (event kind),
error bars from JMH's 99.9% interval.
"""
import argparse
import json
import math
import os
import re
import sys
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
W, H = 760, 440
LEFT, RIGHT, TOP, BOTTOM = 70, 230, 40, 60


def label(method):
    """allowSmallRefund -> allow small refund"""
    return re.sub(r"(?<!^)([A-Z])", lambda m: " " + m.group(1).lower(), method)


def load(path):
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)
    if not isinstance(runs, list) or not runs:
        sys.exit(f"{path}: not a JMH JSON result (expected a non-empty list of runs)")
    series, unit = {}, None
    for run in runs:
        try:
            method = run["benchmark"].rsplit(".", 1)[1]
            rules = int(run["params"]["rules"])
            metric = run["primaryMetric"]
            score, error = float(metric["score"]), float(metric["scoreError"])
            run_unit = metric["scoreUnit"]
        except (KeyError, TypeError, ValueError, IndexError) as e:
            sys.exit(f"{path}: a run lacks benchmark, params.rules or primaryMetric ({e!r}); "
                     "run ScalingBenchmark with -rf json")
        if run.get("mode") != "avgt":
            continue
        if unit is None:
            unit = run_unit
        elif unit != run_unit:
            sys.exit(f"{path}: mixed units {unit} and {run_unit}")
        if math.isnan(error):
            error = 0.0
        series.setdefault(method, []).append((rules, score, error))
    if not series:
        sys.exit(f"{path}: no AverageTime (avgt) runs")
    for points in series.values():
        points.sort()
    return series, unit


def nice_step(span, ticks=5):
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def svg(series, unit, log_y):
    xs = sorted({r for pts in series.values() for r, _, _ in pts})
    # a little room either side so the end points and their bars stay off the frame
    lo, hi = math.log10(xs[0]) - 0.15, math.log10(xs[-1]) + 0.15
    ytop = max(s + e for pts in series.values() for _, s, e in pts)
    if log_y:
        ybottom = min(s for pts in series.values() for _, s, _ in pts)
        ladder = [m * 10 ** k for k in range(math.floor(math.log10(ybottom)), math.ceil(math.log10(ytop)) + 1)
                  for m in (1, 2, 5)]
        yticks = [t for t in ladder if max(t for t in ladder if t <= ybottom) <= t <= min(t for t in ladder if t >= ytop)]
        ylo, yhi = math.log10(yticks[0]), math.log10(yticks[-1])
    else:
        step = nice_step(ytop)
        ymax = step * math.ceil(ytop / step)
        yticks = [i * step for i in range(int(round(ymax / step)) + 1)]
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(x):
        return LEFT + (math.log10(x) - lo) / (hi - lo) * pw

    def py(y):
        if log_y:
            y = max(y, yticks[0])
            return TOP + ph - (math.log10(y) - ylo) / (yhi - ylo) * ph
        return TOP + ph - max(0.0, y) / ymax * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           'font-family="Helvetica, Arial, sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{LEFT + pw / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">'
           'CapFence decision time against rule count</text>']
    # grid and axes
    for y in yticks:
        yy = py(y)
        out.append(f'<line x1="{LEFT}" y1="{yy:.1f}" x2="{LEFT + pw}" y2="{yy:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end">{y:,g}</text>')
    for e in range(math.ceil(lo), math.floor(hi) + 1):
        xx = px(10 ** e)
        out.append(f'<line x1="{xx:.1f}" y1="{TOP}" x2="{xx:.1f}" y2="{TOP + ph}" stroke="#ddd"/>')
        out.append(f'<text x="{xx:.1f}" y="{TOP + ph + 18}" text-anchor="middle">{10 ** e:,}</text>')
        for k in range(2, 10):
            if math.log10(k * 10 ** e) < hi:
                xk = px(k * 10 ** e)
                out.append(f'<line x1="{xk:.1f}" y1="{TOP + ph}" x2="{xk:.1f}" y2="{TOP + ph - 4}" stroke="#999"/>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{LEFT + pw / 2}" y="{H - 18}" text-anchor="middle">rules in the policy (log scale)</text>')
    out.append(f'<text transform="translate(18 {TOP + ph / 2}) rotate(-90)" text-anchor="middle">'
               f'time per decision ({escape(unit)}{", log scale" if log_y else ""})</text>')
    # one line per event kind, with error bars
    for i, (method, pts) in enumerate(sorted(series.items())):
        c = COLORS[i % len(COLORS)]
        path = " ".join(f"{px(r):.1f},{py(s):.1f}" for r, s, _ in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{c}" stroke-width="2"/>')
        for r, s, e in pts:
            x = px(r)
            if e > 0:
                out.append(f'<line x1="{x:.1f}" y1="{py(s + e):.1f}" x2="{x:.1f}" y2="{py(s - e):.1f}" '
                           f'stroke="{c}" stroke-opacity="0.5"/>')
            out.append(f'<circle cx="{x:.1f}" cy="{py(s):.1f}" r="3.5" fill="{c}">'
                       f'<title>{escape(label(method))}, {r:,} rules: {s:.1f} ± {e:.1f} {escape(unit)}</title></circle>')
        ly = TOP + 14 + i * 20
        lx = LEFT + pw + 16
        out.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 22}" y2="{ly - 4}" stroke="{c}" stroke-width="2"/>')
        out.append(f'<text x="{lx + 28}" y="{ly}">{escape(label(method))}</text>')
    out.append(f'<text x="{LEFT + pw + 16}" y="{TOP + 14 + len(series) * 20 + 10}" fill="#666" font-size="11">'
               'bars: JMH 99.9% interval</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--in", dest="inp", default=os.path.join(ROOT, "benchmarks", "target", "scaling.json"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "images", "scaling.svg"))
    ap.add_argument("--linear-y", action="store_true", help="linear time axis (default: log, the kinds differ 10x)")
    a = ap.parse_args()
    series, unit = load(a.inp)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(svg(series, unit, not a.linear_y))
    for method, pts in sorted(series.items()):
        first, last = pts[0], pts[-1]
        print(f"{method:24s} " + "  ".join(f"{r:>6,}: {s:8.1f}" for r, s, _ in pts)
              + f"   growth {last[1] / first[1]:.2f}x ({first[0]:,} -> {last[0]:,})")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
