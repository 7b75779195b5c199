package org.enflow.filter.classical.linalg;

import org.enflow.kernel.Vectorization;

/**
 * Applies plane (Givens) rotations to rows of a flat matrix: (x, y) ← (c x + s y, c y − s x)
 * elementwise, computed as (fma(c, x, s·y), fma(−s, x, c·y)) by both twins (bit-identical; the row that a sweep
 * carries from one rotation to the next sits on one fma per rotation). Dispatches to the Vector
 * API twin when {@link Vectorization#enabled()}, else to the scalar loop; the eigensolvers spend much of
 * their time here.
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
            m[xOff + t] = Math.fma(c, u, s * v);
            m[yOff + t] = Math.fma(-s, u, c * v);
        }
    }

    /**
     * One QR sweep: the rotations k = lo … hi−1 with (cs[k−lo], sn[k−lo]) applied in order to the row
     * pairs (k, k+1) of the rows at m[off + k·ld ..] (len entries each). Equal to hi−lo calls of
     * {@link #apply}, but each row is loaded and stored once: the row that rotation k hands to rotation
     * k+1 stays in a register (a vector store followed at once by a load of the same row stalls).
     */
    public static void sweep(double[] m, int off, int ld, int lo, int hi, double[] cs, double[] sn, int len) {
        if (VECTOR) PlaneRotationVector.sweep(m, off, ld, lo, hi, cs, sn, len);
        else sweepScalar(m, off, ld, lo, hi, cs, sn, 0, len);
    }

    /** The scalar reference of {@link #sweep} over the columns [from, to). */
    public static void sweepScalar(double[] m, int off, int ld, int lo, int hi, double[] cs, double[] sn, int from, int to) {
        for (int t = from; t < to; t++) {
            double x = m[off + lo * ld + t];
            for (int k = lo; k < hi; k++) {
                double c = cs[k - lo], s = sn[k - lo];
                int o = off + (k + 1) * ld + t;
                double y = m[o];
                m[o - ld] = Math.fma(c, x, s * y);
                x = Math.fma(-s, x, c * y);
            }
            m[off + hi * ld + t] = x;
        }
    }
}
