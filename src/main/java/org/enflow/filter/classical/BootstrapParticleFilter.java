package org.enflow.filter.classical;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.classical.linalg.Cholesky;
import org.enflow.filter.classical.linalg.SymmetricEigen;
import org.enflow.filter.common.Moments;
import org.enflow.filter.common.Resampler;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;

/**
 * The bootstrap particle filter (sequential importance resampling with the model as proposal), after
 * DAPPER's {@code PartFilt}:
 * <ol>
 *   <li>log w_i ← log w_i − ½‖R^{-1/2}(y − h(x_i))‖², normalized by log-sum-exp (max shift) in double;</li>
 *   <li>if N_eff = 1/Σw² ≤ {@code resample_threshold}·N: resample (multinomial, systematic, stratified or
 *       residual) and set w = 1/N; with {@code jitter} = reg &gt; 0, add N(0, h²Ĉ_w) to every particle of a
 *       duplicated group, h = reg·N^{−1/(d+4)}, Ĉ_w the weighted covariance with the pre-resampling
 *       weights and the unbiasing factor 1/(1 − Σw²) (uniform weights if 1 − Σw² &lt; 1e−5);</li>
 *   <li>otherwise the weights carry over to the next cycle.</li>
 * </ol>
 *
 * <p><b>Weights in the Filter API.</b> When the filter does not resample, the analysis is the weighted
 * ensemble: {@link #weights()} returns the normalized weights (always non-null; uniform right after a
 * resampling), and every statistic of the analysis (mean, spread, metrics) must use them. The members
 * keep their order through the forecast, so the same weights apply to the next forecast.
 *
 * <p>Inflation (default 1, off) scales the anomalies about the weighted mean. Jitter draws come from
 * the per-member FILTER streams, resampling from FILTER stream N. The jitter is sampled as L z with
 * z ~ N(0, I_d) and L Lᵀ = h²Ĉ_w (Cholesky, or the symmetric square root when Ĉ_w is singular) when
 * d &lt; N, and as ζᵀ C12 with ζ ~ N(0, I_N) otherwise (DAPPER's form): the same Gaussian law, at
 * O(d²) instead of O(Nd) per particle.
 */
public final class BootstrapParticleFilter implements Filter {
    /** DAPPER's degeneracy test for the jitter covariance: 1 − Σw² below this uses uniform weights. */
    static final double DEGENERATE_WEIGHTS = 1e-5;

    private final int n;
    private final Resampler resampler;
    private final double threshold;
    private final double jitter;
    private final double inflation;
    private final Parallel parallel;
    private final Gaussian[] memberNoise;
    private final UniformRandomProvider resampleRng;
    private final double[] w, logw, points, cdf;
    private final int[] idx;

    private final ObservedEnsemble oe = new ObservedEnsemble();
    private double[] copy = new double[0], mean = new double[0], chol = new double[0], zwT = new double[0];
    private double[] work = new double[0], draws = new double[0], jit = new double[0];
    private int factorCols;
    private final int[] dupList;
    /** Doubles of Gaussian draws per jitter chunk (bounded memory for large N·d). */
    private static final int JITTER_CHUNK_DOUBLES = 1 << 20;

    private SymmetricEigen eig;

    private boolean resampledLast;
    private double lastEffectiveSize;

    public BootstrapParticleFilter(int members, Resampler resampler, double resampleThreshold, double jitter,
                                   double inflation, RandomStreams streams, Parallel parallel) {
        this.n = Keys.members(members);
        this.resampler = Require.notNull("resampler", resampler);
        this.threshold = Require.inRange("resample_threshold", resampleThreshold, 0, 1);
        this.jitter = Require.nonNegative("jitter", jitter);
        this.inflation = Require.positive("inflation", inflation);
        this.parallel = parallel == null ? Parallel.common() : parallel;
        UniformRandomProvider[] rngs = Require.notNull("streams", streams).streams(RandomStreams.Purpose.FILTER, n + 1);
        this.memberNoise = new Gaussian[n];
        for (int i = 0; i < n; i++) memberNoise[i] = new Gaussian(rngs[i]);
        this.resampleRng = rngs[n];
        this.w = new double[n];
        this.logw = new double[n];
        this.points = new double[n];
        this.cdf = new double[n + 1];
        this.idx = new int[n];
        this.dupList = new int[n];
        java.util.Arrays.fill(w, 1.0 / n);
    }

    @Override
    public void initialize(Ensemble initial) {
        java.util.Arrays.fill(w, 1.0 / n);
    }

    @Override
    public void assimilate(Ensemble e, Observation obs) {
        if (e.members() != n) throw new IllegalArgumentException("ensemble has " + e.members() + " members: expected " + n);
        oe.computePredictedOnly(e, obs, parallel);
        int d = oe.d, p = oe.p;
        double[] pred = oe.predicted, y = obs.values(), r = obs.variances();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = 0;
            int o = i * p;
            for (int l = 0; l < p; l++) {
                double v = y[l] - pred[o + l];
                s += v * v / r[l];
            }
            logw[i] = Math.log(w[i]) - 0.5 * s;
            if (logw[i] > max) max = logw[i];
        }
        if (!(max > Double.NEGATIVE_INFINITY) || Double.isNaN(max))
            throw new IllegalStateException("particle log-weights are all -infinity or NaN (max = " + max + ")");
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(logw[i] - max);
            sum += w[i];
        }
        // sum >= 1: the largest weight is exp(0).
        for (int i = 0; i < n; i++) w[i] /= sum;
        lastEffectiveSize = Resampler.effectiveSize(w, n);
        resampledLast = lastEffectiveSize <= threshold * n;
        if (resampledLast) resample(e, d);
        if (inflation != 1.0) inflate(e, d);
    }

    private void resample(Ensemble e, int d) {
        double[] x = e.data();
        boolean jit = jitter > 0;
        if (jit) prepareJitter(x, d);
        resampler.resample(w, n, resampleRng, idx, points, cdf);
        if (copy.length < n * d) copy = new double[n * d];
        System.arraycopy(x, 0, copy, 0, n * d);
        for (int i = 0; i < n; i++) System.arraycopy(copy, idx[i] * d, x, i * d, d);
        java.util.Arrays.fill(w, 1.0 / n);
        if (!jit) return;
        // Members of a duplicated group (idx sorted): every copy, the first one included, is jittered.
        int dups = 0;
        for (int i = 0; i < n; i++) {
            boolean dup = (i > 0 && idx[i] == idx[i - 1]) || (i + 1 < n && idx[i] == idx[i + 1]);
            if (dup) dupList[dups++] = i;
        }
        addJitter(x, d, dups);
    }

    /** d &lt; N: sample the jitter through the d×d Cholesky factor (O(d²) per draw) rather than C12 (O(Nd)). */
    private boolean useCholesky(int d) {
        return d < n;
    }

    /**
     * The jitter factor B with B Bᵀ = h²Ĉ_w, Ĉ_w the weighted covariance with the pre-resampling weights
     * (uniform if 1 − Σw² &lt; {@value #DEGENERATE_WEIGHTS}) and the unbiasing factor 1/(1 − Σw²):
     * for d &lt; N the Cholesky factor L of h²Ĉ_w (d×d; the symmetric square root if Ĉ_w is singular),
     * else h·C12ᵀ (d×N, DAPPER's raw square root, column i = √(ub w_i)(x_i − x̄_w)).
     */
    private void prepareJitter(double[] x, int d) {
        double sw2 = 0;
        for (int i = 0; i < n; i++) sw2 += w[i] * w[i];
        boolean degenerate = 1 - sw2 < DEGENERATE_WEIGHTS;
        double[] ww = degenerate ? points : w; // points is free until resample() overwrites it
        if (degenerate) {
            java.util.Arrays.fill(points, 0, n, 1.0 / n);
            sw2 = 1.0 / n;
        }
        double ub = 1 / (1 - sw2);
        double h = jitter * Math.pow(n, -1.0 / (d + 4));
        if (mean.length < d) mean = new double[d];
        org.enflow.kernel.Blas.weightedSumOfRows(ww, 0, x, 0, n, d, d, mean, 0);
        if (zwT.length < d * n) zwT = new double[d * n];
        for (int i = 0; i < n; i++) {
            double c = Math.sqrt(ub * ww[i]) * (useCholesky(d) ? 1 : h);
            int o = i * d;
            for (int k = 0; k < d; k++) zwT[k * n + i] = c * (x[o + k] - mean[k]);
        }
        factorCols = useCholesky(d) ? d : n;
        if (!useCholesky(d)) return; // factor = h C12ᵀ = zwT
        if (chol.length < d * d) chol = new double[d * d];
        org.enflow.kernel.Gram.compute(parallel, zwT, 0, d, zwT, 0, d, n, chol, gramWork(d, d, n));
        double h2 = h * h;
        for (int i = 0; i < d * d; i++) chol[i] *= h2;
        if (copy.length < n * d) copy = new double[n * d];
        System.arraycopy(chol, 0, copy, 0, d * d); // kept in case the factorization fails
        if (Cholesky.factor(chol, d) >= 0) symmetricRoot(d);
    }

    private double[] gramWork(int m, int nn, int len) {
        int need = org.enflow.kernel.Gram.workspaceLength(m, nn, len);
        if (work.length < need) work = new double[need];
        return work;
    }

    /** chol ← V diag(√max(λ, 0)) Vᵀ from the covariance saved in copy (for singular Ĉ_w). */
    private void symmetricRoot(int d) {
        if (eig == null || eig.capacity() < d) eig = new SymmetricEigen(d);
        eig.decompose(copy, d);
        double[] lam = eig.values(), vt = eig.vectorsT();
        java.util.Arrays.fill(chol, 0, d * d, 0.0);
        for (int m = 0; m < d; m++) {
            double s = Math.sqrt(Math.max(lam[m], 0));
            if (s == 0) continue;
            for (int k = 0; k < d; k++) org.enflow.kernel.Blas.axpy(s * vt[m * d + k], vt, m * d, chol, k * d, d);
        }
    }

    /** Rows of the jitter factor: L (d rows of length d) or h·C12ᵀ (d rows of length N). */
    private double[] factorRows(int d) {
        return useCholesky(d) ? chol : zwT;
    }

    /**
     * x_i += B z_i for the duplicated members, z_i ~ N(0, I) of length {@link #factorCols} from member i's
     * own stream; in chunks, each a Gram panel J = Z Bᵀ.
     */
    private void addJitter(double[] x, int d, int dups) {
        int cols = factorCols;
        double[] bm = factorRows(d);
        int chunk = Math.max(1, Math.min(dups, JITTER_CHUNK_DOUBLES / Math.max(cols, d)));
        if (draws.length < chunk * cols) draws = new double[chunk * cols];
        if (jit.length < chunk * d) jit = new double[chunk * d];
        for (int c0 = 0; c0 < dups; c0 += chunk) {
            int m = Math.min(chunk, dups - c0), base = c0;
            parallel.forRange(m, Math.max(1, 100_000 / cols), (b, from, to) -> {
                for (int r = from; r < to; r++) memberNoise[dupList[base + r]].fill(draws, r * cols, cols);
            });
            org.enflow.kernel.Gram.compute(parallel, draws, 0, m, bm, 0, d, cols, jit, gramWork(m, d, cols));
            for (int r = 0; r < m; r++) org.enflow.kernel.Blas.axpy(1.0, jit, r * d, x, dupList[base + r] * d, d);
        }
    }

    private void inflate(Ensemble e, int d) {
        double[] x = e.data();
        if (mean.length < d) mean = new double[d];
        Moments.weightedMean(x, n, d, w, mean);
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int k = 0; k < d; k++) x[o + k] = mean[k] + inflation * (x[o + k] - mean[k]);
        }
    }

    @Override
    public double[] weights() {
        return w;
    }

    /** Whether the last analysis resampled. */
    public boolean resampledLast() {
        return resampledLast;
    }

    /** N_eff = 1/Σw² of the last analysis, before any resampling. */
    public double lastEffectiveSize() {
        return lastEffectiveSize;
    }

    @Override
    public String describe() {
        return "bpf(N=" + n + ", " + resampler.name().toLowerCase() + ", threshold=" + threshold + ", jitter=" + jitter
                + (inflation != 1 ? ", inflation=" + inflation : "") + ")";
    }

    /** Factory for {@code --filter bpf}. */
    public static final class Factory implements FilterFactory {
        @Override
        public String name() {
            return "bpf";
        }

        @Override
        public String description() {
            return "bootstrap particle filter: weights carried across cycles, resampling at N_eff/N <= threshold, optional jitter";
        }

        @Override
        public List<FilterParameter> parameters() {
            return List.of(
                    new FilterParameter(Keys.RESAMPLER, "systematic", "multinomial, systematic, stratified or residual"),
                    new FilterParameter(Keys.RESAMPLE_THRESHOLD, "1.0",
                            "resample when N_eff/N <= this (DAPPER NER; 1 = every cycle)"),
                    new FilterParameter(Keys.JITTER, "0",
                            "regularization reg: jitter N(0, h^2 C_w), h = reg N^(-1/(d+4)), on duplicated particles; 0 = none"),
                    Keys.INFLATION_PARAM);
        }

        @Override
        public Filter create(FilterContext c, FilterSettings s) {
            return new BootstrapParticleFilter(c.members(), Resampler.parse(s.string(Keys.RESAMPLER)),
                    s.number(Keys.RESAMPLE_THRESHOLD), s.number(Keys.JITTER), s.positive(Keys.INFLATION), c.streams(),
                    Keys.parallel(c));
        }
    }
}
