package org.enflow.filter.classical;

import java.util.List;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;
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
    private final SymmetricEigen eig;
    private final double[] c, g, coef, wbar, w, t, omega;
    private double[] out = new double[0];

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
    }

    @Override
    public void assimilate(Ensemble e, Observation obs) {
        if (e.members() != n) throw new IllegalArgumentException("ensemble has " + e.members() + " members: expected " + n);
        oe.compute(e, obs, parallel, true);
        int d = oe.d, p = oe.p;
        transform(oe.whitened, oe.innovation, p);
        if (out.length < n * d) out = new double[n * d];
        final double[] a = oe.anomalies, mean = oe.mean, o = out;
        parallel.forRange(d, Math.max(Dense.TILE, (1 << 22) / (n * n)), (b, from, to) ->
                Dense.transformRows(t, n, a, d, mean, o, from, to));
        System.arraycopy(out, 0, e.data(), 0, n * d);
    }

    /**
     * Fills {@link #t} with the N×N transform G_ij = w̄_j + s (Ω W)_ij from the whitened observation
     * anomalies (N rows of length p) and the whitened innovation. Package-private for the LETKF test.
     */
    void transform(double[] whitened, double[] innovation, int p) {
        Dense.gramRows(whitened, n, p, c);
        for (int i = 0; i < n; i++) c[i * n + i] += n - 1;
        for (int i = 0; i < n; i++) g[i] = Dense.dot(whitened, i * p, innovation, 0, p);
        eig.decompose(c, n);
        double[] lam = eig.values(), vt = eig.vectorsT();
        // w̄ = Σ_m u_m (u_m·g)/λ_m ;  W = √(N−1) Σ_m u_m u_mᵀ / √λ_m
        java.util.Arrays.fill(wbar, 0.0);
        java.util.Arrays.fill(w, 0.0);
        double sqrtN1 = Math.sqrt(n - 1);
        for (int m = 0; m < n; m++) {
            int r = m * n;
            double cm = Dense.dot(vt, r, g, 0, n) / lam[m];
            double sm = sqrtN1 / Math.sqrt(lam[m]);
            for (int i = 0; i < n; i++) {
                wbar[i] += cm * vt[r + i];
                double ui = sm * vt[r + i];
                for (int j = 0; j < n; j++) w[i * n + j] += ui * vt[r + j];
            }
        }
        if (inflation != 1.0) for (int i = 0; i < n * n; i++) w[i] *= inflation;
        if (rotate) {
            rotation.draw(rotationNoise, omega);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) s += omega[i * n + k] * w[k * n + j];
                    t[i * n + j] = s;
                }
        } else {
            System.arraycopy(w, 0, t, 0, n * n);
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) t[i * n + j] += wbar[j];
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
