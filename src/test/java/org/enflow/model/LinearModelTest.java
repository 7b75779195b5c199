package org.enflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

class LinearModelTest {
    static double[] multiply(double[] a, double[] b, int d) {
        double[] c = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                for (int k = 0; k < d; k++) c[i * d + j] += a[i * d + k] * b[k * d + j];
        return c;
    }

    static double[] transpose(double[] a, int d) {
        double[] t = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) t[j * d + i] = a[i * d + j];
        return t;
    }

    /** ‖A‖₂ by power iteration on AᵀA (converges fast when the top singular values are separated or equal). */
    static double norm2(double[] a, int d) {
        double[] ata = multiply(transpose(a, d), a, d);
        double[] v = new double[d];
        for (int i = 0; i < d; i++) v[i] = 1 + 0.1 * i;
        double lambda = 0;
        for (int it = 0; it < 2000; it++) {
            double[] w = new double[d];
            for (int i = 0; i < d; i++)
                for (int k = 0; k < d; k++) w[i] += ata[i * d + k] * v[k];
            double n = 0;
            for (double x : w) n += x * x;
            n = Math.sqrt(n);
            for (int i = 0; i < d; i++) v[i] = w[i] / n;
            lambda = n;
        }
        return Math.sqrt(lambda);
    }

    @Test
    void randomStableIsNormalWithTheRequestedRadius() {
        for (int d : new int[] {1, 2, 3, 10, 25}) {
            LinearModel model = LinearModel.randomStable(d, 42, 0.95);
            double[] m = model.matrix();
            // Normal: M Mᵀ = Mᵀ M (to rounding), so ‖Mⁿ‖₂ = ρⁿ exactly: the spectral radius is ‖M‖₂.
            assertArrayEquals(multiply(m, transpose(m, d), d), multiply(transpose(m, d), m, d), 1e-13, "normal d=" + d);
            assertEquals(0.95, norm2(m, d), 1e-9, "‖M‖₂ d=" + d);
            double[] m5 = multiply(multiply(multiply(multiply(m, m, d), m, d), m, d), m, d);
            assertEquals(Math.pow(0.95, 5), norm2(m5, d), 1e-9, "‖M⁵‖₂ d=" + d);
            // Seeded: the same matrix again; another seed gives another one.
            assertArrayEquals(m, LinearModel.randomStable(d, 42, 0.95).matrix(), 0.0);
            if (d > 1) assertTrue(m[0] != LinearModel.randomStable(d, 43, 0.95).matrix()[0]);
        }
    }

    @Test
    void advanceIsMatrixPowerTimesState() {
        int d = 7;
        LinearModel model = LinearModel.randomStable(d, 1, 0.9);
        double[] m = model.matrix();
        Ensemble e = new Ensemble(3, d);
        for (int k = 0; k < e.data().length; k++) e.data()[k] = Math.cos(k);
        Ensemble start = e.copy();
        model.advance(e, 0, 3);
        double[] m3 = multiply(multiply(m, m, d), m, d);
        for (int member = 0; member < 3; member++)
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += m3[i * d + k] * start.get(member, k);
                assertEquals(s, e.get(member, i), 1e-14);
            }
        assertEquals(1, model.dt());
    }

    @Test
    void rotation() {
        LinearModel r = LinearModel.rotation(Math.PI / 2);
        Ensemble e = Ensemble.wrap(1, 2, new double[] {1, 0});
        r.advance(e, 0, 1);
        assertArrayEquals(new double[] {0, 1}, e.data(), 1e-15);
    }

    @Test
    void threadCountDoesNotChangeResults() {
        int d = 60;
        double[] matrix = LinearModel.randomStable(d, 3, 0.99).matrix();
        Ensemble start = new Ensemble(500, d);
        for (int k = 0; k < start.data().length; k++) start.data()[k] = Math.sin(0.1 * k);
        Ensemble one = start.copy(), two = start.copy();
        try (Parallel p1 = new Parallel(1); Parallel p2 = new Parallel(2)) {
            new LinearModel(matrix, d, p1).advance(one, 0, 20);
            new LinearModel(matrix, d, p2).advance(two, 0, 20);
        }
        assertArrayEquals(one.data(), two.data(), 0.0);
    }

    @Test
    void validation() {
        assertThrows(IllegalArgumentException.class, () -> new LinearModel(new double[5], 2));
        assertThrows(IllegalArgumentException.class, () -> new LinearModel(null, 2));
        assertThrows(IllegalArgumentException.class, () -> new LinearModel(new double[] {1, Double.NaN, 0, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> LinearModel.randomStable(0, 1, 0.9));
        assertThrows(IllegalArgumentException.class, () -> LinearModel.randomStable(4, 1, -0.9));
        LinearModel m = new LinearModel(new double[] {1, 0, 0, 1}, 2);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> m.advance(new Ensemble(1, 3), 0, 1));
        assertEquals("ensemble dim = 3: expected 2 for linear(d=2)", ex.getMessage());
    }
}
