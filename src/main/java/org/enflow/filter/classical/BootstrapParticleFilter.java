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
    private final boolean[] duplicated;
    private final ObservedEnsemble oe = new ObservedEnsemble();
    private double[] copy = new double[0], mean = new double[0], chol = new double[0], z = new double[0];
    
    private SymmetricEigen eig;
    private boolean triangular;
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
        this.duplicated = new boolean[n];
        java.util.Arrays.fill(w, 1.0 / n);
    }

    @Override
    public void initialize(Ensemble initial) {
        java.util.Arrays.fill(w, 1.0 / n);
    }

    @Override
    public void assimilate(Ensemble e, Observation obs) {
        if (e.members() != n) throw new IllegalArgumentException("ensemble has " + e.members() + " members: expected " + n);
        oe.compute(e, obs, parallel, false);
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
        for (int i = 0; i < n; i++)
            duplicated[i] = (i > 0 && idx[i] == idx[i - 1]) || (i + 1 < n && idx[i] == idx[i + 1]);
        final int dd = d;
        parallel.forRange(n, Math.max(1, (1 << 16) / Math.max(1, useCholesky(d) ? d * d : n * d)), (b, from, to) -> {
            for (int i = from; i < to; i++) if (duplicated[i]) addJitter(x, i, dd);
        });
    }

    private boolean useCholesky(int d) {
        return d < n;
    }

    /** Scaled square root of the weighted covariance with the pre-resampling weights. */
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
        Moments.weightedMean(x, n, d, ww, mean);
        if (useCholesky(d)) {
            if (chol.length < d * d) chol = new double[d * d];
            java.util.Arrays.fill(chol, 0, d * d, 0.0);
            if (z.length < d) z = new double[d];
            for (int i = 0; i < n; i++) {
                double c = ub * ww[i];
                if (c == 0) continue;
                int o = i * d;
                for (int k = 0; k < d; k++) z[k] = x[o + k] - mean[k];
                for (int k = 0; k < d; k++) {
                    double ck = c * z[k];
                    int row = k * d;
                    for (int m = 0; m <= k; m++) chol[row + m] += ck * z[m];
                }
            }
            double h2 = h * h;
            for (int k = 0; k < d; k++) for (int m = 0; m <= k; m++) chol[k * d + m] *= h2;
            if (copy.length < n * d) copy = new double[n * d];
            System.arraycopy(chol, 0, copy, 0, d * d); // keep Ĉ in case the factorization fails
            triangular = true;
            if (Cholesky.factor(chol, d) >= 0) {
                triangular = false;
                symmetricRoot(d);
            }
        } else {
            // Rows of C12: h √(ub w_i) (x_i − x̄_w), sampled as ζᵀ C12.
            if (chol.length < n * d) chol = new double[n * d];
            for (int i = 0; i < n; i++) {
                double c = h * Math.sqrt(ub * ww[i]);
                int o = i * d;
                for (int k = 0; k < d; k++) chol[o + k] = c * (x[o + k] - mean[k]);
            }
        }
    }

    /** chol ← V diag(√max(λ, 0)) Vᵀ from the covariance saved in copy (for singular Ĉ_w). */
    private void symmetricRoot(int d) {
        if (eig == null || eig.capacity() < d) eig = new SymmetricEigen(d);
        for (int k = 0; k < d; k++) for (int m = 0; m < k; m++) copy[m * d + k] = copy[k * d + m];
        eig.decompose(copy, d);
        double[] lam = eig.values(), vt = eig.vectorsT();
        java.util.Arrays.fill(chol, 0, d * d, 0.0);
        for (int m = 0; m < d; m++) {
            double s = Math.sqrt(Math.max(lam[m], 0));
            if (s == 0) continue;
            for (int k = 0; k < d; k++) {
                double v = s * vt[m * d + k];
                for (int j = 0; j < d; j++) chol[k * d + j] += v * vt[m * d + j];
            }
        }
    }

    private void addJitter(double[] x, int i, int d) {
        Gaussian g = memberNoise[i];
        int o = i * d;
        if (useCholesky(d)) {
            // x_i += L z with z ~ N(0, I_d) drawn into this member's (no longer needed) row of the copy.
            g.fill(copy, o, d);
            for (int k = 0; k < d; k++) {
                int row = k * d, end = triangular ? k + 1 : d;
                double s = 0;
                for (int m = 0; m < end; m++) s += chol[row + m] * copy[o + m];
                x[o + k] += s;
            }
        } else {
            for (int j = 0; j < n; j++) {
                double zeta = g.next();
                int c = j * d;
                for (int k = 0; k < d; k++) x[o + k] += zeta * chol[c + k];
            }
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
