package org.enflow.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.enflow.observe.TestOperators.Family;
import org.junit.jupiter.api.Test;

/**
 * models.md Test oracle 7: the adjoint J_h(x)ᵀw against central differences of h.
 *
 * <p>Central differences with step ε have truncation error ε²|h'''|·|v|³/6 and rounding error
 * ≈ u·|h|/ε (u = 1.1e-16). With ε = 1e-5, inputs bounded away from 0 (|x_k| ≥ 0.3, so no difference
 * crosses the kink of abs or the steep part of signedpower:0.5, where |h'''| ≤ 0.375·0.3^-2.5 ≈ 7.6)
 * and O(1) directions, both terms are ≲ 1e-9 relative: the tolerance 1e-6 of the spec leaves three
 * orders of margin, while a wrong derivative (a missing factor, a sign, a mis-scattered index) is an
 * O(1) relative error.
 */
class AdjointTest {
    static final double EPS = 1e-5;
    static final double TOL = 1e-6;
    /** 37 is prime (no alignment with every-k-th); 1100 spans three adjoint blocks of 512 with a tail. */
    static final int[] DIMS = {37, 1100};

    @Test
    void dotProductTestForEveryOperator() {
        for (int d : DIMS) for (Family f : TestOperators.catalog()) dotProductTest(f.make.apply(d), f.name + " d=" + d, d);
    }

    @Test
    void dotProductTestForEveryCompositionOfTwo() {
        List<Family> cat = TestOperators.catalog();
        for (int d : DIMS) {
            for (Family inner : cat) {
                for (Family outer : cat) {
                    ObservationOperator h1 = inner.make.apply(d);
                    ObservationOperator h = TestOperators.composeOrNull(h1, outer.make.apply(h1.outputDim()));
                    if (h != null) dotProductTest(h, inner.name + ">" + outer.name + " d=" + d, d);
                }
            }
        }
    }

    @Test
    void dotProductTestForLongerCompositions() {
        int d = 1100;
        String[] specs = {
            "mask:0.6>power:3>every:3:1>tanh",
            "arctan>select:5,3,1,0>square>abs",
            "every:2:1>every:2>arctan>signedpower:1.5>tanh",
            "tanh>arctan>power:3>abs>identity>square",
        };
        for (String s : specs) dotProductTest(Operators.parse(s, d, new org.enflow.kernel.RandomStreams(7)), s, d);
        // A user stage between built-ins takes the generic buffered path on both sides.
        ObservationOperator mixed = Operators.chain(Operators.every(d, 2, 1), Operators.tanh(550),
                new TestOperators.DenseLinear(300, 550, 3), Operators.arctan(300), Operators.power(300, 3));
        assertTrue(mixed instanceof OperatorChain);
        dotProductTest(mixed, mixed.describe(), d);
    }

    /** ⟨J v, w⟩ (J v by central differences) against ⟨v, Jᵀ w⟩, at several (x, v, w). */
    static void dotProductTest(ObservationOperator h, String name, int d) {
        int p = h.outputDim();
        for (int trial = 0; trial < 3; trial++) {
            long seed = 31L * d + trial;
            double[] x = TestOperators.awayFromZero(d, seed);
            double[] v = TestOperators.gaussian(d, seed + 1);
            double[] w = TestOperators.gaussian(p, seed + 2);
            double[] jv = centralDifference(h, x, v);
            double[] jtw = new double[d];
            h.adjoint(x, 0, w, 0, jtw, 0);
            double lhs = 0, scale = 0, rhs = 0;
            for (int l = 0; l < p; l++) {
                lhs += jv[l] * w[l];
                scale += Math.abs(jv[l] * w[l]);
            }
            for (int k = 0; k < d; k++) rhs += v[k] * jtw[k];
            // Relative to Σ|terms|, the natural scale of an inner product (it does not blow up when
            // positive and negative terms happen to cancel).
            if (!(Math.abs(lhs - rhs) <= TOL * scale))
                fail(name + ": <Jv,w> = " + lhs + " but <v,J^T w> = " + rhs + " (scale " + scale + ")");
        }
    }

    static double[] centralDifference(ObservationOperator h, double[] x, double[] v) {
        int d = x.length, p = h.outputDim();
        double[] xp = new double[d], xm = new double[d], yp = new double[p], ym = new double[p];
        for (int k = 0; k < d; k++) {
            xp[k] = x[k] + EPS * v[k];
            xm[k] = x[k] - EPS * v[k];
        }
        h.apply(xp, 0, yp, 0);
        h.apply(xm, 0, ym, 0);
        double[] jv = new double[p];
        for (int l = 0; l < p; l++) jv[l] = (yp[l] - ym[l]) / (2 * EPS);
        return jv;
    }

    /**
     * Entry by entry: every component of Jᵀw against Σ_l J_lk w_l with the full Jacobian by central
     * differences (one column per input). Stronger than the dot test: no error can cancel between
     * components. Components h does not depend on must come out exactly 0 (their difference is exact).
     */
    @Test
    void adjointMatchesFiniteDifferenceJacobianEntryByEntry() {
        int d = 37;
        List<Family> cat = TestOperators.catalog();
        for (Family inner : cat) {
            for (Family outer : cat) {
                ObservationOperator h1 = inner.make.apply(d);
                ObservationOperator h = TestOperators.composeOrNull(h1, outer.make.apply(h1.outputDim()));
                if (h == null) continue;
                String name = inner.name + ">" + outer.name;
                int p = h.outputDim();
                double[] x = TestOperators.awayFromZero(d, 5);
                double[] w = TestOperators.gaussian(p, 6);
                double[] jtw = new double[d];
                h.adjoint(x, 0, w, 0, jtw, 0);
                double[] e = new double[d];
                for (int k = 0; k < d; k++) {
                    e[k] = 1;
                    double[] col = centralDifference(h, x, e);
                    e[k] = 0;
                    double expected = 0, scale = 0;
                    for (int l = 0; l < p; l++) {
                        expected += col[l] * w[l];
                        scale += Math.abs(col[l] * w[l]);
                    }
                    if (!(Math.abs(jtw[k] - expected) <= TOL * scale))
                        fail(name + ": (J^T w)_" + k + " = " + jtw[k] + ", finite differences give " + expected);
                }
            }
        }
    }

    /**
     * The canonical (collapsed) composition and the generic buffered chain of the same stages compute
     * the same thing: apply bit for bit (same scalar operations per element in the same order), the
     * adjoint to a few ulps (the chain-rule products are associated differently).
     */
    @Test
    void canonicalCompositionAgreesWithGenericChain() {
        int d = 1100;
        List<Family> cat = TestOperators.catalog();
        for (Family inner : cat) {
            for (Family outer : cat) {
                ObservationOperator a = inner.make.apply(d);
                ObservationOperator b = outer.make.apply(a.outputDim());
                ObservationOperator canonical = TestOperators.composeOrNull(a, b);
                if (canonical == null) continue;
                ObservationOperator generic = Operators.chain(new TestOperators.Opaque(a), new TestOperators.Opaque(b));
                assertTrue(generic instanceof OperatorChain);
                String name = inner.name + ">" + outer.name;
                int p = canonical.outputDim();
                assertEquals(p, generic.outputDim(), name);
                double[] x = TestOperators.gaussian(d, 11);
                double[] r = TestOperators.gaussian(p, 12);
                double[] y1 = new double[p], y2 = new double[p], g1 = new double[d], g2 = new double[d];
                canonical.apply(x, 0, y1, 0);
                generic.apply(x, 0, y2, 0);
                assertArrayEquals(y2, y1, 0.0, name);
                canonical.adjoint(x, 0, r, 0, g1, 0);
                generic.adjoint(x, 0, r, 0, g2, 0);
                for (int k = 0; k < d; k++)
                    assertEquals(g2[k], g1[k], 1e-14 * Math.abs(g2[k]), name + " adjoint component " + k);
                assertArrayEquals(generic.positions(), canonical.positions(), 0.0, name);
            }
        }
    }
}
