package org.enflow.kernel;

/**
 * Plain-Java twin of {@link FusedSoftmaxVector}: the reference the vector kernels are tested against and
 * the path taken when the Vector API is not loaded. Distances are formed by direct differences.
 */
final class FusedSoftmaxScalar {
    private FusedSoftmaxScalar() {}

    /** d2[i][j] += Σ_c (a_i[c] − b_j[c])², pair by pair, four partial sums per pair. */
    static void accumulateSquaredDistances(double[] a, int aOff, int aStride, int na, double[] b, int bOff, int bStride,
                                           int nb, int len, double[] d2, int d2Off, int d2Stride) {
        for (int i = 0; i < na; i++) {
            int ai = aOff + i * aStride;
            for (int j = 0; j < nb; j++) {
                int bj = bOff + j * bStride;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int c = 0;
                for (; c + 4 <= len; c += 4) {
                    double e0 = a[ai + c] - b[bj + c];
                    double e1 = a[ai + c + 1] - b[bj + c + 1];
                    double e2 = a[ai + c + 2] - b[bj + c + 2];
                    double e3 = a[ai + c + 3] - b[bj + c + 3];
                    s0 += e0 * e0;
                    s1 += e1 * e1;
                    s2 += e2 * e2;
                    s3 += e3 * e3;
                }
                for (; c < len; c++) {
                    double e = a[ai + c] - b[bj + c];
                    s0 += e * e;
                }
                d2[d2Off + i * d2Stride + j] += (s0 + s1) + (s2 + s3);
            }
        }
    }

    /** The scalar twin of the vector kernel: keys cf·f + cp·g formed per element, then as above. */
    static void accumulateSquaredDistancesToCombination(double[] a, int aOff, int aStride, int na, double cf, double[] f,
                                                        double cp, double[] g, int bOff, int bStride, int nb, int len,
                                                        double[] d2, int d2Off, int d2Stride) {
        for (int i = 0; i < na; i++) {
            int ai = aOff + i * aStride;
            for (int j = 0; j < nb; j++) {
                int bj = bOff + j * bStride;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int c = 0;
                for (; c + 4 <= len; c += 4) {
                    double e0 = a[ai + c] - (cf * f[bj + c] + cp * g[bj + c]);
                    double e1 = a[ai + c + 1] - (cf * f[bj + c + 1] + cp * g[bj + c + 1]);
                    double e2 = a[ai + c + 2] - (cf * f[bj + c + 2] + cp * g[bj + c + 2]);
                    double e3 = a[ai + c + 3] - (cf * f[bj + c + 3] + cp * g[bj + c + 3]);
                    s0 += e0 * e0;
                    s1 += e1 * e1;
                    s2 += e2 * e2;
                    s3 += e3 * e3;
                }
                for (; c < len; c++) {
                    double e = a[ai + c] - (cf * f[bj + c] + cp * g[bj + c]);
                    s0 += e * e;
                }
                d2[d2Off + i * d2Stride + j] += (s0 + s1) + (s2 + s3);
            }
        }
    }

    /**
     * Fused attention, query by query: direct-difference distances, online (running-max) softmax and
     * weighted accumulation of value rows, for queries [from, to). {@code acc[a0 .. a0+dv)} is scratch.
     */
    static void attendRows(double[] q, double[] k, int nk, int d, double[] keyBias, double scale, double[] v, int dv,
                           double[] out, int from, int to, double[] acc, int a0) {
        for (int i = from; i < to; i++) {
            int qi = i * d;
            double m = Double.NEGATIVE_INFINITY, l = 0;
            java.util.Arrays.fill(acc, a0, a0 + dv, 0.0);
            for (int j = 0; j < nk; j++) {
                int kj = j * d;
                double s = 0;
                for (int c = 0; c < d; c++) {
                    double e = q[qi + c] - k[kj + c];
                    s += e * e;
                }
                double lj = -scale * s + (keyBias == null ? 0.0 : keyBias[j]);
                if (lj == Double.NEGATIVE_INFINITY) continue;
                if (lj > m) {
                    double alpha = Exp.exp(m - lj); // 0 on the first finite logit
                    l *= alpha;
                    for (int c = 0; c < dv; c++) acc[a0 + c] *= alpha;
                    m = lj;
                }
                double p = Exp.exp(lj - m);
                l += p;
                int vj = j * dv;
                for (int c = 0; c < dv; c++) acc[a0 + c] += p * v[vj + c];
            }
            FusedSoftmax.checkNormalizer(i, m, l);
            double inv = 1.0 / l;
            int oi = i * dv;
            for (int c = 0; c < dv; c++) out[oi + c] = acc[a0 + c] * inv;
        }
    }

    /** c[p] += Σ_j k[j·d + p] for p in [p0, p1), j = 0 .. nk − 1 in order: the reference of the vector twin. */
    static void sumRows(double[] k, int nk, int d, int p0, int p1, double[] c) {
        for (int p = p0; p < p1; p++) {
            double s = c[p];
            for (int j = 0; j < nk; j++) s += k[j * d + p];
            c[p] = s;
        }
    }

    /** c[p] += Σ_j (a·f[j·d + p] + b·g[j·d + p]) (b·0 for g null), j in order: the reference of the vector twin. */
    static void sumCombinationRows(double[] f, double[] g, double a, double b, int nk, int d, int p0, int p1, double[] c) {
        double bz = b * 0.0;
        for (int p = p0; p < p1; p++) {
            double s = c[p];
            for (int j = 0; j < nk; j++) s += a * f[j * d + p] + (g == null ? bz : b * g[j * d + p]);
            c[p] = s;
        }
    }

    /** out[o + i] = a·x[off + i] + b·y[off + i] (b·0 for y null), i in [0, len): the reference of the vector twin. */
    static void combine(double[] x, double[] y, int off, int len, double a, double b, double[] out, int o) {
        double bz = b * 0.0;
        for (int i = 0; i < len; i++) out[o + i] = a * x[off + i] + (y == null ? bz : b * y[off + i]);
    }

    /** kt[base + p·w + j] = (a·x + b·y)[same] − c[p] (b·0 for y null), p in [0, d), j in [0, w): the reference of the vector twin (w = 3L there). */
    static void combinePanel(double[] x, double[] y, int base, int d, int w, double a, double b, double[] c, double[] kt) {
        double bz = b * 0.0;
        for (int p = 0, o = base; p < d; p++, o += w) {
            for (int j = 0; j < w; j++) kt[o + j] = a * x[o + j] + (y == null ? bz : b * y[o + j]) - c[p];
        }
    }

    /**
     * out[j] = ‖k_j − c‖² for keys j in [j0, j1) (0 for padding keys j ≥ nk), each summed over the components in
     * order, {@code n2 += e·e}: the reference of {@link FusedSoftmaxVector#panelNorms}.
     */
    static void keyNorms(double[] k, int nk, int d, double[] c, int j0, int j1, double[] out) {
        for (int j = j0; j < j1; j++) {
            double n2 = 0;
            if (j < nk) {
                int kj = j * d;
                for (int p = 0; p < d; p++) {
                    double e = k[kj + p] - c[p];
                    n2 += e * e;
                }
            }
            out[j] = n2;
        }
    }
}
