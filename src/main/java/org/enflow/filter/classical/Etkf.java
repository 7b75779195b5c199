package org.enflow.filter.classical;

import java.util.List;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.classical.linalg.Cholesky;
import org.enflow.filter.classical.linalg.SmallDense;
import org.enflow.filter.classical.linalg.SymmetricEigen;
import org.enflow.filter.common.RandomRotation;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;
import org.enflow.observe.Observation;

/**
 * The ensemble transform Kalman filter with the symmetric square root (Hunt, Kostelich &amp; Szunyogh
 * 2007; DAPPER's {@code EnKF('Sqrt')}; enff-code's "ESRF"). In ensemble space, with Ŷ = R^{-1/2}B and
 * d̂ = R^{-1/2}(y − ȳ):
 * <pre>
 *   C = (N−1) I + Ŷ Ŷᵀ = U Λ Uᵀ,   w̄ = C⁻¹ Ŷ d̂,   W = √(N−1) U Λ^{-1/2} Uᵀ,
 *   x_i^a = x̄ + Σ_j (w̄_j + s (Ω W)_ij) a_j
 * </pre>
 * where s is the multiplicative inflation and Ω an optional random mean-preserving rotation, both
 * applied to the analysis anomalies (W1 = 1, so the analysis anomalies sum to zero). Cost O(pN² + N³ + dN²).
 * With an aligned h (h_c(x) = φ(x_c): identity, arctan, masks) and few members over many components, C, g and
 * the transform stream over the ensemble ({@link StreamedProducts}: two passes over x instead of about 14).
 * Assumes Gaussian errors and a (nearly) linear h; no localization (see {@link Letkf}).
 */
public final class Etkf implements Filter {
    private final int n;
    private final double inflation;
    private final boolean rotate;
    private final Parallel parallel;
    private final Gaussian rotationNoise;
    private final RandomRotation rotation;
    private final ObservedEnsemble oe = new ObservedEnsemble();
    private final Dense.Rows rows = new Dense.Rows();
    private final SymmetricEigen eig;
    private final double[] c, g, coef, wbar, w, t, omega, bt;
    private double[] out = new double[0], ct = new double[0], row = new double[0];
    private final Dense.CrossWork cross = new Dense.CrossWork();
    private final StreamedProducts streams = new StreamedProducts();
    /** Tests turn this off to compare the streamed path with the materialized one on the same problem. */
    boolean streamed = true;
    /**
     * Ensemble values (N·d) from which the streamed path is taken: below, the N×d arrays stay in cache and the
     * materialized path was measured faster (N = 20, d = 10⁴: 1.05 against 1.17 ms, JMH, one thread,
     * jmh/results/scaling-s16/jmh); at N = 20, d = 10⁵ the streamed one is (12.4 against 16.3 ms). Tests lower it.
     */
    long streamMinValues = 1 << 20;
    private SymmetricEigen small;
    private double[] mp, coefP, gP, yv = new double[0], bp = new double[0], yT = new double[0], yvT = new double[0];
    private double[] cm = new double[0], scratch = new double[0], work = new double[0];

    /**
     * @param members N ≥ 2
     * @param inflation s > 0 (1 = none)
     * @param rotate whether to rotate the anomalies randomly every analysis
     * @param streams the experiment's streams; the rotation draws from purpose FILTER, index N
     */
    public Etkf(int members, double inflation, boolean rotate, RandomStreams streams, Parallel parallel) {
        this.n = Keys.members(members);
        this.inflation = Require.positive("inflation", inflation);
        this.rotate = rotate;
        this.parallel = parallel == null ? Parallel.common() : parallel;
        this.rotationNoise = rotate ? new Gaussian(Require.notNull("streams", streams).stream(RandomStreams.Purpose.FILTER, n)) : null;
        this.rotation = rotate ? new RandomRotation(n) : null;
        this.eig = new SymmetricEigen(n);
        this.c = new double[n * n];
        this.g = new double[n];
        this.coef = new double[n];
        this.wbar = new double[n];
        this.w = new double[n * n];
        this.t = new double[n * n];
        this.omega = new double[n * n];
        this.bt = new double[n * n];
    }

    @Override
    public void assimilate(Ensemble e, Observation obs) {
        if (e.members() != n) throw new IllegalArgumentException("ensemble has " + e.members() + " members: expected " + n);
        if (streamed && (long) n * e.dim() >= streamMinValues && StreamedProducts.applies(n, e.dim(), obs.operator())) {
            // One pass for x̄, ŶŶᵀ and Ŷd̂ (no N×d intermediates), one for the transform, in place.
            streams.compute(e.data(), n, e.dim(), obs, null, false, parallel);
            setProducts(streams.gram, streams.projected);
            if (rotate) rotatedFromProducts();
            else fromProducts();
            streams.transform(t, e.data(), parallel);
            return;
        }
        oe.compute(e, obs, parallel, true);
        int d = oe.d, p = oe.p;
        if (p < n) {
            lowRank(e, p, d);
            return;
        }
        if (rotate) transformRotated(oe.whitened, oe.innovation, p);
        else transform(oe.whitened, oe.innovation, p);
        // The anomalies and mean are copies owned by oe, so the analysis is written straight into e.
        Dense.transform(t, n, oe.anomalies, d, oe.mean, e.data(), parallel, rows);
    }

    /**
     * Fills {@link #t} with the N×N transform G_ij = w̄_j + s (Ω W)_ij from the whitened observation
     * anomalies (N rows of length p) and the whitened innovation. Package-private for the LETKF test.
     *
     * <p>C = Ŷ Ŷᵀ and g = Ŷ d̂ come from {@link #products}; the N×N products are row-oriented
     * {@link SmallDense#multiply} calls: W = Bᵀ B with the scaled eigenvector rows
     * B_m = √s (N−1)^{1/4} λ_m^{-1/4} u_mᵀ (so the inflation s is folded in), and ΩW.
     */
    void transform(double[] whitened, double[] innovation, int p) {
        products(whitened, innovation, p);
        fromProducts();
    }

    /** {@link #transform} from C and g as they stand. */
    private void fromProducts() {
        eig.decompose(parallel, c, n);
        double[] lam = eig.values(), vt = eig.vectorsT();
        // w̄ = Σ_m u_m (u_m·g)/λ_m ;  W = √(N−1) Σ_m u_m u_mᵀ/√λ_m = Bᵀ B.
        double q = Math.sqrt(inflation) * Math.sqrt(Math.sqrt(n - 1));
        for (int m = 0; m < n; m++) {
            int r = m * n;
            coef[m] = dot(vt, r, g, n) / lam[m];
            double sm = q / Math.sqrt(Math.sqrt(lam[m]));
            for (int i = 0; i < n; i++) bt[r + i] = sm * vt[r + i];
        }
        SmallDense.multiply(1, n, n, coef, 0, 0, 1, vt, 0, n, wbar, 0, 0);
        if (rotate) {
            SmallDense.multiply(n, n, n, bt, 0, 1, n, bt, 0, n, w, 0, n);
            rotation.draw(rotationNoise, omega, parallel);
            SmallDense.multiply(n, n, n, omega, 0, n, 1, w, 0, n, t, 0, n);
        } else {
            SmallDense.multiply(n, n, n, bt, 0, 1, n, bt, 0, n, t, 0, n);
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) t[i * n + j] += wbar[j];
    }

    /**
     * The rotated transform G = 1w̄ᵀ + s Ω W without an eigendecomposition. With H the reflection that
     * swaps e₀ and 1/√N (so H C H = diag(N−1, C̃), as C1 = (N−1)1), the Cholesky factor C̃ = UᵀU gives
     * the mean-preserving square root W' = H diag(1, √(N−1) U⁻ᵀ) H: W'ᵀW' = (N−1)C⁻¹ = W² and W'1 = 1,
     * so W' = R W with R = W'W⁻¹ orthogonal and R1 = 1. Ω is Haar on the orthogonal matrices fixing 1
     * and independent of R, so ΩW' = (ΩR)W has exactly the law of ΩW: the analysis ensemble has the
     * same distribution (and, draw by draw, the same mean and covariance) as with the symmetric square
     * root. Writing Ω = H diag(1, Q) H, ΩW' = H diag(1, √(N−1) Q U⁻ᵀ) H; the product uses Qᵀ := M, the
     * Haar matrix of {@link RandomRotation#drawOrthogonal} (Haar like its transpose), as U⁻¹M.
     * Cost: C, a Cholesky of order N−1, one triangular solve with N−1 right-hand sides, O(N²) for the
     * reflections, instead of the O(9N³) eigendecomposition.
     */
    private void transformRotated(double[] whitened, double[] innovation, int p) {
        products(whitened, innovation, p);
        rotatedFromProducts();
    }

    /** {@link #transformRotated} from C and g as they stand. */
    private void rotatedFromProducts() {
        int m = n - 1, ldm = SmallDense.padded(m);
        if (ct.length < m * ldm) {
            ct = new double[m * ldm];
            row = new double[Math.max(ldm, n)];
        }
        // H = I − τ u uᵀ with u = e₀ − e1, e = 1/√N, τ = 2/uᵀu = 1/(1 − e).
        double e = 1 / Math.sqrt(n), u0 = 1 - e, tau = 1 / (1 - e);
        // v = C u (C symmetric: v_i = C_i0 − e·rowsum_i), γ = uᵀv. The O(N²) loops of this method run over rows in
        // parallel, each entry computed as serially (N = 500, d = 1000 on two threads: 2.4 % of the time, serial).
        final double[] cc = c, v = coef, cT = ct;
        final int nn = n, grain = rowGrain();
        parallel.forRange(n, grain, (blk, i0, i1) -> {
            for (int i = i0; i < i1; i++) v[i] = cc[i * nn] - e * rowSum(cc, i * nn, nn);
        });
        double gamma = 0;
        for (int i = 0; i < n; i++) gamma += (i == 0 ? u0 : -e) * coef[i];
        // C̃_ij = (HCH)_{i+1,j+1} = C_{i+1,j+1} + τe(v_{i+1} + v_{j+1}) + τ²γe², upper triangle, padded rows.
        double te = tau * e, t2 = tau * tau * gamma * e * e;
        parallel.forRange(m, grain, (blk, i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int r = i * ldm, cr = (i + 1) * nn + 1;
                double vi = v[i + 1];
                for (int j = i; j < m; j++) cT[r + j] = cc[cr + j] + te * (vi + v[j + 1]) + t2;
                for (int j = m; j < ldm; j++) cT[r + j] = 0;
            }
        });
        int bad = Cholesky.factorUpper(parallel, ct, m, ldm);
        if (bad >= 0)
            throw new IllegalStateException("ETKF: (N−1)I + ŶŶᵀ is not positive definite at pivot " + bad
                    + " (value " + ct[bad * ldm + bad] + "); the ensemble or R is not finite");
        // w̄ = C⁻¹g = H diag(1/(N−1), C̃⁻¹) H g.
        double ug = u0 * g[0];
        for (int i = 1; i < n; i++) ug -= e * g[i];
        for (int i = 0; i < n; i++) wbar[i] = g[i] - tau * ug * (i == 0 ? u0 : -e);
        wbar[0] /= n - 1;
        Cholesky.solveUpper(ct, m, ldm, wbar, 1);
        double uw = u0 * wbar[0];
        for (int i = 1; i < n; i++) uw -= e * wbar[i];
        for (int i = 0; i < n; i++) wbar[i] -= tau * uw * (i == 0 ? u0 : -e);
        // Y = U⁻¹M; X = √(N−1) s Yᵀ is the trailing block of B = diag(1, X).
        double[] yy = rotation.drawOrthogonal(rotationNoise, parallel);
        Cholesky.solveUpperRows(parallel, ct, m, ldm, yy, ldm); // padded columns of M are zero: whole vectors
        double sc = Math.sqrt(n - 1) * inflation;
        // a = B u (a₀ = u₀, a_{i+1} = −e·Σ_j X_ij), b = Bᵀu (b₀ = u₀, b_{j+1} = −e·Σ_i X_ij), γ' = uᵀBu.
        // Σ_j X_jk = sc Σ_j Y_kj (row k of Y, in j order) and Σ_k Y_kj = Σ_k X_jk / sc (column j of Y, in k order): rows
        // of Y in parallel for the first, column blocks of Y for the second.
        final double[] sums = row, gg = g;
        java.util.Arrays.fill(row, 0, n, 0.0);
        parallel.forRange(m, grain, (blk, k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                int r = k * ldm;
                double rs = 0;
                for (int j = 0; j < m; j++) rs += yy[r + j];
                gg[k + 1] = rs; // the row sum for now; b_{k+1} = −e·sc·rs below
            }
        });
        parallel.forRange(m, Math.max(64, grain), (blk, j0, j1) -> {
            for (int k = 0; k < m; k++) {
                int r = k * ldm;
                for (int j = j0; j < j1; j++) sums[j] += yy[r + j];
            }
        });
        double total = 0;
        for (int k = 0; k < m; k++) {
            double rs = g[k + 1];
            g[k + 1] = -e * sc * rs; // b_{k+1}
            total += rs;
        }
        for (int j = 0; j < m; j++) coef[j + 1] = -e * sc * row[j]; // a_{j+1}
        g[0] = u0;
        coef[0] = u0;
        double gp = u0 * u0 + e * e * sc * total;
        double t2g = tau * tau * gp;
        // T_ij = B_ij − τ(u_i b_j + a_i u_j) + τ²γ' u_i u_j + w̄_j.
        final double[] tt = t, wb = wbar;
        parallel.forRange(n, grain, (blk, i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                double ui = i == 0 ? u0 : -e, ai = v[i];
                int o = i * nn;
                for (int j = 0; j < nn; j++) {
                    double uj = j == 0 ? u0 : -e;
                    double bij = i == 0 || j == 0 ? (i == j ? 1 : 0) : sc * yy[(j - 1) * ldm + i - 1];
                    tt[o + j] = bij - tau * (ui * gg[j] + ai * uj) + t2g * ui * uj + wb[j];
                }
            }
        });
    }

    /**
     * C = (N−1)I + ŶŶᵀ and g = Ŷd̂: the O(pN²) part of the analysis, in parallel (Gram panels over rows of
     * C, dots over members), identical for every thread count.
     */
    private void products(double[] whitened, double[] innovation, int p) {
        Dense.cross(whitened, whitened, n, p, c, c, n, cross, parallel);
        for (int i = 0; i < n; i++) c[i * n + i] += n - 1;
        Dense.rowDots(whitened, n, p, innovation, g, parallel);
    }

    /** C = (N−1)I + ŶŶᵀ and g = Ŷd̂ from the streamed products. */
    private void setProducts(double[] gram, double[] projected) {
        System.arraycopy(gram, 0, c, 0, n * n);
        for (int i = 0; i < n; i++) c[i * n + i] += n - 1;
        System.arraycopy(projected, 0, g, 0, n);
    }

    /** Rows per parallel block of the O(N²) loops of {@link #rotatedFromProducts}: about 2¹³ entries each. */
    private int rowGrain() {
        return Math.max(1, 8192 / n);
    }

    /** Σ_j x[off + j] for j &lt; len, four accumulators in a fixed order. */
    private static double rowSum(double[] x, int off, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= len; j += 4) {
            s0 += x[off + j];
            s1 += x[off + j + 1];
            s2 += x[off + j + 2];
            s3 += x[off + j + 3];
        }
        for (; j < len; j++) s0 += x[off + j];
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ_i x[off + i] y[i] with four accumulators in a fixed order. */
    private static double dot(double[] x, int off, double[] y, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            s0 = Math.fma(x[off + i], y[i], s0);
            s1 = Math.fma(x[off + i + 1], y[i + 1], s1);
            s2 = Math.fma(x[off + i + 2], y[i + 2], s2);
            s3 = Math.fma(x[off + i + 3], y[i + 3], s3);
        }
        for (; i < len; i++) s0 = Math.fma(x[off + i], y[i], s0);
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The same analysis through the p×p eigenproblem when p &lt; N (DAPPER's "svd" variant): with
     * ŶᵀŶ = V Σ² Vᵀ and U' = ŶV, C = (N−1)I + ŶŶᵀ gives
     * w̄ = U' diag(1/(σ²+N−1)) Vᵀd̂ and √(N−1) C^{-1/2} = I + U' diag(g) U'ᵀ with
     * g_m = −1/(b_m(a + b_m)), a = √(N−1), b_m = √(N−1+σ_m²) (no cancellation as σ → 0).
     * Cost O(Np² + p³ + Npd) instead of O(N³ + N²d).
     */
    private void lowRank(Ensemble e, int p, int d) {
        double[] yh = oe.whitened, dh = oe.innovation, an = oe.anomalies;
        if (small == null || small.capacity() < p) {
            small = new SymmetricEigen(p);
            mp = new double[p * p];
            coefP = new double[p];
            gP = new double[p];
        }
        if (yv.length < n * p) {
            yv = new double[n * p];
            yT = new double[p * n];
            yvT = new double[p * n];
            cm = new double[n * p];
        }
        if (bp.length < p * d) bp = new double[p * d];
        if (out.length < n * d) out = new double[n * d];
        // ŶᵀŶ = Gram of the columns of Ŷ (rows of its transpose), in parallel panels.
        for (int i = 0; i < n; i++) {
            int o = i * p;
            for (int l = 0; l < p; l++) yT[l * n + i] = yh[o + l];
        }
        Dense.cross(yT, yT, p, n, mp, mp, p, cross, parallel);
        small.decompose(parallel, mp, p);
        double[] lam = small.values(), vt = small.vectorsT();
        double a = Math.sqrt(n - 1);
        for (int m = 0; m < p; m++) {
            double sig2 = Math.max(lam[m], 0);
            double b = Math.sqrt(n - 1 + sig2);
            coefP[m] = Dense.dot(vt, m * p, dh, 0, p) / (sig2 + n - 1);
            gP[m] = -1 / (b * (a + b));
        }
        // U' = ŶV (N×p): entry (i, m) = ŷ_i·v_m, Gram panels of the rows of Ŷ against the eigenvector rows.
        work = Dense.grow(work, org.enflow.kernel.Gram.workspaceLength(n, p, p));
        org.enflow.kernel.Gram.compute(parallel, yh, 0, n, vt, 0, p, p, yv, work);
        Dense.rowDots(yv, n, p, coefP, wbar, parallel);
        for (int i = 0; i < n; i++) {
            int o = i * p;
            for (int m = 0; m < p; m++) {
                yvT[m * n + i] = yv[o + m];
                cm[o + m] = yv[o + m] * gP[m];
            }
        }
        // bp = U'ᵀ A (p×d), then rows A_i + Σ_m U'_im g_m bp_m, then mean shift Aᵀw̄, inflation, rotation. The two
        // products are column-tiled register-blocked products (Dense.multiply: each element the same fma chain as a
        // weighted sum of rows, which read all of A, or of bp, once per output row: at N = 2000, p = d = 1000 two
        // 2·10⁹ multiply-add passes streamed from memory).
        final double[] anom = an, o2 = out;
        Dense.multiply(yvT, p, n, an, d, bp, parallel, rows);
        double[] mean = oe.mean;
        if (scratch.length < d) scratch = new double[d];
        org.enflow.kernel.Blas.weightedSumOfRows(wbar, 0, an, 0, n, d, d, scratch, 0);
        org.enflow.kernel.Blas.axpy(1.0, scratch, 0, mean, 0, d);
        Dense.multiply(cm, n, p, bp, d, out, parallel, rows);
        int outGrain = (int) Math.max(1, (1 << 16) / Math.max(1L, (long) d));
        parallel.forRange(n, outGrain, (blk, i0, i1) -> {
            for (int i = i0; i < i1; i++) org.enflow.kernel.Blas.axpy(1.0, anom, i * d, o2, i * d, d);
        });
        double[] x = e.data();
        if (rotate && rotation.rotatesDirectly(d)) {
            rotation.rotateColumns(rotationNoise, out, d, inflation, mean, x, parallel);
        } else if (rotate) {
            rotation.draw(rotationNoise, omega, parallel);
            if (inflation != 1.0) for (int i = 0; i < n * n; i++) omega[i] *= inflation;
            Dense.transform(omega, n, out, d, mean, x, parallel, rows);
        } else {
            double s = inflation;
            for (int i = 0; i < n; i++) {
                int o = i * d;
                for (int k = 0; k < d; k++) x[o + k] = mean[k] + s * out[o + k];
            }
        }
    }

    @Override
    public String describe() {
        return "etkf(N=" + n + ", inflation=" + inflation + (rotate ? ", rotate" : "") + ")";
    }

    /** Factory for {@code --filter etkf}. */
    public static final class Factory implements FilterFactory {
        @Override
        public String name() {
            return "etkf";
        }

        @Override
        public String description() {
            return "ensemble transform Kalman filter, symmetric square root (Hunt et al. 2007)";
        }

        @Override
        public List<FilterParameter> parameters() {
            return List.of(Keys.INFLATION_PARAM, Keys.ROTATE_PARAM);
        }

        @Override
        public Filter create(FilterContext c, FilterSettings s) {
            return new Etkf(c.members(), s.positive(Keys.INFLATION), s.bool(Keys.ROTATE), c.streams(), Keys.parallel(c));
        }
    }
}
