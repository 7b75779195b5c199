package org.enflow.observe;

import org.enflow.kernel.Require;

/**
 * One observation: values y, the operator h that produced them from the state, and the Gaussian noise
 * variances (diagonal R). Immutable from the filter's point of view: filters never write into it.
 */
public final class Observation {
    private final double[] values;
    private final ObservationOperator operator;
    private final double[] variances;

    /** Diagonal R given as per-component variances. */
    public Observation(double[] values, ObservationOperator operator, double[] variances) {
        Require.notNull("operator", operator);
        Require.length("values", values, operator.outputDim());
        Require.allFinite("values", values);
        Require.length("variances", variances, operator.outputDim());
        for (int l = 0; l < variances.length; l++) {
            if (!(variances[l] > 0) || Double.isInfinite(variances[l]))
                throw new IllegalArgumentException("variances[" + l + "] = " + variances[l] + ": expected a finite number > 0");
        }
        this.values = values;
        this.operator = operator;
        this.variances = variances;
    }

    /** R = sigma^2 I. */
    public static Observation withSigma(double[] values, ObservationOperator operator, double sigma) {
        Require.positive("sigma", sigma);
        Require.notNull("operator", operator);
        double[] v = new double[operator.outputDim()];
        java.util.Arrays.fill(v, sigma * sigma);
        return new Observation(values, operator, v);
    }

    public double[] values() {
        return values;
    }

    public ObservationOperator operator() {
        return operator;
    }

    /** Diagonal of R. */
    public double[] variances() {
        return variances;
    }

    public int dim() {
        return values.length;
    }
}
