package org.enflow.observe;

import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Require;

/**
 * Gaussian observation noise ε ~ N(0, R), R diagonal, for one operator h: draws synthetic observations
 * y = h(x_true) + ε (protocol.md §1.2) and observation perturbations (EnKF-PO).
 *
 * <p>Noise is masked with the operator's {@link ObservationOperator#likelihoodWeights() weights}:
 * ε_l = w_l·√R_l·ξ_l. For a ZeroMask operator both h_l(x) and ε_l are exactly 0 at unobserved entries,
 * so y_l = 0 there and those entries contribute exactly 0 to ½ Σ (y − h(x))²/R (models.md §6).
 * One standard normal ξ_l is drawn for every output l in order, masked or not, so the stream advances
 * by exactly p = outputDim draws per call.
 */
public final class ObservationNoise {
    private final ObservationOperator operator;
    private final double[] variances;
    /** w_l √R_l. */
    private final double[] scales;

    /** Diagonal R given as one variance per output (finite, &gt; 0). */
    public ObservationNoise(ObservationOperator operator, double[] variances) {
        Require.notNull("operator", operator);
        Require.length("variances", variances, operator.outputDim());
        double[] w = operator.likelihoodWeights();
        this.operator = operator;
        this.variances = variances.clone();
        this.scales = new double[variances.length];
        for (int l = 0; l < variances.length; l++) {
            if (!(variances[l] > 0) || Double.isInfinite(variances[l]))
                throw new IllegalArgumentException("variances[" + l + "] = " + variances[l] + ": expected a finite number > 0");
            scales[l] = w[l] * Math.sqrt(variances[l]);
        }
    }

    /** R = σ² I. */
    public static ObservationNoise withSigma(ObservationOperator operator, double sigma) {
        Require.notNull("operator", operator);
        Require.positive("sigma", sigma);
        double[] v = new double[operator.outputDim()];
        java.util.Arrays.fill(v, sigma * sigma);
        return new ObservationNoise(operator, v);
    }

    public ObservationOperator operator() {
        return operator;
    }

    /** The diagonal of R (a copy). */
    public double[] variances() {
        return variances.clone();
    }

    /** y[off .. off+p) += ε with ε_l = w_l √R_l ξ_l. Allocation-free. */
    public void addTo(double[] y, int off, Gaussian gaussian) {
        Require.notNull("gaussian", gaussian);
        ElementwiseOperator.checkSpan("y", y, off, scales.length);
        for (int l = 0; l < scales.length; l++) y[off + l] += scales[l] * gaussian.next();
    }

    /**
     * A synthetic observation y = h(x_true) + ε of the state {@code truth[truthOff .. truthOff+d)}, with
     * noise drawn from rng (the OBSERVATIONS stream in a twin experiment).
     */
    public Observation observe(double[] truth, int truthOff, UniformRandomProvider rng) {
        Require.notNull("rng", rng);
        ElementwiseOperator.checkSpan("truth", truth, truthOff, operator.inputDim());
        double[] y = new double[operator.outputDim()];
        operator.apply(truth, truthOff, y, 0);
        addTo(y, 0, new Gaussian(rng));
        return new Observation(y, operator, variances.clone());
    }
}
