package org.enflow.kernel;

import java.util.Arrays;

/**
 * Plain-Java twin of {@link AbsDifferenceSumsVector}: the same sums in the same order per component
 * (see {@link AbsDifferenceSums}), so the two agree bit for bit; no argument checks. Runs member pair by
 * member pair over the whole run of components, which keeps the inner loop contiguous.
 */
public final class AbsDifferenceSumsScalar {
    private AbsDifferenceSumsScalar() {}

    public static void compute(double[] x, int xOff, int n, int ld, int len, double[] y, int yOff,
                               double[] toY, double[] pairs) {
        Arrays.fill(toY, 0, len, 0.0);
        Arrays.fill(pairs, 0, len, 0.0);
        for (int i = 0; i < n; i++) {
            int oi = xOff + i * ld;
            for (int j = 0; j < len; j++) toY[j] += Math.abs(x[oi + j] - y[yOff + j]);
            for (int k = i + 1; k < n; k++) addAbsDifferences(x, oi, xOff + k * ld, len, pairs);
        }
    }

    /** Both sums of one component (offsets of its member 0 and of y_j). */
    static void column(double[] x, int c, int n, int ld, double[] y, int yc, double[] toY, double[] pairs, int j) {
        double a = 0, p = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[c + i * ld];
            a += Math.abs(xi - y[yc]);
            for (int k = i + 1; k < n; k++) p += Math.abs(xi - x[c + k * ld]);
        }
        toY[j] = a;
        pairs[j] = p;
    }

    /** acc[j] += |x[a+j] − x[b+j]| for j < len. */
    private static void addAbsDifferences(double[] x, int a, int b, int len, double[] acc) {
        for (int j = 0; j < len; j++) acc[j] += Math.abs(x[a + j] - x[b + j]);
    }
}
