package org.enflow.filter.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.enflow.observe.Operators;
import org.junit.jupiter.api.Test;

/**
 * The streamed ensemble-space path of the ETKF and the EnKF-PO against the materialized one (ObservedEnsemble,
 * Dense.cross, Dense.transform) on the same problems: the same bits for x̄, ŶŶᵀ, ŶUᵀ and the transform, Ŷd̂ to the
 * rounding of a p-term sum; whole analyses bit-identical (EnKF-PO) or to that rounding (ETKF); bit-identical on 1
 * and 2 threads.
 */
class StreamedProductsTest {
    /** (N, d, operator): tiles, blocks and tails of every kind; N odd and even; d past one and many column blocks. */
    private static final Object[][] CASES = {{20, 9001, "identity"}, {5, 20000, "arctan"}, {32, 4200, "mask:0.7>arctan"},
        {21, 12345, "tanh"}, {2, 40000, "identity"}, {20, 50000, "arctan"}, {100, 6000, "arctan"}, {64, 33000, "identity"}};

    private static Observation observation(ObservationOperator h, int d, Random rnd) {
        double[] y = new double[d], r = new double[d], truth = new double[d];
        for (int k = 0; k < d; k++) truth[k] = Math.sin(k) + rnd.nextGaussian();
        h.apply(truth, 0, y, 0);
        for (int k = 0; k < d; k++) {
            r[k] = 0.25 + rnd.nextDouble(); // unequal variances: R^{-1/2} must follow its component
            y[k] += Math.sqrt(r[k]) * rnd.nextGaussian();
        }
        return new Observation(y, h, r);
    }

    private static ObservationOperator operator(Object[] c) {
        return Operators.parse((String) c[2], (int) c[1], new RandomStreams(5));
    }

    @Test
    void productsAndTransformHaveTheBitsOfTheMaterializedPath() {
        for (Object[] c : CASES) {
            int n = (int) c[0], d = (int) c[1];
            Random rnd = new Random(71);
            Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1.3);
            ObservationOperator h = operator(c);
            assertTrue(StreamedProducts.applies(n, d, h), "case " + n + "x" + d);
            Observation obs = observation(h, d, rnd);
            double[] xi = new double[n * d];
            for (int q = 0; q < xi.length; q++) xi[q] = rnd.nextGaussian();
            try (Parallel two = new Parallel(2)) {
                ObservedEnsemble oe = new ObservedEnsemble();
                oe.compute(e, obs, two, true);
                double[] gram = new double[n * n], g = new double[n], cross = new double[n * n];
                Dense.CrossWork w = new Dense.CrossWork();
                Dense.cross(oe.whitened, oe.whitened, n, d, gram, gram, n, w, two);
                Dense.rowDots(oe.whitened, n, d, oe.innovation, g, two);
                for (boolean center : new boolean[] {false, true}) {
                    // u_i = d̂ + ξ_i − ŷ_i as EnkfPo forms it (ξ centred over the members per component first).
                    double[] xc = xi.clone(), u = new double[n * d];
                    if (center) {
                        for (int l = 0; l < d; l++) {
                            double m = 0;
                            for (int i = 0; i < n; i++) m += xc[i * d + l];
                            m /= n;
                            for (int i = 0; i < n; i++) xc[i * d + l] -= m;
                        }
                    }
                    for (int q = 0; q < n * d; q++) u[q] = oe.innovation[q % d] + xc[q] - oe.whitened[q];
                    Dense.cross(oe.whitened, u, n, d, cross, cross, n, w, two);
                    StreamedProducts s = new StreamedProducts();
                    s.compute(e.data(), n, d, obs, xi, center, two);
                    String what = n + "x" + d + " " + c[2] + " center=" + center;
                    assertArrayEquals(oe.mean, java.util.Arrays.copyOf(s.mean, d), 0.0, "mean " + what);
                    assertProducts(gram, s.gram, oe.whitened, oe.whitened, n, d, "gram " + what);
                    assertProducts(cross, s.cross, oe.whitened, u, n, d, "cross " + what);
                }
                StreamedProducts s = new StreamedProducts();
                s.compute(e.data(), n, d, obs, null, false, Parallel.sequential());
                String what = n + "x" + d + " " + c[2];
                assertProducts(gram, s.gram, oe.whitened, oe.whitened, n, d, "gram without noise " + what);
                // Ŷd̂: two orders of one d-term sum, each within d·ε·Σ|ŷ_l d̂_l| of the exact value.
                for (int i = 0; i < n; i++) {
                    double abs = 0;
                    for (int l = 0; l < d; l++) abs += Math.abs(oe.whitened[i * d + l] * oe.innovation[l]);
                    assertEquals(g[i], s.projected[i], 2 * d * 0x1p-53 * abs, "Ŷd̂ " + what + " i=" + i);
                }
                // The transform in place against Dense.transform of the materialized anomalies.
                double[] t = new double[n * n];
                for (int q = 0; q < t.length; q++) t[q] = (q % (n + 1) == 0 ? 1 : 0) + 0.1 * rnd.nextGaussian();
                double[] expected = new double[n * d], x = e.data().clone();
                Dense.transform(t, n, oe.anomalies, d, oe.mean, expected, two, new Dense.Rows());
                s.transform(t, x, two);
                assertArrayEquals(expected, x, 0.0, "transform " + what);
            }
        }
    }

    /**
     * Up to N = {@value Dense#CROSS_SPLIT_ROWS} both paths multiply with RowGram over the same blocks: the same bits.
     * Beyond, the materialized path uses packed Gram panels: two orders of each d-term sum, within 2d·ε·‖a_i‖‖b_j‖.
     */
    private static void assertProducts(double[] expected, double[] actual, double[] a, double[] b, int n, int d, String what) {
        if (n <= Dense.CROSS_SPLIT_ROWS) {
            assertArrayEquals(expected, java.util.Arrays.copyOf(actual, n * n), 0.0, what);
            return;
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double bound = 2 * d * 0x1p-53 * Math.sqrt(Dense.dot(a, i * d, a, i * d, d) * Dense.dot(b, j * d, b, j * d, d));
                assertEquals(expected[i * n + j], actual[i * n + j], bound, what + " (" + i + "," + j + ")");
            }
    }

    @Test
    void enkfPoAnalysesHaveTheBitsOfTheMaterializedPath() {
        for (Object[] c : CASES) {
            int n = (int) c[0], d = (int) c[1];
            if (n > Dense.CROSS_SPLIT_ROWS) continue; // different Gram kernels there (see assertProducts)
            Random rnd = new Random(72);
            Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1.1);
            Observation obs = observation(operator(c), d, rnd);
            for (boolean center : new boolean[] {false, true}) {
                for (boolean rotate : new boolean[] {false, true}) {
                    Ensemble a = e.copy(), b = e.copy();
                    EnkfPo materialized = new EnkfPo(n, 1.06, rotate, center, Double.POSITIVE_INFINITY, new RandomStreams(9), Parallel.sequential());
                    materialized.streamed = false;
                    materialized.assimilate(a, obs);
                    try (Parallel two = new Parallel(2)) {
                        new EnkfPo(n, 1.06, rotate, center, Double.POSITIVE_INFINITY, new RandomStreams(9), two).assimilate(b, obs);
                    }
                    assertArrayEquals(a.data(), b.data(), 0.0, n + "x" + d + " " + c[2] + " center=" + center + " rotate=" + rotate);
                }
            }
        }
    }

    /**
     * The ETKF's two paths differ only in the rounding of g = Ŷd̂ (above): relative 2d·ε of Σ|ŷ d̂|, carried to the
     * analysis through w̄ = C⁻¹g with C ≥ (N−1)I and the anomalies (|a| of order the spread): far below 10⁻⁹ of the
     * ensemble's scale at these d. Streamed analyses are bit-identical on 1 and 2 threads.
     */
    @Test
    void etkfAnalysesAgreeWithTheMaterializedPathAndAcrossThreads() {
        for (Object[] c : CASES) {
            int n = (int) c[0], d = (int) c[1];
            Random rnd = new Random(73);
            Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1.2);
            Observation obs = observation(operator(c), d, rnd);
            for (boolean rotate : new boolean[] {false, true}) {
                Ensemble a = e.copy(), b = e.copy(), b2 = e.copy();
                Etkf materialized = new Etkf(n, 1.02, rotate, new RandomStreams(4), Parallel.sequential());
                materialized.streamed = false;
                materialized.assimilate(a, obs);
                Etkf one = new Etkf(n, 1.02, rotate, new RandomStreams(4), Parallel.sequential());
                one.streamMinValues = 0; // these sizes are below the production threshold
                one.assimilate(b, obs);
                try (Parallel two = new Parallel(2)) {
                    Etkf shared = new Etkf(n, 1.02, rotate, new RandomStreams(4), two);
                    shared.streamMinValues = 0;
                    shared.assimilate(b2, obs);
                }
                String what = n + "x" + d + " " + c[2] + " rotate=" + rotate;
                assertArrayEquals(b.data(), b2.data(), 0.0, "threads " + what);
                double scale = Stats.maxAbs(a.data());
                assertTrue(Stats.maxAbsDiff(a.data(), b.data()) <= 1e-9 * scale, what + ": " + Stats.maxAbsDiff(a.data(), b.data()));
                assertFalse(java.util.Arrays.equals(e.data(), b.data()), "the analysis moved the ensemble " + what);
            }
        }
    }

    @Test
    void nonFiniteStateIsReportedWithItsMemberAndComponent() {
        int n = 4, d = 10000;
        Ensemble e = EtkfTest.randomEnsemble(n, d, new Random(1), 1);
        e.set(2, 7777, Double.NaN);
        Observation obs = Observation.withSigma(new double[d], Operators.parse("identity", d, null), 1);
        for (boolean etkf : new boolean[] {true, false}) {
            IllegalStateException ex = assertThrows(IllegalStateException.class, () -> {
                Etkf f = new Etkf(n, 1, false, new RandomStreams(1), Parallel.sequential());
                f.streamMinValues = 0;
                if (etkf) f.assimilate(e.copy(), obs);
                else new EnkfPo(n, 1, false, false, Double.POSITIVE_INFINITY, new RandomStreams(1), Parallel.sequential()).assimilate(e.copy(), obs);
            });
            assertTrue(ex.getMessage().contains("member 2") && ex.getMessage().contains("component 7777"), ex.getMessage());
        }
    }

    @Test
    void appliesOnlyToAlignedOperatorsWithFewMembersAndLongRows() {
        assertTrue(StreamedProducts.applies(20, 5000, Operators.parse("arctan", 5000, null)));
        assertFalse(StreamedProducts.applies(20, 5000, Operators.parse("every:2", 5000, null)), "a selection is not aligned");
        assertTrue(StreamedProducts.applies(128, 5000, Operators.parse("identity", 5000, null)));
        assertFalse(StreamedProducts.applies(129, 5000, Operators.parse("identity", 5000, null)), "N > 128: packed Gram panels");
        assertFalse(StreamedProducts.applies(20, 4096, Operators.parse("identity", 4096, null)), "short rows");
        assertFalse(StreamedProducts.applies(20, 5000, TestOperators.identity(5000)), "a user operator");
    }
}
