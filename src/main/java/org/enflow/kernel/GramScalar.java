package org.enflow.kernel;

/**
 * Plain-Java twin of {@link GramVector}: the same signatures and results up to rounding, no argument
 * checks. Rows are read in place (no packing; the workspace is not used) and G is formed from 2 × 2 blocks
 * of dot products, four independent sums sharing each load. Work is split over rows of G, each entry
 * computed by one block in one order: bit-identical for any {@link Parallel}.
 */
public final class GramScalar {
    /** Target multiply-adds per parallel block (~0.5 ms of scalar work). */
    private static final double BLOCK_FMAS = 1e6;

    private GramScalar() {}

    /** The scalar twin needs no workspace. */
    public static int workspaceLength(int m, int n, int d) {
        return 0;
    }

    public static void compute(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                               double[] g, double[] work) {
        computeCentred(par, a, aOff, m, b, bOff, n, d, null, 0, g, work);
    }

    public static void computeCentred(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                                      double[] centre, int cOff, double[] g, double[] work) {
        computeColumns(par, a, aOff, m, b, bOff, n, d, 0, d, centre, cOff, g);
    }

    /** g[i·n + j] = a_i[k0, k0+kw) · b_j[k0, k0+kw) for rows stored ld apart. */
    public static void computeColumns(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int ld,
                                      int k0, int kw, double[] g, double[] work) {
        computeColumns(par, a, aOff, m, b, bOff, n, ld, k0, kw, null, 0, g);
    }

    private static void computeColumns(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int ld,
                                       int k0, int kw, double[] centre, int cOff, double[] g) {
        int pairs = (m + 1) / 2;
        int grain = (int) Math.max(1, Math.ceil(BLOCK_FMAS / (2.0 * n * Math.max(1, kw))));
        int a0 = aOff + k0, b0 = bOff + k0, c0 = cOff + k0;
        par.forRange(pairs, grain, (blk, p0, p1) -> {
            for (int i = 2 * p0, iEnd = Math.min(m, 2 * p1); i < iEnd; i += 2) {
                if (i + 1 < iEnd) rows2(a, a0 + i * ld, a0 + (i + 1) * ld, b, b0, n, ld, kw, centre, c0, g, i * n);
                else row1(a, a0 + i * ld, b, b0, n, ld, kw, centre, c0, g, i * n);
            }
        });
    }

    /** Two rows of G: g[gOff + j] and g[gOff + n + j]; rows of B start ld apart at bOff, len values each. */
    private static void rows2(double[] a, int a0, int a1, double[] b, int bOff, int n, int ld, int len, double[] c, int cOff,
                              double[] g, int gOff) {
        int j = 0;
        for (; j + 1 < n; j += 2) {
            int b0 = bOff + j * ld, b1 = b0 + ld;
            double s00 = 0, s01 = 0, s10 = 0, s11 = 0;
            for (int k = 0; k < len; k++) {
                double ck = c == null ? 0 : c[cOff + k];
                double x0 = a[a0 + k] - ck, x1 = a[a1 + k] - ck, y0 = b[b0 + k] - ck, y1 = b[b1 + k] - ck;
                s00 += x0 * y0;
                s01 += x0 * y1;
                s10 += x1 * y0;
                s11 += x1 * y1;
            }
            g[gOff + j] = s00;
            g[gOff + j + 1] = s01;
            g[gOff + n + j] = s10;
            g[gOff + n + j + 1] = s11;
        }
        if (j < n) {
            g[gOff + j] = dot(a, a0, b, bOff + j * ld, len, c, cOff);
            g[gOff + n + j] = dot(a, a1, b, bOff + j * ld, len, c, cOff);
        }
    }

    private static void row1(double[] a, int a0, double[] b, int bOff, int n, int ld, int len, double[] c, int cOff,
                             double[] g, int gOff) {
        for (int j = 0; j < n; j++) g[gOff + j] = dot(a, a0, b, bOff + j * ld, len, c, cOff);
    }

    private static double dot(double[] a, int a0, double[] b, int b0, int d, double[] c, int cOff) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double ck = c == null ? 0 : c[cOff + k];
            s += (a[a0 + k] - ck) * (b[b0 + k] - ck);
        }
        return s;
    }
}
