#!/usr/bin/env python3
"""Markdown tables from JMH JSON (-rf json) with derived throughput next to each time.

usage: python3 jmh/report.py jmh/results/*.json

Derived figures (per call; 'us' is JMH's average time in microseconds):
  MachineProbe.fmaPeak       GFLOP/s = 2 * 8 lanes * 12 chains * 100000 / time
  MachineProbe.dramRead      GB/s    = 8 * length / time
  L96ForecastBench.forecast  ns per element-step = time / (members * dim * steps)
  PairwiseBench.gram         GFLOP/s = 2 n^2 d / time
  PairwiseBench.squaredDistances  n <= 128 (streamed differences): GFLOP/s = 3 n^2 d / time, GB/s = 16 n d / time;
                                  n > 128 (centred Gram): GFLOP/s = 2 n^2 d / time
  FusedSoftmaxBench.attend   GFLOP/s = 4 n^2 d / time (n <= 64 also GB/s = 16 n d / time: x read twice)
"""
import json
import sys


def shape(params):
    n, d = params["shape"].split("x")
    return int(n), int(d)


def derived(bench, params, us):
    name = bench.split(".")[-2] + "." + bench.split(".")[-1]
    sec = us * 1e-6
    if name == "MachineProbe.fmaPeak":
        return "%.1f GFLOP/s" % (2 * 8 * 12 * 100000 / sec / 1e9)
    if name == "MachineProbe.dramRead":
        return "%.1f GB/s" % (8 * int(params["length"]) / sec / 1e9)
    if name == "L96ForecastBench.forecast":
        n, d = shape(params)
        return "%.2f ns/element-step" % (us * 1e3 / (n * d * int(params["steps"])))
    if name == "PairwiseBench.gram":
        n, d = shape(params)
        return "%.1f GFLOP/s" % (2.0 * n * n * d / sec / 1e9)
    if name == "PairwiseBench.squaredDistances":
        n, d = shape(params)
        if n > 128:  # the facade's centred-Gram route: 2 n^2 d flops
            return "%.1f GFLOP/s (Gram route)" % (2.0 * n * n * d / sec / 1e9)
        return "%.1f GFLOP/s, %.1f GB/s" % (3.0 * n * n * d / sec / 1e9, 16.0 * n * d / sec / 1e9)
    if name == "FusedSoftmaxBench.attend":
        n, d = shape(params)
        g = 4.0 * n * n * d / sec / 1e9
        return "%.1f GFLOP/s" % g if n > 64 else "%.1f GFLOP/s, %.1f GB/s" % (g, 16.0 * n * d / sec / 1e9)
    if "flops" in params:
        return "%.1f GFLOP/s" % (float(params["flops"]) / sec / 1e9)
    return ""


def main(paths):
    print("| benchmark | params | threads (JMH) | time | ± | derived |")
    print("|---|---|---|---|---|---|")
    for path in paths:
        for r in json.load(open(path)):
            pm = r["primaryMetric"]
            params = r.get("params", {})
            unit = pm["scoreUnit"]
            us = pm["score"] * {"us/op": 1, "ms/op": 1e3, "ns/op": 1e-3, "s/op": 1e6}[unit]
            ptxt = ", ".join("%s=%s" % kv for kv in params.items())
            print("| %s | %s | %d | %.4g %s | %.2g | %s |" % (
                r["benchmark"].replace("org.enflow.bench.", ""), ptxt, r["threads"], pm["score"], unit,
                pm["scoreError"] if pm["scoreError"] == pm["scoreError"] else 0, derived(r["benchmark"], params, us)))


if __name__ == "__main__":
    main(sys.argv[1:])
