package org.enflow.kernel;

/**
 * The two absolute-difference sums behind the ensemble CRPS, for a run of components at once: for n
 * members stored as rows {@code ld} apart, component j of a run of {@code len},
 * <pre>
 *   toY[j]   = Σ_i |x_i,j − y_j|          (i = 0, 1, …, n−1)
 *   pairs[j] = Σ_{i&lt;k} |x_i,j − x_k,j|   (pairs in the order (0,1), (0,2), …, (0,n−1), (1,2), …)
 * </pre>
 * Each sum starts from 0 and adds its terms one after the other in that order, in both twins, so
 * {@link AbsDifferenceSumsVector} (components in lanes) and {@link AbsDifferenceSumsScalar} give the same
 * bits. Checks arguments, then dispatches on {@link Vectorization#enabled()}. The caller owns the outputs
 * (written at [0, len)); nothing allocates.
 */
public final class AbsDifferenceSums {
    private static final boolean VECTOR = Vectorization.enabled();

    private AbsDifferenceSums() {}

    /**
     * Component j ∈ [0, len) of member i is x[xOff + i·ld + j]; y_j is y[yOff + j]. Writes toY[0, len) and
     * pairs[0, len).
     */
    public static void compute(double[] x, int xOff, int n, int ld, int len, double[] y, int yOff,
                               double[] toY, double[] pairs) {
        Require.positive("n", n);
        Require.atLeast("len", len, 0);
        Require.atLeast("ld", ld, len);
        Check.slice("x", x, xOff, (long) (n - 1) * ld + len);
        Check.slice("y", y, yOff, len);
        Check.slice("toY", toY, 0, len);
        Check.slice("pairs", pairs, 0, len);
        if (toY == pairs) throw new IllegalArgumentException("toY and pairs must be different arrays");
        if (toY == x || toY == y || pairs == x || pairs == y)
            throw new IllegalArgumentException("toY and pairs must not be the arrays holding x or y");
        if (VECTOR) AbsDifferenceSumsVector.compute(x, xOff, n, ld, len, y, yOff, toY, pairs);
        else AbsDifferenceSumsScalar.compute(x, xOff, n, ld, len, y, yOff, toY, pairs);
    }
}
