#!/usr/bin/env python3
"""PyTorch timings of the side-by-side problems, written as JMH-shaped JSON for `bin/enflow bench-report`.

usage: python3 jmh/gpu/bench.py [--device auto|cpu|cuda] [--threads 2] [--dtypes float64,float32]
                                [--problems l96:20x1000000,f2p:20x1000000,kde:2000x40] [--inputs DIR]
                                [--warmup 2] [--iterations 5] [--time 1] [--no-probe] --out FILE.json

Problems (twin.py; the Java side is org.enflow.experiment.bench.TwinProblem and the JMH class TwinBench):
  l96:NxD   one RK4 (3/8) step of the Lorenz-96 ensemble, F = 8, dt = 0.01 (in place on the Java side)
  f2p:NxD   one EnFF-F2P Euler step (K = 2) with local guidance, arctan observations, sigma_min = 0.01,
            lambda = 0.05, sigma_y = 0.05; D = xf - xa is formed once outside the timed step (enff.md section 3)
  kde:NxD   the KDE probability-flow right-hand side, N particles against N members, sigma_bar = 5
Inputs: drawn here with the distributions the Java problems use (see gen_* below), or, with --inputs DIR,
read from the files `bin/enflow bench-twin --problem P --out DIR` writes: then both sides time the very
same numbers.

Timing as JMH's average-time mode: a warm-up of --warmup seconds, then --iterations iterations of at least
--time seconds each; every call is timed on its own between device synchronizations (torch.cuda.synchronize
on a GPU), and the f2p particles are restored before each call outside the timed region, as the Java
benchmark does. score = mean over iterations of the mean call time (us/op); scoreError = the 99.9 %
half-width of Student's t over iterations (JMH's definition). The machine probe (--no-probe to skip)
times a float64 matrix product (FMA-peak proxy) and a streaming sum (memory bandwidth) on the device, as
torch.MachineProbe.* records. Every record carries `machine`, `date` and `command`.
"""
import argparse
import datetime
import json
import math
import os
import platform
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import twin  # noqa: E402

# Settings of the Java problems' benchmark() factories (F2pStepTwin.Settings, KdeRhsTwin.Settings, L96StepTwin).
L96_FORCING, L96_DT, L96_SPIN_UP = 8.0, 0.01, 50
F2P = dict(sigma_min=0.01, lam=0.05, sigma_y=0.05, spread=1.0)
KDE = dict(sigma_bar=5.0, sigma_x=0.1, sigma_max=50.0, sigma_y=5.0)

# Student t quantiles t_{0.9995, df} for JMH's 99.9 % confidence half-width.
T999 = {1: 636.62, 2: 31.599, 3: 12.924, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041, 9: 4.781, 10: 4.587,
        15: 4.073, 20: 3.850, 30: 3.646}


def t999(df):
    if df in T999:
        return T999[df]
    below = [k for k in T999 if k < df]
    return T999[max(below)] if df < 30 else 3.291


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def shape_of(problem):
    kind, nd = problem.split(":")
    n, d = (int(v) for v in nd.split("x"))
    return kind, n, d


def gen_l96(n, d, g, dtype, device):
    x = 3 * torch.randn(n, d, generator=g, dtype=torch.float64)
    for _ in range(L96_SPIN_UP):
        x = twin.l96_rk4_38_step(x, L96_FORCING, L96_DT)
    return {"x": x.to(device=device, dtype=dtype)}


def gen_f2p(n, d, g, dtype, device):
    base = 3 * torch.randn(d, generator=g, dtype=torch.float64)
    xa = base + F2P["spread"] * torch.randn(n, d, generator=g, dtype=torch.float64)
    xf = xa + 0.1 * torch.randn(n, d, generator=g, dtype=torch.float64)
    z = xa + F2P["sigma_min"] * torch.randn(n, d, generator=g, dtype=torch.float64)
    y = torch.atan(base) + F2P["sigma_y"] * torch.randn(d, generator=g, dtype=torch.float64)
    return {k: v.to(device=device, dtype=dtype) for k, v in dict(xf=xf, xa=xa, z=z, y=y.unsqueeze(0)).items()}


def gen_kde(n, d, g, dtype, device):
    members = 3 * torch.randn(n, d, generator=g, dtype=torch.float64)
    mean = members.mean(0)
    members = members - mean
    truth = torch.randn(d, generator=g, dtype=torch.float64)
    odd = torch.arange(1, d, 2)
    y_star = 3 * truth[odd] + torch.randn(n, odd.numel(), generator=g, dtype=torch.float64)
    y_i = (members + mean)[:, odd] + torch.randn(n, odd.numel(), generator=g, dtype=torch.float64)
    log_weights = -((y_star - y_i) ** 2).sum(1) / (2 * KDE["sigma_y"] ** 2)
    u = members + KDE["sigma_bar"] * torch.randn(n, d, generator=g, dtype=torch.float64)
    return {k: v.to(device=device, dtype=dtype)
            for k, v in dict(members=members, log_weights=log_weights.unsqueeze(0), u=u).items()}


def read_inputs(directory, problem, dtype, device):
    case = problem.replace(":", "_")
    header = json.load(open(os.path.join(directory, case + ".json")))
    out = {}
    for spec in header["inputs"]:
        a = np.fromfile(os.path.join(directory, spec["file"]), dtype="<f8").reshape(spec["rows"], spec["cols"])
        out[spec["name"]] = torch.from_numpy(a.copy()).to(device=device, dtype=dtype)
    return out


def make_call(kind, a):
    """(restore, call) for one problem; restore runs outside the timed region."""
    if kind == "l96":
        state = {"x": a["x"].clone()}

        def call():
            state["x"] = twin.l96_rk4_38_step(state["x"], L96_FORCING, L96_DT)
        return (lambda: None), call
    if kind == "f2p":
        diff = a["xf"] - a["xa"]
        z = a["z"].clone()

        def restore():
            z.copy_(a["z"])

        def call():
            twin.f2p_transport(z, a["xf"], a["xa"], a["y"], F2P["sigma_min"], F2P["lam"], F2P["sigma_y"], 2, diff=diff)
        return restore, call
    if kind == "kde":
        rate = (KDE["sigma_max"] - KDE["sigma_x"]) / KDE["sigma_bar"]
        lw = a["log_weights"][0]

        def call():
            twin.kde_rhs(a["u"], a["members"], lw, KDE["sigma_bar"], rate)
        return (lambda: None), call
    raise SystemExit("bench.py: unknown problem kind " + kind)


def measure(restore, call, device, warmup, iterations, seconds):
    """Per-iteration mean call times in microseconds."""
    def one():
        restore()
        sync(device)
        t0 = time.perf_counter()
        call()
        sync(device)
        return time.perf_counter() - t0

    end = time.perf_counter() + warmup
    calls = 0
    while calls < 3 or time.perf_counter() < end:
        one()
        calls += 1
    means = []
    for _ in range(iterations):
        total, count, end = 0.0, 0, time.perf_counter() + seconds
        while count < 1 or time.perf_counter() < end:
            total += one()
            count += 1
        means.append(total / count * 1e6)
    return means


def metric(samples):
    mean = sum(samples) / len(samples)
    if len(samples) > 1:
        sd = math.sqrt(sum((s - mean) ** 2 for s in samples) / (len(samples) - 1))
        err = t999(len(samples) - 1) * sd / math.sqrt(len(samples))
    else:
        err = float("nan")
    return {"score": mean, "scoreError": err, "scoreConfidence": [mean - err, mean + err] if err == err else [mean, mean],
            "scoreUnit": "us/op", "rawData": [samples]}


def machine(device):
    cpu = platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    m = {"cpu": cpu, "available_processors": os.cpu_count(), "memory_bytes": mem,
         "os": "%s %s %s" % (platform.system(), platform.release(), platform.machine()),
         "python": platform.python_version(), "torch": torch.__version__, "device": device.type}
    blas = sorted({line.split()[-1] for line in open("/proc/self/maps")
                   if len(line.split()) >= 6 and any(k in line.split()[-1] for k in ("blas", "mkl", "lapack"))}) \
        if os.path.exists("/proc/self/maps") else []
    m["blas"] = ", ".join(blas) or "(none loaded)"
    if device.type == "cuda":
        m["gpu"] = torch.cuda.get_device_name(device)
        m["gpu_memory_bytes"] = torch.cuda.get_device_properties(device).total_memory
    return m


def probe_calls(device):
    """(name, params, call) of the machine probe on this device (float64)."""
    n = 4096 if device.type == "cuda" else 1024
    a = torch.randn(n, n, dtype=torch.float64, device=device)
    b = torch.randn(n, n, dtype=torch.float64, device=device)
    length = 1 << 26  # 64 Mi doubles = 512 MiB: far larger than any cache
    big = torch.ones(length, dtype=torch.float64, device=device)
    return [("torch.MachineProbe.fmaPeak", {"n": str(n)}, lambda: torch.mm(a, b)),
            ("torch.MachineProbe.dramRead", {"length": str(length)}, lambda: big.sum())]


def main():
    ap = argparse.ArgumentParser(description="PyTorch twin benchmarks (JMH-shaped JSON)")
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (CPU); default 2")
    ap.add_argument("--dtypes", default="float64,float32")
    ap.add_argument("--problems", default="l96:20x1000000,l96:1000x40,f2p:20x1000000,kde:2000x40")
    ap.add_argument("--inputs", help="read inputs from `bin/enflow bench-twin --problem P --out DIR` files")
    ap.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per problem")
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--time", type=float, default=1.0, help="seconds per measurement iteration")
    ap.add_argument("--no-probe", action="store_true", help="skip the machine probe")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True, help="JSON file to write")
    args = ap.parse_args()

    if args.device == "auto":
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    else:
        device = torch.device(args.device)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise SystemExit("bench.py: --device cuda but torch.cuda.is_available() is False")
    torch.set_num_threads(args.threads)
    threads = torch.get_num_threads()
    info = machine(device)
    date = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    # The loader path matters (e.g. LD_LIBRARY_PATH pointing at OpenBLAS instead of Debian's reference BLAS).
    env = ["%s=%s" % (k, os.environ[k]) for k in ("LD_LIBRARY_PATH", "LD_PRELOAD", "OMP_NUM_THREADS") if os.environ.get(k)]
    command = " ".join(env + ["python3"] + [os.path.relpath(sys.argv[0])] + sys.argv[1:])
    common = {"mode": "avgt", "threads": 1, "forks": 1, "warmupTime": "%g s" % args.warmup,
              "measurementIterations": args.iterations, "measurementTime": "%g s" % args.time,
              "machine": info, "date": date, "command": command}
    records = []

    def record(name, params, samples):
        r = {"benchmark": name}
        r.update(common)
        r["params"] = params
        r["primaryMetric"] = metric(samples)
        records.append(r)
        print("%-28s %-45s %12.1f us/op" % (name, ",".join("%s=%s" % kv for kv in params.items()),
                                            r["primaryMetric"]["score"]), flush=True)

    if not args.no_probe:
        for name, params, call in probe_calls(device):
            p = dict(params, threads=str(threads), dtype="float64", device=device.type)
            record(name, p, measure(lambda: None, call, device, args.warmup, args.iterations, args.time))
    gens = {"l96": gen_l96, "f2p": gen_f2p, "kde": gen_kde}
    for problem in [p.strip() for p in args.problems.split(",") if p.strip()]:
        kind, n, d = shape_of(problem)
        # Inputs once per problem in float64 on the CPU (the L96 spin-up is not cheap at d = 10^6), cast per dtype.
        if args.inputs:
            base = read_inputs(args.inputs, problem, torch.float64, torch.device("cpu"))
        else:
            base = gens[kind](n, d, torch.Generator().manual_seed(args.seed), torch.float64, torch.device("cpu"))
        for dtype_name in [t.strip() for t in args.dtypes.split(",") if t.strip()]:
            dtype = getattr(torch, dtype_name)
            a = {k: v.to(device=device, dtype=dtype) for k, v in base.items()}
            restore, call = make_call(kind, a)
            with torch.no_grad():
                samples = measure(restore, call, device, args.warmup, args.iterations, args.time)
            params = {"problem": problem, "threads": str(threads), "dtype": dtype_name, "device": device.type,
                      "inputs": "java-files" if args.inputs else "torch-seed-%d" % args.seed}
            record("torch.TwinBench.step", params, samples)
            del a, restore, call
            if device.type == "cuda":
                torch.cuda.empty_cache()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(records, f, indent=2)
        f.write("\n")
    print("wrote %d records to %s" % (len(records), args.out))


if __name__ == "__main__":
    main()
