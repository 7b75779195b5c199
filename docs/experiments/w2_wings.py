#!/usr/bin/env python3
"""Wing occupancy of dumped Lorenz-63 analysis ensembles (enflow run --dump-ensemble K).

Usage: w2_wings.py ROOT  -- every ROOT/<label>/seed-<s>/ensemble-K.csv (with reference-K.csv, truth-K.csv).
A member is *on the posterior* when its distance to the nearest reference point (all 3 components) is at most the
95th percentile of the reference points' own nearest-neighbour distances; otherwise it is *off* (e.g. between the
wings). Members on the posterior are split into wings by the sign of x. Reported per dump (weighted shares): on the
wing x > 0, on the wing x < 0, off the posterior, on the truth's wing, and the reference's share at x > 0. A wing
counts as populated when it holds at least 5 % of the members (13 of 250). Standard library only.
"""
import csv, glob, math, os, re, sys

MIN_SHARE = 0.05


def rows(path):
    with open(path) as fh:
        return [(float(r["weight"]), [float(r[k]) for k in r if k.startswith("x")]) for r in csv.DictReader(fh)]


def nearest(p, pts, skip=None):
    return min(math.dist(p, q) for i, q in enumerate(pts) if i != skip)


def main(root):
    print("| run | seed | cycle | on wing x > 0 | on wing x < 0 | off the posterior | on the truth's wing | reference x > 0 | both wings populated (≥ 5 %) |")
    print("|---|---|---|---|---|---|---|---|---|")
    per_label = {}
    for f in sorted(glob.glob(os.path.join(root, "*", "seed-*", "ensemble-*.csv")),
                    key=lambda f: (f.split(os.sep)[-3], int(re.search(r"seed-(\d+)", f).group(1)))):
        d = os.path.dirname(f)
        label = os.path.basename(os.path.dirname(d))
        seed = os.path.basename(d)[5:]
        k = re.search(r"ensemble-(\d+)\.csv", f).group(1)
        truth_x = rows(os.path.join(d, f"truth-{k}.csv"))[0][1][0]
        ref = [p for _, p in rows(os.path.join(d, f"reference-{k}.csv"))]
        nn = sorted(nearest(p, ref, i) for i, p in enumerate(ref))
        radius = nn[int(0.95 * (len(nn) - 1))]
        members = rows(f)
        total = sum(w for w, _ in members)
        pos = neg = off = 0.0
        for w, p in members:
            if nearest(p, ref) > radius:
                off += w
            elif p[0] > 0:
                pos += w
            else:
                neg += w
        pos, neg, off = pos / total, neg / total, off / total
        on_truth = pos if truth_x > 0 else neg
        rpos = sum(1 for p in ref if p[0] > 0) / len(ref)
        both = min(pos, neg) >= MIN_SHARE
        per_label.setdefault(label, []).append((both, on_truth, off))
        print(f"| {label} | {seed} | {k} | {pos:.3f} | {neg:.3f} | {off:.3f} | {on_truth:.3f} | {rpos:.3f} | {'yes' if both else 'no'} |")
    for label, v in per_label.items():
        n = len(v)
        print(f"\n{label}: both wings populated in {sum(b for b, _, _ in v)} of {n} seeds; mean share on the truth's wing "
              f"{sum(o for _, o, _ in v) / n:.3f}; mean share off the posterior {sum(x for _, _, x in v) / n:.3f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/w2-l63-z")
