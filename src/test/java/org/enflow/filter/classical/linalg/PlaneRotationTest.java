package org.enflow.filter.classical.linalg;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.enflow.kernel.Vectorization;
import org.junit.jupiter.api.Test;

class PlaneRotationTest {
    /** Vector twin against the scalar reference over sizes 1 … 4099 (primes, tails): each entry is 2 products, ≤ 2 ulp apart. */
    @Test
    void vectorMatchesScalarOverManySizes() {
        assumeTrue(Vectorization.enabled());
        Random rnd = new Random(3);
        for (int n = 1; n <= 4099; n = n < 40 ? n + 1 : n * 2 + 1) {
            double[] m = new double[2 * n + 7];
            for (int i = 0; i < m.length; i++) m[i] = rnd.nextGaussian();
            double th = rnd.nextDouble() * 2 * Math.PI, c = Math.cos(th), s = Math.sin(th);
            double[] a = m.clone(), b = m.clone();
            PlaneRotation.apply(a, 3, 3 + n, n, c, s);
            PlaneRotation.applyScalar(b, 3, 3 + n, n, c, s);
            for (int i = 0; i < m.length; i++) assertEquals(b[i], a[i], 4 * Math.ulp(Math.abs(m[i]) + 4), "n=" + n + " i=" + i);
        }
    }

    @Test
    void rotationPreservesNormsAndOrthogonality() {
        double[] m = {3, 4, 0, 0, 0, 5};
        PlaneRotation.apply(m, 0, 3, 3, 0.6, 0.8);
        assertArrayEquals(new double[] {1.8, 2.4, 4.0, -2.4, -3.2, 3.0}, m, 1e-15);
    }

    /** A sweep equals its rotations applied one by one, bit for bit, in both twins and over many row lengths. */
    @Test
    void sweepEqualsSequentialRotations() {
        Random rnd = new Random(4);
        for (int len = 1; len <= 4099; len = len < 41 ? len + 1 : len * 2 + 1) {
            int rows = 9, ld = len + 2, lo = 2, hi = 7;
            double[] m = new double[rows * ld + 3];
            for (int i = 0; i < m.length; i++) m[i] = rnd.nextGaussian();
            double[] cs = new double[hi - lo], sn = new double[hi - lo];
            for (int k = 0; k < hi - lo; k++) {
                double th = rnd.nextDouble() * 2 * Math.PI;
                cs[k] = Math.cos(th);
                sn[k] = Math.sin(th);
            }
            double[] seq = m.clone(), swept = m.clone(), scalar = m.clone();
            for (int k = lo; k < hi; k++) PlaneRotation.applyScalar(seq, 1 + k * ld, 1 + (k + 1) * ld, len, cs[k - lo], sn[k - lo]);
            PlaneRotation.sweep(swept, 1, ld, lo, hi, cs, sn, len);
            PlaneRotation.sweepScalar(scalar, 1, ld, lo, hi, cs, sn, 0, len);
            assertArrayEquals(seq, scalar, "scalar sweep, len=" + len);
            assertArrayEquals(seq, swept, "sweep, len=" + len);
        }
    }
}
