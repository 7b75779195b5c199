#!/usr/bin/env python3
"""Collects summary.json files of enflow runs into a table: mean ± standard error over seeds.

Usage: w2_table.py ROOT  -- ROOT/<label>/seed-<s>/summary.json for every label (e.g. a filter, or filter-N).
Standard library only. The standard error is the sample std (ddof = 1) over seeds / sqrt(seeds).
"""
import json, math, os, sys

KEYS = [("w2", "W2 to reference"), ("w2_floor", "W2 floor (iid N-sample)"), ("rmse", "RMSE (analysis)"), ("spread", "spread"),
        ("w2_ref_rmse", "reference RMSE"), ("analysis_seconds", "s / analysis")]


def stats(values):
    v = [x for x in values if x is not None and not math.isnan(x)]
    if not v:
        return "-"
    m = sum(v) / len(v)
    if len(v) == 1:
        return f"{m:.3f}"
    s = math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1))
    return f"{m:.3f} ± {s / math.sqrt(len(v)):.3f}"


def main(root):
    rows = []
    for label in sorted(os.listdir(root)):
        d = os.path.join(root, label)
        if not os.path.isdir(d):
            continue
        runs = []
        for seed in sorted(os.listdir(d)):
            f = os.path.join(d, seed, "summary.json")
            if os.path.isfile(f):
                with open(f) as fh:
                    runs.append(json.load(fh))
        if not runs:
            continue
        diverged = sum(1 for r in runs if r.get("diverged_at_cycle") is not None)
        ess = [r.get("reference", {}).get("effective_size") for r in runs]
        cells = [stats([r.get(k) for r in runs]) for k, _ in KEYS]
        rows.append([label, str(len(runs)) + (f" ({diverged} diverged)" if diverged else "")] + cells + [stats(ess)])
    header = ["run", "seeds"] + [name for _, name in KEYS] + ["reference N_eff"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/w2-l63-z")
