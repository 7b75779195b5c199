package org.enflow.kernel;

/**
 * Plain-Java twin of {@link PairwiseDistancesVector}: the same signatures, the same block structure
 * ({@link DistanceBlocking}) and workspace, results equal up to rounding; no argument checks.
 */
public final class PairwiseDistancesScalar {
    private static final int T = DistanceBlocking.TILE;
    private static final int KB = DistanceBlocking.KB;

    private PairwiseDistancesScalar() {}

    public static int gramWorkspaceLength(int m, int n, int d) {
        long len = (long) d + m + n + GramScalar.workspaceLength(m, n, d);
        if (len > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("distance workspace needs " + len + " doubles");
        return (int) len;
    }

    public static void squaredViaGram(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                                      double[] out, double[] work) {
        final int naOff = d, nbOff = d + m;
        BlasScalar.sumOfRows(b, bOff, n, d, d, work, 0);
        BlasScalar.scale(1.0 / n, work, 0, d);
        for (int i = 0; i < m; i++) work[naOff + i] = BlasScalar.squaredDistance(a, aOff + i * d, work, 0, d);
        for (int j = 0; j < n; j++) work[nbOff + j] = BlasScalar.squaredDistance(b, bOff + j * d, work, 0, d);
        GramScalar.computeCentred(par, a, aOff, m, b, bOff, n, d, work, 0, out, work);
        boolean self = DistanceBlocking.self(a, aOff, m, b, bOff, n);
        for (int i = 0; i < m; i++) {
            double na = work[naOff + i];
            for (int j = 0; j < n; j++) out[i * n + j] = Math.max(0.0, na + work[nbOff + j] - 2 * out[i * n + j]);
            if (self) out[i * n + i] = 0;
        }
    }

    public static int streamingWorkspaceLength(int m, int n, int d) {
        return DistanceBlocking.workspaceLength(m, n, d);
    }

    public static void squaredStreaming(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                                        double[] out, double[] work) {
        boolean self = DistanceBlocking.self(a, aOff, m, b, bOff, n);
        int mn = m * n;
        if (DistanceBlocking.splitD(m, n)) {
            int blocks = DistanceBlocking.blocks(m, n, d);
            boolean partials = blocks > 1;
            par.forRange(d, DistanceBlocking.dGrain(m, n, d), (blk, k0, k1) -> {
                double[] dst = partials ? work : out;
                int dstOff = partials ? blk * mn : 0;
                java.util.Arrays.fill(dst, dstOff, dstOff + mn, 0.0);
                accumulate(a, aOff, b, bOff, n, d, self, 0, m, k0, k1, dst, dstOff);
            });
            if (partials) DistanceBlocking.combine(work, blocks, mn, out);
        } else {
            par.forRange(DistanceBlocking.tiles(m), DistanceBlocking.rowTileGrain(n, d), (blk, t0, t1) -> {
                int i0 = t0 * T, i1 = Math.min(m, t1 * T);
                java.util.Arrays.fill(out, i0 * n, i1 * n, 0.0);
                accumulate(a, aOff, b, bOff, n, d, self, i0, i1, 0, d, out, 0);
            });
        }
        if (self) DistanceBlocking.symmetrize(out, n);
    }

    private static void accumulate(double[] a, int aOff, double[] b, int bOff, int n, int d, boolean self,
                                   int i0, int i1, int k0, int k1, double[] dst, int dstOff) {
        for (int s = k0; s < k1; s += KB) {
            int len = Math.min(KB, k1 - s);
            for (int i = i0; i < i1; i++) {
                for (int j = self ? i : 0; j < n; j++) {
                    dst[dstOff + i * n + j] += BlasScalar.squaredDistance(a, aOff + i * d + s, b, bOff + j * d + s, len);
                }
            }
        }
    }
}
