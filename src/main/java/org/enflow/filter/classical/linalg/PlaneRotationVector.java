package org.enflow.filter.classical.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector API twin of {@link PlaneRotation#applyScalar}; loaded only when vectorization is enabled. */
final class PlaneRotationVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private PlaneRotationVector() {}

    static void apply(double[] m, int xOff, int yOff, int n, double c, double s) {
        int bound = S.loopBound(n);
        DoubleVector cv = DoubleVector.broadcast(S, c), sv = DoubleVector.broadcast(S, s);
        int t = 0;
        for (; t < bound; t += S.length()) {
            DoubleVector u = DoubleVector.fromArray(S, m, xOff + t), v = DoubleVector.fromArray(S, m, yOff + t);
            cv.fma(u, sv.mul(v)).intoArray(m, xOff + t);
            cv.fma(v, sv.mul(u).neg()).intoArray(m, yOff + t);
        }
        for (; t < n; t++) {
            double u = m[xOff + t], v = m[yOff + t];
            m[xOff + t] = c * u + s * v;
            m[yOff + t] = c * v - s * u;
        }
    }
}
