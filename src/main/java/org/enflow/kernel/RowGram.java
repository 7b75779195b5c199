package org.enflow.kernel;

/**
 * The Gram matrix of a few long rows, read in place: g[i·n + j] = Σ_{k ∈ [k0, k1)} a_i[k]·b_j[k] for the n rows
 * of A and of B stored ld apart (row-major). Meant for n up to a few tens and long rows (the ensemble-space
 * products of the ETKF and EnKF-PO at N ≤ 32 with 10⁴–10⁶ observations), where the packed {@link Gram} kernel
 * spends more time packing and padding its panels than multiplying: 2×2 tiles of rows are multiplied straight
 * from the arrays, a block of {@value #K_BLOCK} columns at a time so the rows stay in L1/L2.
 *
 * <p>Each entry is summed the same way whatever the caller: per column block, its products (in SIMD lanes on
 * the vector path), reduced, then added to the entry in block order. With {@code a == b} at the same offset only
 * j ≥ i is computed and copied to j &lt; i, so the result is exactly symmetric. Single-threaded; callers split
 * long rows into fixed column ranges and add the panels in a fixed order. Dispatches to {@link RowGramVector}
 * when {@link Vectorization#enabled()}, else to {@link RowGramScalar}.
 */
public final class RowGram {
    /** Columns per block: a few tens of rows of this many doubles stay in a core's L1/L2. */
    public static final int K_BLOCK = 256;
    private static final boolean VECTOR = Vectorization.enabled();

    private RowGram() {}

    /** Writes g[0, n·n): the products of the rows of A and B over the columns [k0, k1). */
    public static void compute(double[] a, int aOff, double[] b, int bOff, int n, int ld, int k0, int k1, double[] g) {
        run(a, aOff, b, bOff, n, ld, k0, k1, g, false);
    }

    /**
     * Adds the products over the columns [k0, k1) to g[0, n·n), block by block in the same order as {@link #compute}
     * (with {@code a == b} at one offset: to the upper triangle, then mirrored). So calls over consecutive ranges
     * that start on multiples of {@link #K_BLOCK} from the first, starting from g = 0, give exactly the bits of one
     * {@code compute} over their union: a caller can stream over columns tile by tile (the tiles in a scratch
     * array, {@code ld} the tile width) and still get the one-call result.
     */
    public static void accumulate(double[] a, int aOff, double[] b, int bOff, int n, int ld, int k0, int k1, double[] g) {
        run(a, aOff, b, bOff, n, ld, k0, k1, g, true);
    }

    private static void run(double[] a, int aOff, double[] b, int bOff, int n, int ld, int k0, int k1, double[] g, boolean add) {
        Require.positive("n", n);
        Require.positive("ld", ld);
        if (k0 < 0 || k1 < k0 || k1 > ld)
            throw new IllegalArgumentException("columns [" + k0 + ", " + k1 + ") must lie in [0, ld = " + ld + ")");
        Check.product("n * ld", n, ld);
        Check.slice("a", a, aOff, (long) (n - 1) * ld + k1);
        Check.slice("b", b, bOff, (long) (n - 1) * ld + k1);
        Check.slice("g", g, 0, (long) n * n);
        if (g == a || g == b) throw new IllegalArgumentException("g must not be the array holding a or b");
        if (VECTOR) RowGramVector.compute(a, aOff, b, bOff, n, ld, k0, k1, g, add);
        else RowGramScalar.compute(a, aOff, b, bOff, n, ld, k0, k1, g, add);
    }
}
