package org.enflow.filter.flowdas;

import java.util.Arrays;
import org.enflow.kernel.Require;

/**
 * The affine coordinates u = (x − shift)/scale in which a transition drift and the interpolant SDE live
 * (upstream FlowDAS normalizes Lorenz-63 by shift (0, 0, 25) and scale (8, 9, 8.6)); ε is measured in
 * these units.
 */
public record Normalization(double[] shift, double[] scale) {
    public Normalization {
        Require.allFinite("shift", Require.notNull("shift", shift));
        Require.allFinite("scale", Require.length("scale", scale, shift.length));
        for (int c = 0; c < scale.length; c++) Require.positive("scale[" + c + "]", scale[c]);
        shift = shift.clone();
        scale = scale.clone();
    }

    /** u = x. */
    public static Normalization identity(int dim) {
        double[] one = new double[Require.positive("dim", dim)];
        Arrays.fill(one, 1);
        return new Normalization(new double[dim], one);
    }

    /**
     * Per-coordinate mean and standard deviation of {@code count} states (row-major, d each): the
     * climatological normalization. Sums run in row order (deterministic).
     */
    public static Normalization ofStates(double[] states, int count, int dim) {
        Require.positive("count", count);
        Require.positive("dim", dim);
        double[] mean = new double[dim], sd = new double[dim];
        for (int i = 0; i < count; i++) for (int c = 0; c < dim; c++) mean[c] += states[i * dim + c];
        for (int c = 0; c < dim; c++) mean[c] /= count;
        for (int i = 0; i < count; i++) for (int c = 0; c < dim; c++) {
            double e = states[i * dim + c] - mean[c];
            sd[c] += e * e;
        }
        for (int c = 0; c < dim; c++) {
            sd[c] = Math.sqrt(sd[c] / Math.max(1, count - 1));
            if (!(sd[c] > 0)) throw new IllegalArgumentException("state component " + c + " does not vary over " + count
                    + " states: cannot normalize it");
        }
        return new Normalization(mean, sd);
    }

    public int dim() {
        return shift.length;
    }

    @Override
    public double[] shift() {
        return shift.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    /** u[uOff..] = (x[xOff..] − shift)/scale for one state. */
    public void toUnits(double[] x, int xOff, double[] u, int uOff) {
        for (int c = 0; c < shift.length; c++) u[uOff + c] = (x[xOff + c] - shift[c]) / scale[c];
    }

    /** x[xOff..] = shift + scale·u[uOff..] for one state. */
    public void fromUnits(double[] u, int uOff, double[] x, int xOff) {
        for (int c = 0; c < shift.length; c++) x[xOff + c] = shift[c] + scale[c] * u[uOff + c];
    }

    /** The scale of coordinate c (a gradient in x times scale is the gradient in u). */
    public double scale(int c) {
        return scale[c];
    }

    public double shift(int c) {
        return shift[c];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(shift, n.shift) && Arrays.equals(scale, n.scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shift) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Normalization[shift=" + Arrays.toString(shift) + ", scale=" + Arrays.toString(scale) + "]";
    }
}
