#!/usr/bin/env python3
"""Checks that the PyTorch twin (twin.py) computes what the Java library computes, to float64 rounding.

usage: python3 jmh/gpu/check_agreement.py [--dir DIR] [--enflow bin/enflow] [--device cpu|cuda]

Without --dir it runs `bin/enflow bench-twin --out DIR` (a hidden subcommand; needs target/enflow.jar,
`mvn -q -DskipTests package`) into a temporary directory: the Java side builds every case of
org.enflow.experiment.bench.TwinCases from fixed seeds, runs it once, and writes its inputs and outputs as
raw little-endian float64 files with a JSON header per case. This script reads the inputs, recomputes the
outputs with PyTorch in float64 on the CPU (or, with --device cuda, on the GPU), and compares. Exit status 0 when every case agrees, 1 otherwise.

Tolerance (per case, normwise: max|java - torch| / max|java| <= tol):

    tol = 64 u max(1, kappa) sqrt(max(N, d)),   u = 2^-53

  * kappa is the problem's relative condition number on these inputs, estimated by finite differences:
    every input is perturbed relatively by delta = 2^-40 (random signs, 3 trials) and kappa = max
    ||out' - out|| / (||out|| delta). It captures what amplifies rounding differences: the softmax's
    sensitivity to its logits (large for soft weights, zero for exactly one-hot ones), the guidance gain
    lambda/sigma_y^2 (20 in the F2P benchmark), several steps compounding (K = 10).
  * The two sides round differently only inside the computation: sums over d components (distances) or N
    members (weighted sums) in different orders (Java: fixed lane/block order with compensated block sums;
    PyTorch: its own vectorized order) and different but faithful atan/exp. Each rounding is a relative
    perturbation of size u; a sum of m terms accumulates about sqrt(m) u in practice (m u in the worst case,
    Higham, Accuracy and Stability, section 4.2), hence sqrt(max(N, d)); 64 is a safety factor against the
    worst case over the whole array, still 10^3-10^4 times tighter than any formula error (a 3/8-vs-classic
    RK4 mix-up or a missing (1 - t) changes the outputs by 1e-9 or more).
  For the benchmark sizes this gives tol between 1e-13 and 2e-11.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import twin  # noqa: E402

U = 2.0 ** -53
DELTA = 2.0 ** -40
TRIALS = 3


def load(directory, spec):
    a = np.fromfile(os.path.join(directory, spec["file"]), dtype="<f8")
    if a.size != spec["rows"] * spec["cols"]:
        raise SystemExit("check_agreement: %s has %d values, header says %d x %d"
                         % (spec["file"], a.size, spec["rows"], spec["cols"]))
    t = torch.from_numpy(a.reshape(spec["rows"], spec["cols"]).copy())
    return t


def compute(kind, inputs, s):
    """The torch float64 result of one case, named like the Java output."""
    if kind == "l96":
        return {"x": twin.l96_rk4_38_step(inputs["x"], s["forcing"], s["dt"])}
    if kind == "f2p":
        return {"z": twin.f2p_transport(inputs["z"], inputs["xf"], inputs["xa"], inputs["y"], s["sigma_min"],
                                        s["lambda"], s["sigma_y"], int(s["grid"]))}
    if kind == "kde":
        return {"rhs": twin.kde_rhs(inputs["u"], inputs["members"], inputs["log_weights"][0], s["sigma_bar"], s["rate"])}
    raise SystemExit("check_agreement: unknown problem kind " + kind)


def condition(kind, inputs, s, reference):
    gen = torch.Generator().manual_seed(12345)
    kappa = 0.0
    for _ in range(TRIALS):
        perturbed = {}
        for name, a in inputs.items():
            signs = torch.randint(0, 2, a.shape, generator=gen, dtype=torch.float64) * 2 - 1
            perturbed[name] = a * (1 + DELTA * signs)
        out = compute(kind, perturbed, s)
        for name, ref in reference.items():
            scale = ref.abs().max().item()
            kappa = max(kappa, (out[name] - ref).abs().max().item() / (scale * DELTA))
    return kappa


def check_case(directory, case_id, device):
    header = json.load(open(os.path.join(directory, case_id + ".json")))
    kind, shape = header["problem"].split(":")
    n, d = (int(v) for v in shape.split("x"))
    inputs = {spec["name"]: load(directory, spec).to(device) for spec in header["inputs"]}
    expected = {spec["name"]: load(directory, spec) for spec in header["outputs"]}
    s = header["scalars"]
    got = compute(kind, inputs, s)
    # The condition estimate's perturbed runs are done on the CPU: kappa is a property of the problem.
    cpu_inputs = {name: a.cpu() for name, a in inputs.items()}
    kappa = condition(kind, cpu_inputs, s, compute(kind, cpu_inputs, s))
    got = {name: a.cpu() for name, a in got.items()}
    tol = 64 * U * max(1.0, kappa) * max(n, d) ** 0.5
    ok = True
    rows = []
    for name, java in expected.items():
        scale = java.abs().max().item()
        err = (got[name] - java).abs().max().item() / scale
        rows.append((case_id, header["problem"], name, err, kappa, tol, err <= tol))
        ok &= err <= tol
    return ok, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", help="case files written by `bin/enflow bench-twin --out DIR` (default: run it now)")
    ap.add_argument("--enflow", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bin", "enflow"),
                    help="the enflow launcher (default: bin/enflow of this checkout)")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"], help="where PyTorch computes (default cpu)")
    args = ap.parse_args()
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit("check_agreement: --device cuda but torch.cuda.is_available() is False")
    torch.set_default_dtype(torch.float64)
    tmp = None
    directory = args.dir
    if directory is None:
        tmp = tempfile.TemporaryDirectory(prefix="enflow-twin-")
        directory = tmp.name
        subprocess.run([args.enflow, "bench-twin", "--out", directory], check=True)
    cases = json.load(open(os.path.join(directory, "cases.json")))["cases"]
    print("| case | problem | output | max rel. error | kappa (est.) | tolerance | agrees |")
    print("|---|---|---|---|---|---|---|")
    all_ok = True
    for case_id in cases:
        ok, rows = check_case(directory, case_id, device)
        all_ok &= ok
        for c, p, name, err, kappa, tol, good in rows:
            print("| %s | %s | %s | %.2e | %.3g | %.2e | %s |" % (c, p, name, err, kappa, tol, "yes" if good else "**NO**"))
    where = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    print("torch %s, float64, %s: %s" % (torch.__version__, where, "all cases agree" if all_ok else "DISAGREEMENT"))
    if tmp is not None:
        tmp.cleanup()
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
