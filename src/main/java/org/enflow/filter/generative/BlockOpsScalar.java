package org.enflow.filter.generative;

/** Plain-Java twin of {@link BlockOpsVector}: products and sums in the same order, no FMA. */
final class BlockOpsScalar {
    private BlockOpsScalar() {}

    static void scale(double[] out, int oo, double c, double[] a, int ao, int n) {
        for (int k = 0; k < n; k++) out[oo + k] = c * a[ao + k];
    }

    static void diff(double[] out, int oo, double c, double[] a, int ao, double[] b, int bo, int n) {
        for (int k = 0; k < n; k++) out[oo + k] = c * (a[ao + k] - b[bo + k]);
    }

    static void accDiff(double[] out, int oo, double[] acc, int co, double c, double[] a, int ao, double[] b, int bo, int n) {
        for (int k = 0; k < n; k++) out[oo + k] = acc[co + k] + c * (a[ao + k] - b[bo + k]);
    }

    static void lin2(double[] out, int oo, double c1, double[] a1, int o1, double c2, double[] a2, int o2, int n) {
        for (int k = 0; k < n; k++) out[oo + k] = c1 * a1[o1 + k] + c2 * a2[o2 + k];
    }

    static void lin3(double[] out, int oo, double c1, double[] a1, int o1, double c2, double[] a2, int o2, double c3, double[] a3,
                     int o3, int n) {
        for (int k = 0; k < n; k++) out[oo + k] = c1 * a1[o1 + k] + c2 * a2[o2 + k] + c3 * a3[o3 + k];
    }

    static void lin4(double[] out, int oo, double c1, double[] a1, int o1, double c2, double[] a2, int o2, double c3, double[] a3,
                     int o3, double c4, double[] a4, int o4, int n) {
        for (int k = 0; k < n; k++) out[oo + k] = c1 * a1[o1 + k] + c2 * a2[o2 + k] + c3 * a3[o3 + k] + c4 * a4[o4 + k];
    }

    static int clamp(double[] a, int off, int n, double limit) {
        int hits = 0;
        for (int k = off; k < off + n; k++) {
            double v = a[k];
            if (v > limit) {
                a[k] = limit;
                hits++;
            } else if (v < -limit) {
                a[k] = -limit;
                hits++;
            }
        }
        return hits;
    }

    /** {@link BlockOps#weightedRows} on the columns [k0, k1) (the vector kernel's tail uses it too). */
    static void weightedRows(int rows, double[] out, int oo, int os, double cz, double[] src, int so, int ss, double[] x, int[] xo,
                             double[] coef, int[] start, int k0, int k1) {
        for (int r = 0; r < rows; r++) {
            int t0 = start[r], t1 = start[r + 1], o = oo + r * os, sr = so + r * ss;
            for (int k = k0; k < k1; k++) {
                double acc = cz == 0.0 ? coef[t0] * x[xo[t0] + k] : cz * src[sr + k] + coef[t0] * x[xo[t0] + k];
                for (int t = t0 + 1; t < t1; t++) acc = acc + coef[t] * x[xo[t] + k];
                out[o + k] = acc;
            }
        }
    }
}
