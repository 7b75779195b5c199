# Usage: python3 etkf_rotation_crosscheck.py N INFLATION ROTATE(0|1) FIRST_SEED LAST_SEED_EXCLUSIVE
# e.g. python3 etkf_rotation_crosscheck.py 24 1.013 1 0 6   (prints rmse.a per seed; ~5 s per 10^4-cycle run)
# Independent cross-check (numpy, written from the equations): L96 ETKF with random rotation.
import numpy as np, sys
def l96(x, F=8.0):
    return (np.roll(x, -1, -1) - np.roll(x, 2, -1)) * np.roll(x, 1, -1) - x + F
def rk4(x, dt=0.05):
    k1 = l96(x); k2 = l96(x + dt/2*k1); k3 = l96(x + dt/2*k2); k4 = l96(x + dt*k3)
    return x + dt/6*(k1 + 2*k2 + 2*k3 + k4)
def haar(m, rng):
    q, r = np.linalg.qr(rng.standard_normal((m, m)))
    return q * np.sign(np.diag(r))
def rot(N, rng):
    v = np.linalg.svd(np.ones((N, 1)))[0]
    b = np.eye(N); b[1:, 1:] = haar(N - 1, rng)
    return v @ b @ v.T
def run(N, infl, userot, seed, K=10400, burn=400):
    rng = np.random.default_rng(seed)
    d = 40; x0 = np.zeros(d); x0[0] = 1
    xt = x0 + np.sqrt(0.001) * rng.standard_normal(d)
    E = x0 + np.sqrt(0.001) * rng.standard_normal((N, d))
    errs = []
    for k in range(1, K + 1):
        xt = rk4(xt); E = rk4(E)
        y = xt + rng.standard_normal(d)
        mu = E.mean(0); A = E - mu
        Y = A  # identity obs, R = I
        C = Y @ Y.T + (N - 1) * np.eye(N)
        lam, U = np.linalg.eigh(C)
        wbar = U @ ((U.T @ (Y @ (y - mu))) / lam)
        W = np.sqrt(N - 1) * (U / np.sqrt(lam)) @ U.T
        T = infl * W
        if userot: T = rot(N, rng) @ T
        E = mu + wbar @ A + T @ A
        if k > burn: errs.append(np.sqrt(np.mean((E.mean(0) - xt)**2)))
    return np.mean(errs)
N, infl, userot = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3] == "1"
for s in range(int(sys.argv[4]), int(sys.argv[5])):
    print(N, infl, userot, s, round(run(N, infl, userot, s), 4), flush=True)
