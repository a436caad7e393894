#!/usr/bin/env python3
"""PeersBenchmark's JMH JSON as a Markdown table: median and p99 (sample mode), mean and allocation per call
(average mode, with -prof gc), and each median over CapFence's engine deciding the same event.

    python3 benchmarks/peers-table.py benchmarks/target/peers.json
"""
import json
import sys

ROWS = [
    ("CapFence engine, `evaluate` (no audit)", "capFenceEngine"),
    ("CapFence engine, `execute`, audit in memory", "capFenceEngineMemoryAudit"),
    ("CapFence engine, `execute`, audit to a JSONL file (no fsync)", "capFenceEngineJsonlAudit"),
    ("CapFence `@GatedAction` through a Spring proxy (no audit)", "capFenceGate"),
    ("CapFence `@GatedAction`, the starter's in-memory audit", "capFenceGateMemoryAudit"),
    ("jCasbin `enforce` (RBAC + ABAC matcher)", "jCasbin"),
    ("SAPL embedded PDP, `decideOnce().block()`", "sapl"),
    ("Spring Security `@PreAuthorize` through a Spring proxy", "springSecurity"),
]


def micros(value):
    return f"{value:.2f} µs" if value < 10 else f"{value:.0f} µs"


def size(octets):
    return f"{octets:.0f} B" if octets < 1024 else f"{octets / 1024:.1f} KB"


def main(path):
    results = {}
    for entry in json.load(open(path)):
        name = entry["benchmark"].rsplit(".", 1)[1]
        results[(name, entry["mode"])] = entry
    if ("capFenceEngineAllowed", "sample") not in results:
        sys.exit(f"{path}: no PeersBenchmark sample-mode results (run it with -bm avgt,sample, the default)")

    def median(name):
        return results[(name, "sample")]["primaryMetric"]["scorePercentiles"]["50.0"]

    def p99(name):
        return results[(name, "sample")]["primaryMetric"]["scorePercentiles"]["99.0"]

    def allocated(name):
        metrics = results.get((name, "avgt"), {}).get("secondaryMetrics", {})
        return size(metrics["gc.alloc.rate.norm"]["score"]) if "gc.alloc.rate.norm" in metrics else "n/a"

    print("| peer | allowed: median | denied: median | p99 (allowed / denied) | allocated (allowed / denied)"
          " | median over the engine's (allowed / denied) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, prefix in ROWS:
        allowed, denied = prefix + "Allowed", prefix + "Denied"
        if (allowed, "sample") not in results:
            continue
        ratio = (f"{median(allowed) / median('capFenceEngineAllowed'):.1f}× / "
                 f"{median(denied) / median('capFenceEngineDenied'):.1f}×")
        print(f"| {label} | {micros(median(allowed))} | {micros(median(denied))} | "
              f"{micros(p99(allowed))} / {micros(p99(denied))} | {allocated(allowed)} / {allocated(denied)} | "
              f"{ratio} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target/peers.json")
