package org.enflow.filter.classical.linalg;

import org.enflow.kernel.Vectorization;

/**
 * Applies a plane (Givens) rotation to two rows of a flat matrix:
 * (x, y) ← (c x + s y, c y − s x) elementwise over n entries. Dispatches to the Vector API twin when
 * {@link Vectorization#enabled()}, else to the scalar loop; the eigensolvers spend most of their time here.
 */
public final class PlaneRotation {
    private static final boolean VECTOR = Vectorization.enabled();

    private PlaneRotation() {}

    /** Rotates m[xOff .. xOff+n) and m[yOff .. yOff+n) in place (the ranges must not overlap). */
    public static void apply(double[] m, int xOff, int yOff, int n, double c, double s) {
        if (VECTOR) PlaneRotationVector.apply(m, xOff, yOff, n, c, s);
        else applyScalar(m, xOff, yOff, n, c, s);
    }

    /** The scalar reference. */
    public static void applyScalar(double[] m, int xOff, int yOff, int n, double c, double s) {
        for (int t = 0; t < n; t++) {
            double u = m[xOff + t], v = m[yOff + t];
            m[xOff + t] = c * u + s * v;
            m[yOff + t] = c * v - s * u;
        }
    }
}
