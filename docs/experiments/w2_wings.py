#!/usr/bin/env python3
"""Wing occupancy of dumped Lorenz-63 analysis ensembles (enflow run --dump-ensemble K).

Usage: w2_wings.py ROOT  -- every ROOT/<label>/seed-<s>/ensemble-K.csv (with reference-K.csv, truth-K.csv).
For each dump: the (weighted) share of members with x > 0, the share on the truth's wing (sign of x equal to the
truth's), and the same two shares for the reference points of that cycle. A wing counts as populated when it holds
at least 5 % of the members (12 of 250). Standard library only.
"""
import csv, glob, os, re, sys

MIN_SHARE = 0.05


def rows(path):
    with open(path) as fh:
        r = csv.DictReader(fh)
        return [(float(row["weight"]), float(row["x0"])) for row in r]


def shares(points, truth_x):
    total = sum(w for w, _ in points)
    pos = sum(w for w, x in points if x > 0) / total
    on_truth = pos if truth_x > 0 else 1 - pos
    return pos, on_truth


def main(root):
    print("| run | seed | cycle | members x > 0 | on the truth's wing | reference x > 0 | both wings populated (≥ 5 %) |")
    print("|---|---|---|---|---|---|---|")
    per_label = {}
    for f in sorted(glob.glob(os.path.join(root, "*", "seed-*", "ensemble-*.csv"))):
        d = os.path.dirname(f)
        label = os.path.basename(os.path.dirname(d))
        seed = os.path.basename(d)[5:]
        k = re.search(r"ensemble-(\d+)\.csv", f).group(1)
        truth_x = rows(os.path.join(d, f"truth-{k}.csv"))[0][1]
        pos, on_truth = shares(rows(f), truth_x)
        ref = os.path.join(d, f"reference-{k}.csv")
        rpos = shares(rows(ref), truth_x)[0] if os.path.isfile(ref) else float("nan")
        both = min(pos, 1 - pos) >= MIN_SHARE
        per_label.setdefault(label, []).append((both, on_truth))
        print(f"| {label} | {seed} | {k} | {pos:.3f} | {on_truth:.3f} | {rpos:.3f} | {'yes' if both else 'no'} |")
    for label, v in per_label.items():
        print(f"\n{label}: both wings populated in {sum(b for b, _ in v)} of {len(v)} seeds; "
              f"mean share on the truth's wing {sum(o for _, o in v) / len(v):.3f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/w2-l63-z")
