package org.enflow.filter.classical;

import org.enflow.observe.ObservationOperator;

/** Test-local observation operators (the observe package's own land separately). */
final class TestOperators {
    private TestOperators() {}

    /** Observes components offset, offset + every, offset + 2·every, … of a d-vector. */
    static ObservationOperator every(int d, int every, int offset) {
        int p = (d - offset + every - 1) / every;
        int[] idx = new int[p];
        for (int l = 0; l < p; l++) idx[l] = offset + l * every;
        return select(d, idx);
    }

    static ObservationOperator identity(int d) {
        return every(d, 1, 0);
    }

    /** Observes the listed components. */
    static ObservationOperator select(int d, int... idx) {
        double[] pos = new double[idx.length];
        for (int l = 0; l < idx.length; l++) pos[l] = idx[l];
        return new ObservationOperator() {
            @Override
            public int inputDim() {
                return d;
            }

            @Override
            public int outputDim() {
                return idx.length;
            }

            @Override
            public void apply(double[] x, int xOff, double[] y, int yOff) {
                for (int l = 0; l < idx.length; l++) y[yOff + l] = x[xOff + idx[l]];
            }

            @Override
            public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
                java.util.Arrays.fill(out, outOff, outOff + d, 0.0);
                for (int l = 0; l < idx.length; l++) out[outOff + idx[l]] += r[rOff + l];
            }

            @Override
            public double[] positions() {
                return pos.clone();
            }

            @Override
            public String describe() {
                return "select" + java.util.Arrays.toString(idx);
            }
        };
    }

    /** A linear operator with an arbitrary dense matrix H (p×d) and the given positions. */
    static ObservationOperator matrix(double[] h, int p, int d, double[] positions) {
        return new ObservationOperator() {
            @Override
            public int inputDim() {
                return d;
            }

            @Override
            public int outputDim() {
                return p;
            }

            @Override
            public void apply(double[] x, int xOff, double[] y, int yOff) {
                for (int l = 0; l < p; l++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) s += h[l * d + k] * x[xOff + k];
                    y[yOff + l] = s;
                }
            }

            @Override
            public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
                for (int k = 0; k < d; k++) {
                    double s = 0;
                    for (int l = 0; l < p; l++) s += h[l * d + k] * r[rOff + l];
                    out[outOff + k] = s;
                }
            }

            @Override
            public double[] positions() {
                return positions.clone();
            }

            @Override
            public String describe() {
                return "matrix(" + p + "x" + d + ")";
            }
        };
    }

    /** Componentwise arctan of the observed components: a nonlinear operator. */
    static ObservationOperator arctan(int d) {
        return new ObservationOperator() {
            @Override
            public int inputDim() {
                return d;
            }

            @Override
            public int outputDim() {
                return d;
            }

            @Override
            public void apply(double[] x, int xOff, double[] y, int yOff) {
                for (int k = 0; k < d; k++) y[yOff + k] = Math.atan(x[xOff + k]);
            }

            @Override
            public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
                for (int k = 0; k < d; k++) out[outOff + k] = r[rOff + k] / (1 + x[xOff + k] * x[xOff + k]);
            }

            @Override
            public double[] positions() {
                double[] p = new double[d];
                for (int k = 0; k < d; k++) p[k] = k;
                return p;
            }

            @Override
            public String describe() {
                return "arctan";
            }
        };
    }
}
