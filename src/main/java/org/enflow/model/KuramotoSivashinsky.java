package org.enflow.model;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.utils.CommonUtils;

/**
 * The Kuramoto–Sivashinsky equation u_t = −u·u_x − u_xx − u_xxxx on [0, L), L = DL·π, periodic, on d grid
 * points x_j = DL·π·(j+1)/d, stepped by ETDRK4 (Cox–Matthews, Kassam–Trefethen contour coefficients)
 * exactly as models.md §4 (and DAPPER) specify: real FFT of length d, wavenumbers k_n = 2n/DL for
 * n &lt; d/2 and k = 0 for the Nyquist coefficient, L_n = k_n² − k_n⁴, 𝒩(v) = −½·ik·FFT((IFFT v)²), no
 * dealiasing, M = 16 contour points on the upper half circle.
 *
 * <p>Spectra are held in JTransforms' packed real format: a[2n], a[2n+1] = Re, Im of coefficient n for
 * 0 &lt; n &lt; d/2, a[0] = coefficient 0 and a[1] = the (real) Nyquist coefficient. Every ETDRK4
 * coefficient is real, so each is stored once per packed slot and the step is elementwise on the packed
 * arrays. One step costs 9 real FFTs of length d (as in DAPPER, each step starts from u in physical
 * space, so stepping in one call or several gives identical results). Members are independent and run
 * in parallel, each on a per-thread workspace; the result does not depend on the thread count.
 */
public final class KuramotoSivashinsky implements Model {
    /** EnFF's domain: L = 128π. */
    public static final double DEFAULT_DL = 128;
    /** Contour points on the upper half circle. */
    static final int CONTOUR_POINTS = 16;
    /** Time units of the spin-up that turns the Kassam–Trefethen u₀ into DAPPER's x0. */
    public static final double SPIN_UP_TIME = 150;
    /** Roughly one 1024-point real FFT in this unit; a parallel block gets ≥ ~0.5 ms. */
    private static final long BLOCK_WORK = 100_000;

    static {
        // enflow parallelizes over members on its own pool: JTransforms' internal threads (used from 8192
        // points on) would only oversubscribe the cores from inside our workers.
        CommonUtils.setThreadsBeginN_1D_FFT_2Threads(Long.MAX_VALUE);
        CommonUtils.setThreadsBeginN_1D_FFT_4Threads(Long.MAX_VALUE);
    }

    private final int dim;
    private final double dl, dt;
    private final Parallel parallel;
    private final boolean nonlinear;
    /** Packed per-slot coefficients: e^{hL}, e^{hL/2}, Q, f₁, 2f₂, f₃, and −½k for 𝒩. */
    private final double[] e, e2, q, f1, f2x2, f3, halfK;
    private final WorkspacePool<Workspace> workspaces;

    /** KS on the shared pool. */
    public KuramotoSivashinsky(int dim, double dl, double dt) {
        this(dim, dl, dt, Parallel.common());
    }

    /** KS with EnFF's L = 128π. */
    public KuramotoSivashinsky(int dim, double dt, Parallel parallel) {
        this(dim, DEFAULT_DL, dt, parallel);
    }

    /**
     * @param dim grid points, a power of two ≥ 4 (JTransforms' radix-2 real FFT)
     * @param dl the domain length over π: L = DL·π
     * @param dt the ETDRK4 step h
     */
    public KuramotoSivashinsky(int dim, double dl, double dt, Parallel parallel) {
        this(dim, dl, dt, parallel, true);
    }

    /** Test hook: {@code nonlinear = false} sets 𝒩 ≡ 0, for which ETDRK4 is exact. */
    KuramotoSivashinsky(int dim, double dl, double dt, Parallel parallel, boolean nonlinear) {
        this.dim = Require.atLeast("dim", dim, 4);
        if (Integer.bitCount(dim) != 1) throw new IllegalArgumentException("dim = " + dim + ": expected a power of two");
        this.dl = Require.positive("DL", dl);
        this.dt = Require.positive("dt", dt);
        this.parallel = Require.notNull("parallel", parallel);
        this.nonlinear = nonlinear;
        e = new double[dim];
        e2 = new double[dim];
        q = new double[dim];
        f1 = new double[dim];
        f2x2 = new double[dim];
        f3 = new double[dim];
        halfK = new double[dim];
        for (int n = 0; n <= dim / 2; n++) {
            double k = wavenumber(n);
            double lh = dt * (k * k - k * k * k * k);
            double[] c = etdrk4Coefficients(lh, dt);
            int re = n == dim / 2 ? 1 : 2 * n, im = n == 0 || n == dim / 2 ? -1 : 2 * n + 1;
            for (int p : new int[] {re, im}) {
                if (p < 0) continue;
                e[p] = Math.exp(lh);
                e2[p] = Math.exp(lh / 2);
                q[p] = c[0];
                f1[p] = c[1];
                f2x2[p] = 2 * c[2];
                f3[p] = c[3];
                halfK[p] = -0.5 * k;
            }
        }
        this.workspaces = new WorkspacePool<>(() -> new Workspace(dim));
    }

    /** k_n = 2n/DL for 0 ≤ n &lt; d/2; the Nyquist coefficient n = d/2 gets k = 0. */
    double wavenumber(int n) {
        return n == dim / 2 ? 0 : 2.0 * n / dl;
    }

    /**
     * ETDRK4 coefficients {Q, f₁, f₂, f₃} for one mode with hL = {@code lh}: h times the real part of the
     * mean over the contour points z = hL + r_m, r_m = exp(iπ(m − ½)/M), m = 1..M, of
     * (e^{z/2} − 1)/z, (−4 − z + e^z(4 − 3z + z²))/z³, (2 + z + e^z(z − 2))/z³ and (−4 − 3z − z² + e^z(4 − z))/z³.
     * The contour mean avoids the cancellation of the closed forms near hL = 0.
     */
    static double[] etdrk4Coefficients(double lh, double h) {
        double sq = 0, s1 = 0, s2 = 0, s3 = 0;
        int m = CONTOUR_POINTS;
        for (int j = 1; j <= m; j++) {
            double angle = Math.PI * (j - 0.5) / m;
            double zr = lh + Math.cos(angle), zi = Math.sin(angle);
            // e^z and e^{z/2}
            double ez = Math.exp(zr), ezr = ez * Math.cos(zi), ezi = ez * Math.sin(zi);
            double eh = Math.exp(zr / 2), ehr = eh * Math.cos(zi / 2), ehi = eh * Math.sin(zi / 2);
            // z², z³ and 1/z, 1/z³
            double z2r = zr * zr - zi * zi, z2i = 2 * zr * zi;
            double z3r = z2r * zr - z2i * zi, z3i = z2r * zi + z2i * zr;
            double n1 = zr * zr + zi * zi, invr = zr / n1, invi = -zi / n1;
            double n3 = z3r * z3r + z3i * z3i, inv3r = z3r / n3, inv3i = -z3i / n3;
            // Q: (e^{z/2} − 1)/z
            sq += mulRe(ehr - 1, ehi, invr, invi);
            // f1: (−4 − z + e^z(4 − 3z + z²))/z³
            double ar = 4 - 3 * zr + z2r, ai = -3 * zi + z2i;
            double nr = -4 - zr + mulRe(ezr, ezi, ar, ai), ni = -zi + mulIm(ezr, ezi, ar, ai);
            s1 += mulRe(nr, ni, inv3r, inv3i);
            // f2: (2 + z + e^z(z − 2))/z³
            nr = 2 + zr + mulRe(ezr, ezi, zr - 2, zi);
            ni = zi + mulIm(ezr, ezi, zr - 2, zi);
            s2 += mulRe(nr, ni, inv3r, inv3i);
            // f3: (−4 − 3z − z² + e^z(4 − z))/z³
            nr = -4 - 3 * zr - z2r + mulRe(ezr, ezi, 4 - zr, -zi);
            ni = -3 * zi - z2i + mulIm(ezr, ezi, 4 - zr, -zi);
            s3 += mulRe(nr, ni, inv3r, inv3i);
        }
        return new double[] {h * sq / m, h * s1 / m, h * s2 / m, h * s3 / m};
    }

    private static double mulRe(double ar, double ai, double br, double bi) {
        return ar * br - ai * bi;
    }

    private static double mulIm(double ar, double ai, double br, double bi) {
        return ar * bi + ai * br;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double dt() {
        return dt;
    }

    /** DL, with L = DL·π. */
    public double dl() {
        return dl;
    }

    /** Grid coordinate x_j = DL·π·(j+1)/d. */
    public double gridPoint(int j) {
        return dl * Math.PI * (j + 1) / dim;
    }

    @Override
    public void advance(Ensemble ensemble, double t0, int steps) {
        DriftModel.checkEnsemble(ensemble, dim, describe());
        Require.finite("t0", t0);
        Require.atLeast("steps", steps, 0);
        if (steps == 0) return;
        double[] data = ensemble.data();
        long perMember = Math.max(1, (long) steps * dim * Integer.numberOfTrailingZeros(dim) / 10);
        int grain = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (BLOCK_WORK + perMember - 1) / perMember));
        parallel.forRange(ensemble.members(), grain, (block, from, to) -> {
            Workspace w = workspaces.acquire();
            try {
                for (int m = from; m < to; m++) {
                    System.arraycopy(data, m * dim, w.u, 0, dim);
                    for (int s = 0; s < steps; s++) step(w);
                    System.arraycopy(w.u, 0, data, m * dim, dim);
                }
            } finally {
                workspaces.release(w);
            }
        });
    }

    /** Per-thread FFT plan and buffers. */
    private static final class Workspace {
        final DoubleFFT_1D fft;
        final double[] u, v, n1, a, na, b, nb, c, nc;

        Workspace(int d) {
            fft = new DoubleFFT_1D(d);
            u = new double[d];
            v = new double[d];
            n1 = new double[d];
            a = new double[d];
            na = new double[d];
            b = new double[d];
            nb = new double[d];
            c = new double[d];
            nc = new double[d];
        }
    }

    /** One ETDRK4 step of w.u in place. */
    private void step(Workspace w) {
        int d = dim;
        double[] v = w.v, n1 = w.n1, a = w.a, na = w.na, b = w.b, nb = w.nb, c = w.c, nc = w.nc;
        System.arraycopy(w.u, 0, v, 0, d);
        w.fft.realForward(v);
        nonlinearOfPhysical(w.u, n1, w.fft); // 𝒩(v) from u = IFFT(v) directly
        for (int p = 0; p < d; p++) a[p] = e2[p] * v[p] + q[p] * n1[p];
        nonlinearOfSpectrum(a, na, w.fft);
        for (int p = 0; p < d; p++) b[p] = e2[p] * v[p] + q[p] * na[p];
        nonlinearOfSpectrum(b, nb, w.fft);
        for (int p = 0; p < d; p++) c[p] = e2[p] * a[p] + q[p] * (2 * nb[p] - n1[p]);
        nonlinearOfSpectrum(c, nc, w.fft);
        double[] u = w.u;
        for (int p = 0; p < d; p++) u[p] = e[p] * v[p] + f1[p] * n1[p] + f2x2[p] * (na[p] + nb[p]) + f3[p] * nc[p];
        w.fft.realInverse(u, true);
    }

    /** out = 𝒩(spectrum) = −½·ik·FFT((IFFT spectrum)²); out is used as scratch first. */
    private void nonlinearOfSpectrum(double[] spectrum, double[] out, DoubleFFT_1D fft) {
        System.arraycopy(spectrum, 0, out, 0, dim);
        fft.realInverse(out, true);
        squareAndDifferentiate(out, fft);
    }

    /** out = 𝒩(FFT u) computed from the physical values u. */
    private void nonlinearOfPhysical(double[] u, double[] out, DoubleFFT_1D fft) {
        System.arraycopy(u, 0, out, 0, dim);
        squareAndDifferentiate(out, fft);
    }

    /** In place: w ← −½·ik·FFT(w²), in the packed format (k = 0 for the mean and the Nyquist slot). */
    private void squareAndDifferentiate(double[] w, DoubleFFT_1D fft) {
        if (!nonlinear) {
            java.util.Arrays.fill(w, 0);
            return;
        }
        for (int p = 0; p < dim; p++) w[p] *= w[p];
        fft.realForward(w);
        // (re + i·im)·(−½·ik) = (½k·im) + i(−½k·re), with halfK = −½k.
        for (int p = 2; p < dim; p += 2) {
            double re = w[p], im = w[p + 1];
            w[p] = -halfK[p] * im;
            w[p + 1] = halfK[p] * re;
        }
        w[0] = 0;
        w[1] = 0;
    }

    /** The Kassam–Trefethen initial condition u₀(x) = cos(x/16)(1 + sin(x/16)) on this grid. */
    public double[] kassamTrefethen() {
        double[] u = new double[dim];
        for (int j = 0; j < dim; j++) {
            double x = gridPoint(j);
            u[j] = Math.cos(x / 16) * (1 + Math.sin(x / 16));
        }
        return u;
    }

    /**
     * DAPPER's x0: the Kassam–Trefethen u₀ integrated for {@value #SPIN_UP_TIME} time units with this
     * model (round(150/dt) steps).
     */
    public double[] dapperInitialState() {
        double[] u = kassamTrefethen();
        int steps = (int) Math.round(SPIN_UP_TIME / dt);
        Workspace w = new Workspace(dim);
        System.arraycopy(u, 0, w.u, 0, dim);
        for (int s = 0; s < steps; s++) step(w);
        for (double v : w.u)
            if (!Double.isFinite(v))
                throw new IllegalArgumentException("dim = " + dim + ", DL = " + Models.format(dl) + ", dt = " + Models.format(dt)
                        + ": the KS spin-up diverged (grid too coarse or step too large for this domain)");
        return w.u.clone();
    }

    /** DAPPER's x0 for a grid of {@code dim} points, L = DL·π and step dt (see {@link #dapperInitialState()}). */
    public static double[] dapperInitialState(int dim, double dl, double dt) {
        return new KuramotoSivashinsky(dim, dl, dt, Parallel.sequential()).dapperInitialState();
    }

    @Override
    public String describe() {
        return "ks(d=" + dim + ", L=" + Models.format(dl) + "π), etdrk4, dt=" + Models.format(dt);
    }
}
