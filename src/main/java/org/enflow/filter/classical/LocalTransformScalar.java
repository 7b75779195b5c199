package org.enflow.filter.classical;

import org.enflow.filter.common.GaspariCohn;

/**
 * Scalar twin of {@link LocalTransformVector}: the same algorithm (see {@link LocalTransform}) on the
 * same lane-interleaved layout, with plain loops over the lanes. Arrays are indexed [row][col][lane].
 */
final class LocalTransformScalar implements LocalTransform {
    static final int DEFAULT_LANES = 8;
    /** Relative size of an off-diagonal below which a tridiagonal eigenvalue counts as converged. */
    static final double EPS = 0x1p-52;
    /** Explicit QR steps allowed per eigenvalue before giving up (Wilkinson shifts need about 2). */
    static final int MAX_STEPS = 40;

    /** N members; n = N − 1, the order of the reduced local problem; n1 = n + 1. */
    private final int members, n, lanes, n1;
    /** e = 1/√N and the reflection's coefficients τe, τe² (τ = 1/(1 − e)). */
    private final double e, te, te2;
    private final double[] a0;
    private double[] rho = new double[0];
    private double[] z = new double[0];
    private final double[] gram; // (n+1)×(n+1)×L, lower triangle: C and, in row n, g
    private final double[] a; // n×n×L working matrix of the tridiagonalization
    private final double[] refl; // reflector k at [k][i][lane], i > k
    private final double[] tau, dg, of, u, h, t, w, mu, pp, qq, r0, r1;
    private final boolean[] active;
    private final int[] localCount;
    private double[] cs = new double[0], sn = new double[0];

    LocalTransformScalar(int members, int lanes) {
        this.members = members;
        this.n = members - 1;
        this.lanes = lanes;
        this.n1 = n + 1;
        this.e = 1 / Math.sqrt(members);
        this.te = e / (1 - e);
        this.te2 = e * te;
        this.a0 = new double[members * lanes];
        this.gram = new double[n1 * n1 * lanes];
        this.a = new double[n * n * lanes];
        this.refl = new double[n * n * lanes];
        this.tau = new double[n * lanes];
        this.dg = new double[n * lanes];
        this.of = new double[n * lanes];
        this.u = new double[n * lanes];
        this.h = new double[n * lanes];
        this.t = new double[n * lanes];
        this.w = new double[n * lanes];
        this.mu = new double[lanes];
        this.pp = new double[lanes];
        this.qq = new double[lanes];
        this.r0 = new double[n * lanes];
        this.r1 = new double[n * lanes];
        this.active = new boolean[lanes];
        this.localCount = new int[lanes];
    }

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public void group(LocalProblem pb, int k0, int valid, int[] obs, int count) {
        ensure(count);
        taper(pb, k0, valid, obs, count);
        gram(pb, obs, count);
        tridiagonalize();
        int L = lanes;
        // a0 = the members' anomalies; u = Qᵀ (H a_k)_{1..N−1} with (H a)_{i+1} = a_{i+1} + τe a_0; h = Qᵀ g_k
        double[] an = pb.anomalies;
        int d = pb.d;
        for (int j = 0; j < members; j++)
            for (int l = 0; l < L; l++) a0[j * L + l] = l < valid ? an[j * d + k0 + l] : 0;
        for (int j = 0; j < n; j++)
            for (int l = 0; l < L; l++) u[j * L + l] = a0[(j + 1) * L + l] + te * a0[l];
        for (int j = 0; j < n; j++)
            for (int l = 0; l < L; l++) h[j * L + l] = gram[(n * n1 + j) * L + l];
        reflectTransposed(u);
        reflectTransposed(h);
        diagonalize();
        // mean shift a_kᵀC⁻¹g = Σ u_m h_m/λ_m ; t = s √((N−1)/λ) u, then S t and Q S t.
        double[] shift = mu; // reuse
        java.util.Arrays.fill(shift, 0.0);
        double s = pb.inflation;
        for (int m = 0; m < n; m++)
            for (int l = 0; l < L; l++) {
                int o = m * L + l;
                double lam = dg[o];
                shift[l] += u[o] * h[o] / lam;
                t[o] = s * Math.sqrt((members - 1) / lam) * u[o];
            }
        replay();
        reflect(t);
        double[] x = pb.out, mean = pb.mean;
        for (int l = 0; l < valid; l++) {
            int k = k0 + l;
            if (localCount[l] == 0) {
                // No local observation: the forecast stays, only the global inflation applies.
                if (s != 1) for (int j = 0; j < members; j++) x[j * d + k] = mean[k] + s * a0[j * L + l];
                continue;
            }
            // Back from the reduced basis: member 0 at e·Σt, member i+1 at t_i − τe²·Σt.
            double sum = 0;
            for (int i = 0; i < n; i++) sum += t[i * L + l];
            x[k] = mean[k] + shift[l] + sum * e;
            for (int j = 1; j < members; j++) x[j * d + k] = mean[k] + shift[l] + (t[(j - 1) * L + l] + sum * -te2);
        }
    }

    private void ensure(int count) {
        if (rho.length < count * lanes) {
            rho = new double[count * lanes];
            z = new double[count * n1 * lanes];
        }
    }

    private void taper(LocalProblem pb, int k0, int valid, int[] obs, int count) {
        int L = lanes;
        double c = pb.halfWidth, period = pb.period, cut = pb.cutoff;
        java.util.Arrays.fill(localCount, 0);
        for (int q = 0; q < count; q++) {
            double pos = pb.positions[obs[q]];
            for (int l = 0; l < L; l++) {
                double delta = Math.abs(pos - (k0 + l));
                delta = Math.min(delta, period - delta);
                double r = GaspariCohn.ofRatio(delta / c);
                boolean local = l < valid && r > cut;
                rho[q * L + l] = local ? r : 0;
                if (local) localCount[l]++;
            }
        }
    }

    /** Z[q][i] = √ρ_q ŷ_{i,q} (i < N), √ρ_q d̂_q (i = N); gram = ZᵀZ (lower), then C += (N−1)I. */
    private void gram(LocalProblem pb, int[] obs, int count) {
        int L = lanes, p = pb.p;
        double[] yh = pb.whitened, dh = pb.innovation;
        for (int q = 0; q < count; q++) {
            int o = obs[q];
            for (int l = 0; l < L; l++) {
                double sr = Math.sqrt(rho[q * L + l]);
                int zq = q * n1 * L + l;
                double y0 = te * yh[o];
                for (int i = 0; i < n; i++) z[zq + i * L] = sr * (yh[(i + 1) * p + o] + y0);
                z[zq + n * L] = sr * dh[o];
            }
        }
        for (int i = 0; i < n1; i++)
            for (int j = 0; j <= i; j++)
                for (int l = 0; l < L; l++) {
                    double acc = 0;
                    for (int q = 0; q < count; q++) {
                        int zq = q * n1 * L + l;
                        acc += z[zq + i * L] * z[zq + j * L];
                    }
                    gram[(i * n1 + j) * L + l] = acc;
                }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int l = 0; l < L; l++) {
                    double v = i >= j ? gram[(i * n1 + j) * L + l] : gram[(j * n1 + i) * L + l];
                    a[(i * n + j) * L + l] = v + (i == j ? members - 1 : 0);
                }
    }

    /** Householder tridiagonalization of every lane's matrix in a: reflectors in refl/tau, T in dg/of. */
    private void tridiagonalize() {
        int L = lanes;
        java.util.Arrays.fill(tau, 0.0);
        for (int k = 0; k < n - 2; k++) {
            int m0 = k + 1;
            for (int l = 0; l < L; l++) {
                double sumsq = 0;
                for (int i = m0; i < n; i++) {
                    double x = a[(i * n + k) * L + l];
                    sumsq += x * x;
                }
                double norm = Math.sqrt(sumsq);
                double x0 = a[(m0 * n + k) * L + l];
                double alpha = x0 >= 0 ? -norm : norm;
                double tk = norm == 0 ? 0 : 1.0 / (norm * (norm + Math.abs(x0)));
                int vk = k * n * L + l;
                for (int i = m0; i < n; i++) refl[vk + i * L] = a[(i * n + k) * L + l];
                refl[vk + m0 * L] = x0 - alpha;
                tau[k * L + l] = tk;
                // w = τ A22 v − (τ/2)(vᵀ τ A22 v) v ; A22 −= v wᵀ + w vᵀ
                double vp = 0;
                for (int i = m0; i < n; i++) {
                    double s = 0;
                    for (int j = m0; j < n; j++) s += a[(i * n + j) * L + l] * refl[vk + j * L];
                    w[i * L + l] = tk * s;
                    vp += refl[vk + i * L] * w[i * L + l];
                }
                double half = 0.5 * tk * vp;
                for (int i = m0; i < n; i++) w[i * L + l] -= half * refl[vk + i * L];
                for (int i = m0; i < n; i++) {
                    double vi = refl[vk + i * L], wi = w[i * L + l];
                    for (int j = m0; j < n; j++)
                        a[(i * n + j) * L + l] -= vi * w[j * L + l] + wi * refl[vk + j * L];
                }
                of[k * L + l] = alpha;
            }
        }
        for (int l = 0; l < L; l++) {
            for (int i = 0; i < n; i++) dg[i * L + l] = a[(i * n + i) * L + l];
            if (n >= 2) of[(n - 2) * L + l] = a[((n - 1) * n + n - 2) * L + l];
            of[(n - 1) * L + l] = 0;
        }
    }

    /** x ← Qᵀ x = H_{n−3} ⋯ H_0 x. */
    private void reflectTransposed(double[] x) {
        for (int k = 0; k < n - 2; k++) applyReflector(k, x);
    }

    /** x ← Q x = H_0 ⋯ H_{n−3} x. */
    private void reflect(double[] x) {
        for (int k = n - 3; k >= 0; k--) applyReflector(k, x);
    }

    private void applyReflector(int k, double[] x) {
        int L = lanes, vk = k * n * L;
        for (int l = 0; l < L; l++) {
            double s = 0;
            for (int i = k + 1; i < n; i++) s += refl[vk + i * L + l] * x[i * L + l];
            s *= tau[k * L + l];
            for (int i = k + 1; i < n; i++) x[i * L + l] -= s * refl[vk + i * L + l];
        }
    }

    /** Explicitly shifted QR on every lane's tridiagonal (dg, of), recording the rotations of each step. */
    private void diagonalize() {
        int L = lanes, rot = 0;
        steps = 0;
        for (int hi = n - 1; hi >= 1; hi--) {
            for (int step = 0; ; step++) {
                boolean any = false;
                for (int l = 0; l < L; l++) {
                    double e = Math.abs(of[(hi - 1) * L + l]);
                    active[l] = e > EPS * (Math.abs(dg[(hi - 1) * L + l]) + Math.abs(dg[hi * L + l]));
                    any |= active[l];
                }
                if (!any) break;
                if (step == MAX_STEPS)
                    throw new IllegalStateException("LETKF local eigenproblem: no convergence after " + MAX_STEPS
                            + " QR steps (N = " + n + ")");
                if (steps == stepHi.length) {
                    stepHi = java.util.Arrays.copyOf(stepHi, Math.max(4 * n, 2 * steps));
                    stepStart = java.util.Arrays.copyOf(stepStart, stepHi.length);
                }
                stepHi[steps] = hi;
                stepStart[steps] = rot;
                steps++;
                rot = qrStep(hi, rot);
            }
        }
    }

    private int qrStep(int hi, int rot) {
        int L = lanes;
        if (cs.length < (rot + hi) * L) {
            int cap = Math.max((rot + hi) * L * 2, n * n * L * 4);
            cs = java.util.Arrays.copyOf(cs, cap);
            sn = java.util.Arrays.copyOf(sn, cap);
        }
        for (int l = 0; l < L; l++) {
            double d0 = dg[(hi - 1) * L + l], d1 = dg[hi * L + l], b = of[(hi - 1) * L + l];
            double delta = 0.5 * (d0 - d1);
            double root = Math.sqrt(delta * delta + b * b);
            double den = delta + (delta >= 0 ? root : -root);
            mu[l] = den == 0 ? d1 : d1 - b * b / den;
            pp[l] = dg[l] - mu[l];
            qq[l] = of[l];
        }
        for (int k = 0; k < hi; k++) {
            int ro = (rot + k) * L;
            for (int l = 0; l < L; l++) {
                double p = pp[l], q = qq[l], bk = of[k * L + l], ak1 = dg[(k + 1) * L + l] - mu[l];
                double r = Math.sqrt(p * p + bk * bk);
                double c, s;
                if (r == 0 || !active[l]) {
                    c = 1;
                    s = 0;
                } else {
                    c = p / r;
                    s = bk / r;
                }
                r0[k * L + l] = r;
                r1[k * L + l] = c * q + s * ak1;
                pp[l] = c * ak1 - s * q;
                qq[l] = k + 1 < hi ? c * of[(k + 1) * L + l] : 0;
                cs[ro + l] = c;
                sn[ro + l] = s;
                int o0 = k * L + l, o1 = (k + 1) * L + l;
                double u0 = u[o0], u1 = u[o1];
                u[o0] = c * u0 + s * u1;
                u[o1] = c * u1 - s * u0;
                double h0 = h[o0], h1 = h[o1];
                h[o0] = c * h0 + s * h1;
                h[o1] = c * h1 - s * h0;
            }
        }
        for (int l = 0; l < L; l++) {
            if (!active[l]) continue;
            r0[hi * L + l] = pp[l];
            double cprev = 1;
            for (int k = 0; k < hi; k++) {
                int ro = (rot + k) * L + l;
                double c = cs[ro], s = sn[ro];
                dg[k * L + l] = c * cprev * r0[k * L + l] + s * r1[k * L + l] + mu[l];
                of[k * L + l] = s * r0[(k + 1) * L + l];
                cprev = c;
            }
            dg[hi * L + l] = cprev * r0[hi * L + l] + mu[l];
        }
        return rot + hi;
    }

    /** t ← S t: the recorded rotations G applied last first, (t_k, t_{k+1}) ← (c t_k − s t_{k+1}, s t_k + c t_{k+1}). */
    private void replay() {
        int L = lanes;
        for (int st = steps - 1; st >= 0; st--) {
            int hi = stepHi[st], base = stepStart[st];
            for (int k = hi - 1; k >= 0; k--) {
                int ro = (base + k) * L;
                for (int l = 0; l < L; l++) {
                    double c = cs[ro + l], s = sn[ro + l];
                    int o0 = k * L + l, o1 = (k + 1) * L + l;
                    double t0 = t[o0], t1 = t[o1];
                    t[o0] = c * t0 - s * t1;
                    t[o1] = s * t0 + c * t1;
                }
            }
        }
    }

    private int steps;
    private int[] stepHi = new int[0], stepStart = new int[0];
}
