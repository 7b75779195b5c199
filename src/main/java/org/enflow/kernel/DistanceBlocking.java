package org.enflow.kernel;

/**
 * The block structure of the difference-based (streaming) pairwise distances, shared by
 * {@link PairwiseDistancesScalar} and {@link PairwiseDistancesVector} so both twins need the same
 * workspace. It depends only on (m, n, d), never on threads: results are bit-identical for any
 * {@link Parallel}.
 *
 * <p>Few pairs (m·n ≤ {@value #FEW_PAIRS}), typically an ensemble against itself with huge d: the d axis
 * is cut into parallel blocks, each accumulating all m·n partial sums, combined in block order. Many
 * pairs: the rows of A are cut into blocks, each sweeping all of d for its rows; no partial sums.
 */
final class DistanceBlocking {
    /** d-extent of one cache block: 4 + 4 rows of it (32 KiB) sit in L1 while a tile is computed. */
    static final int KB = 512;
    /** Rows of B per L2 block in the many-pairs regime: NB·KB doubles = 512 KiB. */
    static final int NB = 128;
    /** Register tile: rows of A × rows of B. */
    static final int TILE = 4;
    static final int FEW_PAIRS = 4096;
    /** Scratch doubles per parallel block (one tile of sums). */
    static final int SCRATCH = TILE * TILE;

    private DistanceBlocking() {}

    static boolean splitD(int m, int n) {
        return (long) m * n <= FEW_PAIRS;
    }

    /** d-values per block when splitting d: ~2 Mi doubles of rows per block (≥ 0.5 ms), at most 64 blocks. */
    static int dGrain(int m, int n, int d) {
        long g = Math.max(KB, Math.max((1L << 21) / (m + n), (d + 63L) / 64));
        return (int) Math.min(g, Integer.MAX_VALUE);
    }

    /** Row tiles of A per block when splitting rows: ~2^22 pair-values (≥ 0.5 ms) per block. */
    static int rowTileGrain(int n, int d) {
        double perTile = (double) TILE * n * d;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil((1 << 22) / perTile)));
    }

    static int tiles(int rows) {
        return (rows + TILE - 1) / TILE;
    }

    static int blocks(int m, int n, int d) {
        return splitD(m, n) ? Parallel.blockCount(d, dGrain(m, n, d)) : Parallel.blockCount(tiles(m), rowTileGrain(n, d));
    }

    /** Partial-sum doubles (only when splitting d into more than one block) plus one scratch tile per block. */
    static int workspaceLength(int m, int n, int d) {
        int blocks = blocks(m, n, d);
        long partial = splitD(m, n) && blocks > 1 ? (long) blocks * m * n : 0;
        long len = partial + (long) blocks * SCRATCH;
        if (len > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("distance workspace for m = " + m + ", n = " + n + ", d = " + d + " needs "
                    + len + " doubles: more than one array holds");
        return (int) len;
    }

    /** Offset of block b's scratch tile. */
    static int scratch(int m, int n, int d, int b) {
        int blocks = blocks(m, n, d);
        long partial = splitD(m, n) && blocks > 1 ? (long) blocks * m * n : 0;
        return (int) (partial + (long) b * SCRATCH);
    }

    /** out = Σ_b partial_b in block order, when d was split into several blocks. */
    static void combine(double[] work, int blocks, int mn, double[] out) {
        System.arraycopy(work, 0, out, 0, mn);
        for (int b = 1; b < blocks; b++) {
            int o = b * mn;
            for (int i = 0; i < mn; i++) out[i] += work[o + i];
        }
    }

    /** Self distances: copies the upper triangle onto the lower one and zeroes the diagonal. */
    static void symmetrize(double[] out, int n) {
        final int t = 32; // transpose in 32 × 32 blocks so the strided side stays in cache
        for (int i0 = 0; i0 < n; i0 += t) {
            for (int j0 = i0; j0 < n; j0 += t) {
                for (int i = i0, iEnd = Math.min(n, i0 + t); i < iEnd; i++) {
                    for (int j = Math.max(j0, i + 1), jEnd = Math.min(n, j0 + t); j < jEnd; j++)
                        out[j * n + i] = out[i * n + j];
                }
            }
        }
        for (int i = 0; i < n; i++) out[i * n + i] = 0;
    }

    static boolean self(double[] a, int aOff, int m, double[] b, int bOff, int n) {
        return a == b && aOff == bOff && m == n;
    }
}
