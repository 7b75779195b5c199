package org.enflow.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.enflow.kernel.RandomStreams;
import org.junit.jupiter.api.Test;

/** apply/adjoint against hand-computed values, Select as an exact matrix transpose, masks, positions, validation. */
class OperatorValuesTest {
    /** Library atan/tanh/pow are within 1–2 ulps of the true value; 4e-16 relative is a couple of ulps. */
    static final double ULPS = 4e-16;

    static double[] apply(ObservationOperator h, double... x) {
        double[] y = new double[h.outputDim()];
        h.apply(x, 0, y, 0);
        return y;
    }

    static double[] adjoint(ObservationOperator h, double[] x, double... r) {
        double[] out = new double[h.inputDim()];
        h.adjoint(x, 0, r, 0, out, 0);
        return out;
    }

    static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], ULPS * Math.abs(expected[i]), what + "[" + i + "]");
    }

    @Test
    void arctanOnExactAngles() {
        ObservationOperator h = Operators.arctan(4);
        double[] x = {1, -1, 0, Math.sqrt(3)};
        close(new double[] {Math.PI / 4, -Math.PI / 4, 0, Math.PI / 3}, apply(h, x), "atan");
        // r/(1+x²): 2/2, 2/2, 3/1, 4/4
        close(new double[] {1, 1, 3, 1}, adjoint(h, x, 2, 2, 3, 4), "atan adjoint");
    }

    @Test
    void tanhAtLogarithms() {
        // tanh(ln a) = (a² − 1)/(a² + 1): 3/5 at a = 2, 4/5 at a = 3; slopes 1 − t² = 16/25, 9/25.
        ObservationOperator h = Operators.tanh(2);
        double[] x = {Math.log(2), -Math.log(3)};
        close(new double[] {0.6, -0.8}, apply(h, x), "tanh");
        close(new double[] {0.64, 0.36 * 5}, adjoint(h, x, 1, 5), "tanh adjoint");
    }

    @Test
    void powersAreExactOnSmallIntegers() {
        double[] x = {-2, 0.5, 3, 0};
        assertArrayEquals(new double[] {-8, 0.125, 27, 0}, apply(Operators.power(4, 3), x), 0.0);
        assertArrayEquals(new double[] {12, 0.75, 27, 0}, adjoint(Operators.power(4, 3), x, 1, 1, 1, 1), 0.0);
        assertArrayEquals(new double[] {16, 0.0625, 81, 0}, apply(Operators.power(4, 4), x), 0.0);
        assertArrayEquals(new double[] {-32, 0.5, 108, 0}, adjoint(Operators.power(4, 4), x, 1, 1, 1, 1), 0.0);
        assertArrayEquals(x, apply(Operators.power(4, 1), x), 0.0);
        assertArrayEquals(new double[] {2, 2, 2, 2}, adjoint(Operators.power(4, 1), x, 2, 2, 2, 2), 0.0);
        assertArrayEquals(new double[] {4, 0.25, 9, 0}, apply(Operators.square(4), x), 0.0);
        assertArrayEquals(new double[] {-4, 1, 6, 0}, adjoint(Operators.square(4), x, 1, 1, 1, 1), 0.0);
        // p = 13 (binary 1101) exercises the squaring loop: (−1.5)^13 computed by hand as −(3^13 / 2^13).
        assertEquals(-1594323.0 / 8192.0, apply(Operators.power(1, 13), -1.5)[0], 0.0);
        assertEquals(13 * 531441.0 / 4096.0, adjoint(Operators.power(1, 13), new double[] {-1.5}, 1)[0], 0.0);
    }

    @Test
    void signedPowerKeepsTheSign() {
        double[] x = {-4, 9, 0};
        close(new double[] {-8, 27, 0}, apply(Operators.signedPower(3, 1.5), x), "signedpower:1.5");
        close(new double[] {3, 4.5, 0}, adjoint(Operators.signedPower(3, 1.5), x, 1, 1, 1), "slope 1.5|x|^0.5");
        close(new double[] {-2, 3, 0}, apply(Operators.signedPower(3, 0.5), x), "signedpower:0.5");
        // 0.5|x|^-0.5 = 0.25, 1/6; at 0 the slope is infinite and is reported as 0 (documented convention).
        close(new double[] {0.25, 1.0 / 6, 0}, adjoint(Operators.signedPower(3, 0.5), x, 1, 1, 1), "slope 0.5|x|^-0.5");
        assertArrayEquals(new double[] {7, 7, 7}, adjoint(Operators.signedPower(3, 1.0), x, 7, 7, 7), 0.0);
    }

    @Test
    void absHasZeroSlopeAtZero() {
        double[] x = {-3, 0, 2};
        assertArrayEquals(new double[] {3, 0, 2}, apply(Operators.abs(3), x), 0.0);
        assertArrayEquals(new double[] {-5, 0, 5}, adjoint(Operators.abs(3), x, 5, 5, 5), 0.0);
    }

    @Test
    void selectionsPickAndScatter() {
        double[] x = new double[10];
        for (int k = 0; k < 10; k++) x[k] = 10 * k + 1;
        ObservationOperator every = Operators.every(10, 3, 1);
        assertArrayEquals(new double[] {11, 41, 71}, apply(every, x), 0.0);
        assertArrayEquals(new double[] {1, 4, 7}, every.positions(), 0.0);
        assertArrayEquals(new double[] {0, 5, 0, 0, 6, 0, 0, 7, 0, 0}, adjoint(every, x, 5, 6, 7), 0.0);
        // KDE L96 case: k = 2, o = 1 on d = 40 observes 1, 3, …, 39.
        double[] pos = Operators.every(40, 2, 1).positions();
        assertEquals(20, pos.length);
        for (int l = 0; l < 20; l++) assertEquals(2 * l + 1, pos[l], 0.0);
        // KDE L63 case: z only.
        ObservationOperator z = Operators.component(3, 2);
        assertArrayEquals(new double[] {3.5}, apply(z, 1.5, 2.5, 3.5), 0.0);
        assertArrayEquals(new double[] {0, 0, 2}, adjoint(z, new double[3], 2), 0.0);
        ObservationOperator s = Operators.select(10, 7, 0, 4);
        assertArrayEquals(new double[] {71, 1, 41}, apply(s, x), 0.0);
        assertArrayEquals(new double[] {7, 0, 4}, s.positions(), 0.0);
        assertEquals("select:7,0,4", s.describe());
    }

    @Test
    void compositionsOnHandValues() {
        double[] x = {0, 1, 2, Math.sqrt(3)};
        ObservationOperator a = Operators.parse("every:2:1>arctan", 4, null);
        ObservationOperator b = Operators.parse("arctan>every:2:1", 4, null);
        close(new double[] {Math.PI / 4, Math.PI / 3}, apply(a, x), "every:2:1>arctan");
        close(new double[] {0, 0.5, 0, 0.25}, adjoint(a, x, 1, 1), "adjoint");
        // Selection commutes with an elementwise map: the two orders are the same operator, bit for bit.
        assertArrayEquals(apply(a, x), apply(b, x), 0.0);
        assertArrayEquals(adjoint(a, x, 1, 1), adjoint(b, x, 1, 1), 0.0);
        assertArrayEquals(new double[] {1, 3}, b.positions(), 0.0);
        // mask then power:3 then tanh: y = tanh(x³) where observed, 0 where masked.
        ObservationOperator m = Operators.chain(Operators.zeroMask(new double[] {1, 0, 1}), Operators.power(3, 3), Operators.tanh(3));
        double[] x3 = {0.5, 7, -1};
        close(new double[] {Math.tanh(0.125), 0, Math.tanh(-1)}, apply(m, x3), "mask>power>tanh");
        double t0 = Math.tanh(0.125), t2 = Math.tanh(-1);
        close(new double[] {(1 - t0 * t0) * 3 * 0.25 * 2, 0, (1 - t2 * t2) * 3 * 2}, adjoint(m, x3, 2, 2, 2), "its adjoint");
        // Selections of selections compose their index maps.
        ObservationOperator ss = Operators.chain(Operators.every(12, 2, 1), Operators.select(6, 4, 0, 2));
        assertArrayEquals(new double[] {9, 1, 5}, ss.positions(), 0.0);
        assertEquals("every:2:1>select:4,0,2", ss.describe());
    }

    @Test
    void selectAdjointIsExactlyTheTransposeOfItsSelectionMatrix() {
        int d = 1300; // more than two adjoint blocks
        RandomStreams streams = new RandomStreams(3);
        List<ObservationOperator> selections = List.of(
                Operators.select(d, TestOperators.reversedSubset(d)),
                Operators.every(d, 2, 1),
                Operators.every(d, 7, 3),
                Operators.component(d, 1299),
                Operators.randomSubset(d, 0.3, TestOperators.rng(4)),
                Operators.parse("every:2>select:600,3,17,5>component:2", d, streams),
                Operators.parse("subset:0.5>every:3:2", d, streams));
        for (ObservationOperator h : selections) {
            int p = h.outputDim();
            // The selection matrix P (p×d, one 1 per row) built from positions(), which tests positions too.
            double[] pos = h.positions();
            double[][] mat = new double[p][d];
            for (int l = 0; l < p; l++) mat[l][(int) pos[l]] = 1.0;
            double[] x = TestOperators.gaussian(d, 1), r = TestOperators.gaussian(p, 2);
            double[] px = new double[p], ptr = new double[d];
            for (int l = 0; l < p; l++) for (int k = 0; k < d; k++) px[l] += mat[l][k] * x[k];
            for (int k = 0; k < d; k++) for (int l = 0; l < p; l++) ptr[k] += mat[l][k] * r[l];
            // Each sum has exactly one non-zero term, so the matrix products are exact: compare with 0 tolerance.
            assertArrayEquals(px, apply(h, x), 0.0, h.describe());
            assertArrayEquals(ptr, adjoint(h, x, r), 0.0, h.describe() + " adjoint");
        }
    }

    @Test
    void maskedEntriesAreExactlyZeroWhateverTheState() {
        int d = 1100;
        ObservationOperator mask = Operators.randomMask(d, 0.4, TestOperators.rng(8));
        double[] w = mask.likelihoodWeights();
        for (String after : new String[] {"identity", "arctan", "power:3", "signedpower:0.5", "tanh>square"}) {
            ObservationOperator h = Operators.chain(mask, Operators.parse(after, d, null));
            assertArrayEquals(w, h.likelihoodWeights(), 0.0);
            double[] x = TestOperators.gaussian(d, 9);
            for (int k = 0; k < d; k++) if (w[k] == 0) x[k] = k % 2 == 0 ? 1e300 : Double.NaN; // would overflow or poison
            double[] y = apply(h, x);
            double[] g = adjoint(h, x, TestOperators.gaussian(d, 10));
            int observed = 0;
            for (int k = 0; k < d; k++) {
                if (w[k] == 0) {
                    assertEquals(0.0, y[k], 0.0, after + " output " + k);
                    assertEquals(0.0, g[k], 0.0, after + " adjoint " + k);
                } else {
                    observed++;
                    assertTrue(Double.isFinite(y[k]) && Double.isFinite(g[k]));
                }
            }
            assertTrue(observed > 0.3 * d && observed < 0.5 * d, "Bernoulli(0.4) count " + observed); // ±6 sd
        }
        // The mask and the subset drawn from the same stream state observe the same components.
        ObservationOperator subset = Operators.randomSubset(d, 0.4, TestOperators.rng(8));
        double[] pos = subset.positions();
        int l = 0;
        for (int k = 0; k < d; k++) if (w[k] == 1) assertEquals(k, pos[l++], 0.0);
        assertEquals(subset.outputDim(), l);
    }

    @Test
    void positionsAndWeightsOfPlainOperators() {
        assertArrayEquals(new double[] {0, 1, 2}, Operators.arctan(3).positions(), 0.0);
        assertArrayEquals(new double[] {1, 1, 1}, Operators.arctan(3).likelihoodWeights(), 0.0);
        assertArrayEquals(new double[] {0, 1, 2}, Operators.zeroMask(new boolean[] {true, false, true}).positions(), 0.0);
        assertArrayEquals(new double[] {1, 0, 1}, Operators.zeroMask(new boolean[] {true, false, true}).likelihoodWeights(), 0.0);
        // A mask followed by a selection of observed entries only is a plain selection again.
        ObservationOperator h = Operators.chain(Operators.zeroMask(new boolean[] {true, false, true}), Operators.select(3, 2, 0));
        assertArrayEquals(new double[] {1, 1}, h.likelihoodWeights(), 0.0);
        assertArrayEquals(new double[] {2, 0}, h.positions(), 0.0);
        // Through a user stage: positions trace back only while they are integer indices.
        ObservationOperator u = Operators.chain(Operators.every(8, 2, 1), new TestOperators.Opaque(Operators.select(4, 3, 1)), Operators.arctan(2));
        assertArrayEquals(new double[] {7, 3}, u.positions(), 0.0);
        ObservationOperator dense = Operators.chain(Operators.every(8, 2, 1), new TestOperators.DenseLinear(3, 4, 1), Operators.arctan(3));
        assertArrayEquals(new double[] {0.5, 1.5, 2.5}, dense.positions(), 0.0);
    }

    @Test
    void constructionIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> Operators.arctan(0));
        assertThrows(IllegalArgumentException.class, () -> Operators.power(5, 0));
        assertThrows(IllegalArgumentException.class, () -> Operators.signedPower(5, 0));
        assertThrows(IllegalArgumentException.class, () -> Operators.signedPower(5, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Operators.signedPower(5, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Operators.every(5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Operators.every(5, 2, 5));
        assertThrows(IllegalArgumentException.class, () -> Operators.every(5, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> Operators.component(5, 5));
        assertThrows(IllegalArgumentException.class, () -> Operators.select(5));
        assertThrows(IllegalArgumentException.class, () -> Operators.select(5, (int[]) null));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> Operators.select(5, 1, 5));
        assertTrue(range.getMessage().contains("outside [0, 5)"), range.getMessage());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Operators.select(5, 1, 3, 1));
        assertTrue(dup.getMessage().contains("appears twice"), dup.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Operators.zeroMask(new boolean[4]));
        assertTrue(none.getMessage().contains("nothing is observed"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Operators.zeroMask(new boolean[0]));
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class, () -> Operators.zeroMask(new double[] {1, 0.5}));
        assertTrue(half.getMessage().contains("mask[1] = 0.5"), half.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Operators.zeroMask(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Operators.randomMask(10, 0, TestOperators.rng(1)));
        assertThrows(IllegalArgumentException.class, () -> Operators.randomMask(10, 1.5, TestOperators.rng(1)));
        assertThrows(IllegalArgumentException.class, () -> Operators.randomMask(10, Double.NaN, TestOperators.rng(1)));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Operators.randomMask(3, 1e-9, TestOperators.rng(1)));
        assertTrue(empty.getMessage().contains("drew no observed component"), empty.getMessage());
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
                () -> Operators.chain(Operators.every(40, 2, 0), Operators.arctan(40)));
        assertTrue(dims.getMessage().contains("input dimension 40") && dims.getMessage().contains("output dimension 20"), dims.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Operators.chain());
        assertThrows(IllegalArgumentException.class, () -> Operators.chain(Operators.arctan(3), null));
        // Arrays too short for the declared dimensions are rejected with a message, not an index error.
        ObservationOperator h = Operators.every(10, 2, 1);
        IllegalArgumentException shortY = assertThrows(IllegalArgumentException.class, () -> h.apply(new double[10], 0, new double[4], 0));
        assertTrue(shortY.getMessage().startsWith("y:"), shortY.getMessage());
        assertThrows(IllegalArgumentException.class, () -> h.apply(new double[10], 1, new double[5], 0));
        assertThrows(IllegalArgumentException.class, () -> h.adjoint(new double[10], 0, new double[5], 0, new double[9], 0));
    }

    @Test
    void offsetsAddressMembersOfAFlatEnsemble() {
        int d = 40, n = 3;
        ObservationOperator h = Operators.parse("every:2:1>arctan>square", d, null);
        int p = h.outputDim();
        double[] ens = TestOperators.gaussian(n * d, 4);
        double[] ys = new double[n * p], rs = TestOperators.gaussian(n * p, 5), gs = new double[n * d];
        for (int i = 0; i < n; i++) {
            h.apply(ens, i * d, ys, i * p);
            h.adjoint(ens, i * d, rs, i * p, gs, i * d);
        }
        for (int i = 0; i < n; i++) {
            double[] x = java.util.Arrays.copyOfRange(ens, i * d, (i + 1) * d);
            assertArrayEquals(apply(h, x), java.util.Arrays.copyOfRange(ys, i * p, (i + 1) * p), 0.0);
            assertArrayEquals(adjoint(h, x, java.util.Arrays.copyOfRange(rs, i * p, (i + 1) * p)),
                    java.util.Arrays.copyOfRange(gs, i * d, (i + 1) * d), 0.0);
        }
    }
}
