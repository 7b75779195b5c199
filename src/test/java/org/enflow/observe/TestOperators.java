package org.enflow.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.enflow.kernel.Gaussian;

/** Operators for the tests: a catalog of every built-in form, and user operators that force the generic chain. */
final class TestOperators {
    private TestOperators() {}

    /** A named operator family, instantiated for any input dimension. */
    static final class Family {
        final String name;
        final IntFunction<ObservationOperator> make;

        Family(String name, IntFunction<ObservationOperator> make) {
            this.name = name;
            this.make = make;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every built-in operator (with several parameters) plus two user operators. */
    static List<Family> catalog() {
        List<Family> c = new ArrayList<>();
        c.add(new Family("identity", Operators::identity));
        c.add(new Family("arctan", Operators::arctan));
        c.add(new Family("tanh", Operators::tanh));
        c.add(new Family("square", Operators::square));
        c.add(new Family("power:1", d -> Operators.power(d, 1)));
        c.add(new Family("power:3", d -> Operators.power(d, 3)));
        c.add(new Family("power:4", d -> Operators.power(d, 4)));
        c.add(new Family("signedpower:0.5", d -> Operators.signedPower(d, 0.5)));
        c.add(new Family("signedpower:1.5", d -> Operators.signedPower(d, 1.5)));
        c.add(new Family("signedpower:2.5", d -> Operators.signedPower(d, 2.5)));
        c.add(new Family("abs", Operators::abs));
        c.add(new Family("every:2:1", d -> d >= 2 ? Operators.every(d, 2, 1) : Operators.every(d, 1, 0)));
        c.add(new Family("every:3", d -> Operators.every(d, 3, 0)));
        c.add(new Family("select(reversed subset)", d -> Operators.select(d, reversedSubset(d))));
        c.add(new Family("component", d -> Operators.component(d, d / 3)));
        c.add(new Family("mask", d -> Operators.zeroMask(irregularMask(d))));
        c.add(new Family("mask:0.6", d -> d >= 8 ? Operators.randomMask(d, 0.6, rng(d)) : Operators.zeroMask(irregularMask(d))));
        c.add(new Family("subset:0.6", d -> d >= 8 ? Operators.randomSubset(d, 0.6, rng(d)) : Operators.select(d, 0)));
        c.add(new Family("user dense", d -> new DenseLinear(Math.max(1, Math.min(d - 3, 40)), d, d)));
        c.add(new Family("user arctan", d -> new Opaque(Operators.arctan(d))));
        return c;
    }

    /**
     * outer ∘ inner, or null where the composition observes nothing (a selection of masked entries only),
     * which {@link Operators#chain} rightly rejects; the generic chain confirms the output is all zeros.
     */
    static ObservationOperator composeOrNull(ObservationOperator inner, ObservationOperator outer) {
        try {
            return Operators.chain(inner, outer);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().contains("nothing is observed")) throw e;
            ObservationOperator generic = Operators.chain(new Opaque(inner), new Opaque(outer));
            double[] y = new double[generic.outputDim()];
            generic.apply(gaussian(inner.inputDim(), 99), 0, y, 0);
            for (double v : y) if (v != 0.0) throw new AssertionError(e.getMessage() + " but the generic chain gives " + v);
            return null;
        }
    }

    /** About a third of the indices, in decreasing order (so output order differs from index order). */
    static int[] reversedSubset(int d) {
        List<Integer> s = new ArrayList<>();
        for (int k = d - 1; k >= 0; k -= 3) s.add(k);
        int[] a = new int[s.size()];
        for (int l = 0; l < a.length; l++) a[l] = s.get(l);
        return a;
    }

    /** An irregular 0/1 pattern, observed at k = 0 always (so valid for every d). */
    static boolean[] irregularMask(int d) {
        boolean[] m = new boolean[d];
        for (int k = 0; k < d; k++) m[k] = (k * 7) % 5 < 3;
        return m;
    }

    /** A mask stream that depends on d only; used for masks of d >= 8 only, where an all-unobserved draw has probability 0.4^8 and would fail loudly. */
    static UniformRandomProvider rng(long seed) {
        return RandomSource.XO_SHI_RO_256_PP.create(0x5EEDL + seed);
    }

    /** x with components bounded away from 0 (|x_k| ≥ 0.3), so that no central difference crosses a kink of abs or signedpower. */
    static double[] awayFromZero(int d, long seed) {
        Gaussian g = new Gaussian(rng(seed));
        double[] x = new double[d];
        for (int k = 0; k < d; k++) {
            double z = g.next();
            x[k] = Math.copySign(0.3 + 0.7 * Math.abs(z), z);
        }
        return x;
    }

    static double[] gaussian(int n, long seed) {
        double[] v = new double[n];
        new Gaussian(rng(seed)).fill(v, 0, n);
        return v;
    }

    /** y = A x for a dense q×d matrix: a user operator the composition cannot canonicalize. */
    static final class DenseLinear implements ObservationOperator {
        final int q, d;
        final double[] a; // row-major q×d

        DenseLinear(int q, int d, long seed) {
            this.q = q;
            this.d = d;
            this.a = gaussian(q * d, 1000 + seed);
            for (int i = 0; i < a.length; i++) a[i] /= Math.sqrt(d);
        }

        @Override
        public int inputDim() {
            return d;
        }

        @Override
        public int outputDim() {
            return q;
        }

        @Override
        public void apply(double[] x, int xOff, double[] y, int yOff) {
            for (int l = 0; l < q; l++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += a[l * d + k] * x[xOff + k];
                y[yOff + l] = s;
            }
        }

        @Override
        public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
            for (int k = 0; k < d; k++) out[outOff + k] = 0;
            for (int l = 0; l < q; l++) for (int k = 0; k < d; k++) out[outOff + k] += a[l * d + k] * r[rOff + l];
        }

        @Override
        public double[] positions() {
            double[] p = new double[q];
            for (int l = 0; l < q; l++) p[l] = l + 0.5; // not integer indices: a chain must not trace through them
            return p;
        }

        @Override
        public String describe() {
            return "dense(" + q + "x" + d + ")";
        }
    }

    /** Delegates to a built-in but hides its type, so compositions take the generic (buffered) path. */
    static final class Opaque implements ObservationOperator {
        final ObservationOperator h;

        Opaque(ObservationOperator h) {
            this.h = h;
        }

        @Override
        public int inputDim() {
            return h.inputDim();
        }

        @Override
        public int outputDim() {
            return h.outputDim();
        }

        @Override
        public void apply(double[] x, int xOff, double[] y, int yOff) {
            h.apply(x, xOff, y, yOff);
        }

        @Override
        public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
            h.adjoint(x, xOff, r, rOff, out, outOff);
        }

        @Override
        public double[] positions() {
            return h.positions();
        }

        @Override
        public double[] likelihoodWeights() {
            return h.likelihoodWeights();
        }

        @Override
        public String describe() {
            return "opaque(" + h.describe() + ")";
        }
    }
}
