package org.enflow.observe;

import org.enflow.kernel.Vectorization;

/**
 * A scalar function f applied elementwise, with its derivative f'. Every map here satisfies f(0) = 0
 * exactly and has a finite f'(0): that is what lets {@link ElementwiseOperator} move selections and
 * 0/1 masks in front of any chain of maps (f(m·x) = m·f(x) for m ∈ {0, 1}).
 *
 * <p>Each subclass writes its own array loops so that every loop body is monomorphic and the JIT inlines
 * the scalar function into it; a shared loop calling a virtual {@code value(v)} would not inline once
 * several maps are in use.
 */
abstract class ScalarMap {
    /** f(v). */
    abstract double value(double v);

    /** f'(v). */
    abstract double slope(double v);

    /** out[outOff + i] = f(in[inOff + i]) for i &lt; n. The two ranges may be identical (in place). */
    abstract void map(double[] in, int inOff, double[] out, int outOff, int n);

    /** One chain-rule step, in place: g[gOff + i] *= f'(v[vOff + i]); v[vOff + i] = f(v[vOff + i]). */
    abstract void advance(double[] v, int vOff, double[] g, int gOff, int n);

    /** out[outOff + i] = g[gOff + i] · f'(v[vOff + i]). out may be the same range as g. */
    abstract void scaleBySlope(double[] v, int vOff, double[] g, int gOff, double[] out, int outOff, int n);

    /** The stage's name in the spec grammar, e.g. "arctan" or "power:3". */
    abstract String spec();

    /**
     * out[outOff + i] = f'(x_i)·(w_i·(y_i − f(x_i))) with x_i = x[xOff + i], y_i = y[yOff + i], w_i = w[wOff + i]:
     * the adjoint residual of the pointwise operator in one pass, bit-identical to {@link #advance} on a unit
     * gradient followed by the product. Returns false, writing nothing, for maps without such a kernel.
     */
    boolean adjointResidual(double[] x, int xOff, double[] y, int yOff, double[] w, int wOff, double[] out, int outOff, int n) {
        return false;
    }

    @Override
    public String toString() {
        return spec();
    }

    /**
     * y = atan(x); the main nonlinear observation of the EnFF/EnSF experiments. Evaluated by
     * {@link ArcTanScalar}/{@link ArcTanVector} (bit-identical to each other, ≤ 2 ulp), not Math.atan:
     * 25× faster with the Vector API and independent of what the JIT has compiled.
     */
    static final class ArcTan extends ScalarMap {
        private static final boolean VECTOR = Vectorization.enabled();

        @Override
        double value(double v) {
            return ArcTanScalar.atan(v);
        }

        @Override
        double slope(double v) {
            return 1.0 / (v * v + 1.0);
        }

        @Override
        void map(double[] in, int inOff, double[] out, int outOff, int n) {
            if (VECTOR) ArcTanVector.map(in, inOff, out, outOff, n);
            else ArcTanScalar.map(in, inOff, out, outOff, n);
        }

        @Override
        void advance(double[] v, int vOff, double[] g, int gOff, int n) {
            if (VECTOR) ArcTanVector.advance(v, vOff, g, gOff, n);
            else ArcTanScalar.advance(v, vOff, g, gOff, n);
        }

        @Override
        void scaleBySlope(double[] v, int vOff, double[] g, int gOff, double[] out, int outOff, int n) {
            for (int i = 0; i < n; i++) {
                double x = v[vOff + i];
                out[outOff + i] = g[gOff + i] / (x * x + 1.0);
            }
        }

        @Override
        String spec() {
            return "arctan";
        }

        @Override
        boolean adjointResidual(double[] x, int xOff, double[] y, int yOff, double[] w, int wOff, double[] out, int outOff, int n) {
            if (VECTOR) ArcTanVector.adjointResidual(x, xOff, y, yOff, w, wOff, out, outOff, n);
            else ArcTanScalar.adjointResidual(x, xOff, y, yOff, w, wOff, out, outOff, n);
            return true;
        }
    }

    /** y = tanh(x), f' = 1 − tanh²(x). */
    static final class Tanh extends ScalarMap {
        @Override
        double value(double v) {
            return Math.tanh(v);
        }

        @Override
        double slope(double v) {
            double t = Math.tanh(v);
            return 1.0 - t * t;
        }

        @Override
        void map(double[] in, int inOff, double[] out, int outOff, int n) {
            for (int i = 0; i < n; i++) out[outOff + i] = Math.tanh(in[inOff + i]);
        }

        @Override
        void advance(double[] v, int vOff, double[] g, int gOff, int n) {
            for (int i = 0; i < n; i++) {
                double t = Math.tanh(v[vOff + i]);
                g[gOff + i] *= 1.0 - t * t;
                v[vOff + i] = t;
            }
        }

        @Override
        void scaleBySlope(double[] v, int vOff, double[] g, int gOff, double[] out, int outOff, int n) {
            for (int i = 0; i < n; i++) {
                double t = Math.tanh(v[vOff + i]);
                out[outOff + i] = g[gOff + i] * (1.0 - t * t);
            }
        }

        @Override
        String spec() {
            return "tanh";
        }
    }

    /**
     * y = c·x for a finite constant c, f' = c: a change of units before a nonlinear map, e.g. the FlowDAS
     * Lorenz-63 observation atan(x/8) is "scale:0.125&gt;arctan".
     */
    static final class Scale extends ScalarMap {
        private final double c;

        Scale(double c) {
            if (!Double.isFinite(c)) throw new IllegalArgumentException("c = " + c + ": expected a finite number");
            this.c = c;
        }

        @Override
        double value(double v) {
            return c * v;
        }

        @Override
        double slope(double v) {
            return c;
        }

        @Override
        void map(double[] in, int inOff, double[] out, int outOff, int n) {
            double k = c;
            for (int i = 0; i < n; i++) out[outOff + i] = k * in[inOff + i];
        }

        @Override
        void advance(double[] v, int vOff, double[] g, int gOff, int n) {
            double k = c;
            for (int i = 0; i < n; i++) {
                g[gOff + i] *= k;
                v[vOff + i] *= k;
            }
        }

        @Override
        void scaleBySlope(double[] v, int vOff, double[] g, int gOff, double[] out, int outOff, int n) {
            double k = c;
            for (int i = 0; i < n; i++) out[outOff + i] = g[gOff + i] * k;
        }

        @Override
        String spec() {
            return "scale:" + c;
        }
    }

    /** y = x². Kept apart from {@link Power} because it is the common case and needs no loop. */
    static final class Square extends ScalarMap {
        @Override
        double value(double v) {
            return v * v;
        }

        @Override
        double slope(double v) {
            return 2.0 * v;
        }

        @Override
        void map(double[] in, int inOff, double[] out, int outOff, int n) {
            for (int i = 0; i < n; i++) {
                double x = in[inOff + i];
                out[outOff + i] = x * x;
            }
        }

        @Override
        void advance(double[] v, int vOff, double[] g, int gOff, int n) {
            for (int i = 0; i < n; i++) {
                double x = v[vOff + i];
                g[gOff + i] *= 2.0 * x;
                v[vOff + i] = x * x;
            }
        }

        @Override
        void scaleBySlope(double[] v, int vOff, double[] g, int gOff, double[] out, int outOff, int n) {
            for (int i = 0; i < n; i++) out[outOff + i] = g[gOff + i] * (2.0 * v[vOff + i]);
        }

        @Override
        String spec() {
            return "square";
        }
    }

    /**
     * y = x^p for an integer p ≥ 1, by repeated squaring: exact sign for negative x (a real-exponent
     * pow would give NaN there, the upstream {@code Pow} pitfall) and no libm call.
     */
    static final class Power extends ScalarMap {
        private final int p;

        Power(int p) {
            if (p < 1) throw new IllegalArgumentException("p = " + p + ": expected an integer >= 1");
            this.p = p;
        }

        static double integerPower(double x, int n) {
            double result = 1.0;
            double base = x;
            while (n > 0) {
                if ((n & 1) != 0) result *= base;
                n >>= 1;
                if (n > 0) base *= base;
            }
            return result;
        }

        @Override
        double value(double v) {
            return integerPower(v, p);
        }

        @Override
        double slope(double v) {
            return p * integerPower(v, p - 1);
        }

        @Override
        void map(double[] in, int inOff, double[] out, int outOff, int n) {
            int q = p;
            for (int i = 0; i < n; i++) out[outOff + i] = integerPower(in[inOff + i], q);
        }

        @Override
        void advance(double[] v, int vOff, double[] g, int gOff, int n) {
            int q = p;
            for (int i = 0; i < n; i++) {
                double x = v[vOff + i];
                g[gOff + i] *= q * integerPower(x, q - 1);
                v[vOff + i] = integerPower(x, q);
            }
        }

        @Override
        void scaleBySlope(double[] v, int vOff, double[] g, int gOff, double[] out, int outOff, int n) {
            int q = p;
            for (int i = 0; i < n; i++) out[outOff + i] = g[gOff + i] * (q * integerPower(v[vOff + i], q - 1));
        }

        @Override
        String spec() {
            return "power:" + p;
        }
    }

    /**
     * y = sign(x)|x|^p for a real p &gt; 0, f'(x) = p|x|^(p−1). At x = 0 the slope is 1 for p = 1 and 0
     * for p &gt; 1; for p &lt; 1 it is infinite, and we return 0 there (the same "0 at the kink"
     * convention as {@link Abs}) so that a state component that is exactly 0 never injects ∞ or NaN
     * into a gradient.
     */
    static final class SignedPower extends ScalarMap {
        private final double p;
        private final double slopeAtZero;

        SignedPower(double p) {
            if (!(p > 0) || Double.isInfinite(p))
                throw new IllegalArgumentException("p = " + p + ": expected a finite number > 0");
            this.p = p;
            this.slopeAtZero = p == 1.0 ? 1.0 : 0.0;
        }

        @Override
        double value(double v) {
            return Math.copySign(Math.pow(Math.abs(v), p), v);
        }

        @Override
        double slope(double v) {
            double a = Math.abs(v);
            return a > 0 ? p * Math.pow(a, p - 1.0) : slopeAtZero;
        }

        @Override
        void map(double[] in, int inOff, double[] out, int outOff, int n) {
            for (int i = 0; i < n; i++) out[outOff + i] = value(in[inOff + i]);
        }

        @Override
        void advance(double[] v, int vOff, double[] g, int gOff, int n) {
            for (int i = 0; i < n; i++) {
                double x = v[vOff + i];
                g[gOff + i] *= slope(x);
                v[vOff + i] = value(x);
            }
        }

        @Override
        void scaleBySlope(double[] v, int vOff, double[] g, int gOff, double[] out, int outOff, int n) {
            for (int i = 0; i < n; i++) out[outOff + i] = g[gOff + i] * slope(v[vOff + i]);
        }

        @Override
        String spec() {
            return "signedpower:" + p;
        }
    }

    /** y = |x|, f'(x) = sign(x) with f'(0) = 0 (models.md §6). */
    static final class Abs extends ScalarMap {
        @Override
        double value(double v) {
            return Math.abs(v);
        }

        @Override
        double slope(double v) {
            return Math.signum(v);
        }

        @Override
        void map(double[] in, int inOff, double[] out, int outOff, int n) {
            for (int i = 0; i < n; i++) out[outOff + i] = Math.abs(in[inOff + i]);
        }

        @Override
        void advance(double[] v, int vOff, double[] g, int gOff, int n) {
            for (int i = 0; i < n; i++) {
                double x = v[vOff + i];
                g[gOff + i] *= Math.signum(x);
                v[vOff + i] = Math.abs(x);
            }
        }

        @Override
        void scaleBySlope(double[] v, int vOff, double[] g, int gOff, double[] out, int outOff, int n) {
            for (int i = 0; i < n; i++) out[outOff + i] = g[gOff + i] * Math.signum(v[vOff + i]);
        }

        @Override
        String spec() {
            return "abs";
        }
    }
}
