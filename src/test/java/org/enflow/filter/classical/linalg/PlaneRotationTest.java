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
}
