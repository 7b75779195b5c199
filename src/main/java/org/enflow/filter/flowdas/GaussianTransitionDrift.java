package org.enflow.filter.flowdas;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;
import org.enflow.model.Model;
import org.enflow.model.NoisyModel;

/**
 * The exact drift for a Gaussian transition x₁ | x₀ ~ N(m(x₀), diag(c²)) (flowdas.md §3), per
 * coordinate and in normalized units:
 *
 * <pre>
 *   b(s, x, x₀) = −x₀ + 2s·m + κ_b(s)·(x − (1−s)x₀ − s²m),
 *   κ_b(s) = (2s³c² − ε²s(1−s)) / (s⁴c² + ε²s(1−s)²)       (Gaussian conditioning: Cov(R_s, I_s)/Var(I_s))
 * </pre>
 *
 * Its input Jacobian is κ_b(s)·I, so the guidance's vector–Jacobian products are exact and cheap. The
 * conditioning of a member is (x₀, m(x₀)), both normalized: the mean map runs once per cycle for the
 * whole ensemble.
 */
public final class GaussianTransitionDrift implements TransitionDrift {
    /** The mean map m of the transition, in the state's own (raw) coordinates, for many states at once. */
    @FunctionalInterface
    public interface MeanMap {
        /** m[i·d ..] = m(x0[i·d ..]) for i &lt; members. */
        void mean(double[] x0, double[] m, int members, Parallel parallel);
    }

    private final int dim;
    private final MeanMap mean;
    private final double[] c; // normalized units
    private final StochasticInterpolant interpolant;
    private final Normalization normalization;
    private final String description;
    private double[] raw = new double[0], rawMean = new double[0];

    /**
     * @param c the transition's std per coordinate in raw units (all &gt; 0)
     */
    public GaussianTransitionDrift(int dim, MeanMap mean, double[] c, StochasticInterpolant interpolant,
                                   Normalization normalization, String description) {
        this.dim = Require.positive("dim", dim);
        this.mean = Require.notNull("mean", mean);
        Require.length("c", c, dim);
        this.interpolant = Require.notNull("interpolant", interpolant);
        this.normalization = Require.notNull("normalization", normalization);
        if (normalization.dim() != dim)
            throw new IllegalArgumentException("normalization dim = " + normalization.dim() + ": expected " + dim);
        this.c = new double[dim];
        for (int k = 0; k < dim; k++) this.c[k] = Require.positive("c[" + k + "]", c[k]) / normalization.scale(k);
        this.description = description == null ? "gaussian" : description;
    }

    /**
     * The closed form of a model with additive Gaussian process noise ({@link NoisyModel}, q &gt; 0) over
     * one model step: m = one step of the noise-free inner model, c = q in every coordinate. Several model
     * steps per transition do not give a Gaussian transition: use a trained drift there.
     */
    public static GaussianTransitionDrift forModel(Model model, int stepsPerTransition, StochasticInterpolant interpolant,
                                                   Normalization normalization) {
        Require.notNull("model", model);
        if (!(model instanceof NoisyModel noisy) || noisy.q() == 0)
            throw new IllegalArgumentException("drift=closed-form needs a Gaussian transition, i.e. a model with process noise "
                    + "(--process-noise q > 0); model " + model.describe() + " has none: train a drift (enflow train-drift) and "
                    + "use --set drift=FILE");
        if (stepsPerTransition != 1)
            throw new IllegalArgumentException("drift=closed-form needs one model step per cycle (a Gaussian transition); "
                    + "this run has " + stepsPerTransition + " (--obs-every): train a drift (enflow train-drift) and use --set drift=FILE");
        Model inner = noisy.inner();
        int d = model.dim();
        double[] c = new double[d];
        java.util.Arrays.fill(c, noisy.q());
        MeanMap m = (x0, out, members, parallel) -> {
            System.arraycopy(x0, 0, out, 0, members * d);
            inner.advance(Ensemble.wrap(members, d, out), 0.0, 1);
        };
        return new GaussianTransitionDrift(d, m, c, interpolant, normalization, "closed-form(" + inner.describe() + ", c=" + noisy.q() + ")");
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public StochasticInterpolant interpolant() {
        return interpolant;
    }

    @Override
    public Normalization normalization() {
        return normalization;
    }

    /** The transition std per coordinate, normalized units. */
    public double c(int k) {
        return c[k];
    }

    @Override
    public int conditionWidth() {
        return 2 * dim;
    }

    /** out_i = (x₀_i, (m(x₀_i) − shift)/scale), normalized. */
    @Override
    public synchronized void condition(double[] x0, int members, double[] out, Parallel parallel) {
        int n = members * dim;
        if (raw.length != n) { // the ensemble size is fixed: allocated once
            raw = new double[n];
            rawMean = new double[n];
        }
        double[] x = raw, m = rawMean;
        for (int i = 0; i < members; i++) normalization.fromUnits(x0, i * dim, x, i * dim);
        mean.mean(x, m, members, parallel);
        for (int i = 0; i < members; i++) {
            System.arraycopy(x0, i * dim, out, i * 2 * dim, dim);
            normalization.toUnits(m, i * dim, out, i * 2 * dim + dim);
        }
    }

    @Override
    public Evaluator evaluator(int maxRows) {
        Require.positive("maxRows", maxRows);
        return new ClosedFormEvaluator();
    }

    @Override
    public String describe() {
        return description;
    }

    private final class ClosedFormEvaluator implements Evaluator {
        private final double[] kappa = new double[dim];
        private double lastS = Double.NaN;
        private int rows;

        @Override
        public void drift(double s, double[] x, int xOff, int rows, double[] cond, int condOff, double[] out, int outOff) {
            if (s != lastS) {
                for (int k = 0; k < dim; k++) kappa[k] = interpolant.kappaDrift(s, c[k]);
                lastS = s;
            }
            this.rows = rows;
            double a = 1 - s, s2 = s * s;
            for (int r = 0; r < rows; r++) {
                int xo = xOff + r * dim, oo = outOff + r * dim;
                for (int k = 0; k < dim; k++) {
                    double x0 = cond[condOff + k], m = cond[condOff + dim + k];
                    out[oo + k] = -x0 + 2 * s * m + kappa[k] * (x[xo + k] - a * x0 - s2 * m);
                }
            }
        }

        @Override
        public void adjoint(double[] g, int gOff, double[] out, int outOff) {
            for (int r = 0; r < rows; r++)
                for (int k = 0; k < dim; k++) out[outOff + r * dim + k] = kappa[k] * g[gOff + r * dim + k];
        }
    }
}
