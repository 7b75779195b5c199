package org.enflow.filter.generative;

import org.enflow.observe.ObservationOperator;

/** Test-local observation operators: componentwise identity/arctan/selection and a dense linear map. */
final class TestOperators {
    private TestOperators() {}

    /** h_k(x) = φ(x_{offset + k·stride}) for k < p; componentwise. */
    static class Componentwise implements ObservationOperator {
        final int d, stride, offset, p;
        final boolean arctan;

        Componentwise(int d, int stride, int offset, boolean arctan) {
            this.d = d;
            this.stride = stride;
            this.offset = offset;
            this.p = (d - offset + stride - 1) / stride;
            this.arctan = arctan;
        }

        double phi(double x) {
            return arctan ? Math.atan(x) : x;
        }

        double slope(double x) {
            return arctan ? 1.0 / (1.0 + x * x) : 1.0;
        }

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
            for (int k = 0; k < p; k++) y[yOff + k] = phi(x[xOff + offset + k * stride]);
        }

        @Override
        public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
            java.util.Arrays.fill(out, outOff, outOff + d, 0.0);
            for (int k = 0; k < p; k++) {
                int c = offset + k * stride;
                out[outOff + c] = slope(x[xOff + c]) * r[rOff + k];
            }
        }

        @Override
        public double[] positions() {
            double[] pos = new double[p];
            for (int k = 0; k < p; k++) pos[k] = offset + k * stride;
            return pos;
        }

        @Override
        public String describe() {
            return (arctan ? "arctan" : "identity") + "/" + stride + "+" + offset;
        }

        @Override
        public boolean isComponentwise() {
            return true;
        }

        @Override
        public void adjointResidualBlock(double[] x, int xOff, int from, int to, double[] y, double[] w, double[] out, int outOff) {
            for (int c = from; c < to; c++) {
                int rel = c - offset;
                double xv = x[xOff + c - from];
                if (rel >= 0 && rel % stride == 0) {
                    int k = rel / stride;
                    out[outOff + c - from] = slope(xv) * w[k] * (y[k] - phi(xv));
                } else {
                    out[outOff + c - from] = 0.0;
                }
            }
        }
    }

    static ObservationOperator identity(int d) {
        return new Componentwise(d, 1, 0, false);
    }

    static ObservationOperator arctan(int d) {
        return new Componentwise(d, 1, 0, true);
    }

    /** Every second component (1, 3, 5, …), through arctan or not. */
    static ObservationOperator everySecond(int d, boolean arctan) {
        return new Componentwise(d, 2, 1, arctan);
    }

    /** The same operator with isComponentwise() hidden: forces the whole-vector guidance path. */
    static ObservationOperator general(ObservationOperator op) {
        return new ObservationOperator() {
            @Override
            public int inputDim() {
                return op.inputDim();
            }

            @Override
            public int outputDim() {
                return op.outputDim();
            }

            @Override
            public void apply(double[] x, int xOff, double[] y, int yOff) {
                op.apply(x, xOff, y, yOff);
            }

            @Override
            public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
                op.adjoint(x, xOff, r, rOff, out, outOff);
            }

            @Override
            public double[] positions() {
                return op.positions();
            }

            @Override
            public String describe() {
                return "general(" + op.describe() + ")";
            }
        };
    }

    /** h(x) = H x with a dense p×d matrix (row-major): not componentwise. */
    static ObservationOperator linear(double[] h, int p, int d) {
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
                for (int k = 0; k < p; k++) {
                    double s = 0;
                    for (int c = 0; c < d; c++) s += h[k * d + c] * x[xOff + c];
                    y[yOff + k] = s;
                }
            }

            @Override
            public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
                for (int c = 0; c < d; c++) {
                    double s = 0;
                    for (int k = 0; k < p; k++) s += h[k * d + c] * r[rOff + k];
                    out[outOff + c] = s;
                }
            }

            @Override
            public double[] positions() {
                return new double[p];
            }

            @Override
            public String describe() {
                return "linear(" + p + "x" + d + ")";
            }
        };
    }
}
