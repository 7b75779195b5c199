package org.enflow.kernel;

/**
 * All pairwise squared Euclidean distances out[i·n + j] = ‖a_i − b_j‖² between the rows of row-major A
 * (m × d) and B (n × d), written at out[0, m·n). Two routes, both also public in
 * {@link PairwiseDistancesVector} and {@link PairwiseDistancesScalar} with the same signatures:
 *
 * <ul>
 *   <li>{@link #squaredStreaming}: formed from differences Σ_k (a_ik − b_jk)², streaming d in L1-sized
 *   blocks with a 4 × 4 register tile. Accurate however close the points are (relative error ≲ d·ε).
 *   Memory-bound for few points and huge d (N ≤ ~64, d up to 10⁶), the case it is built for.</li>
 *   <li>{@link #squaredViaGram}: ‖a'‖² + ‖b'‖² − 2 a'·b' on data centred at the mean c of B's rows
 *   (a' = a − c), through the register-tiled {@link Gram} kernel; compute-bound for many points and
 *   moderate d. Its absolute error is ~d·ε·(‖a'‖² + ‖b'‖²): relative to the distance this is small when
 *   pair distances are not much smaller than the spread of the points about c (an ensemble against
 *   itself or against nearby queries), which is why the data are centred — never the raw
 *   ‖a‖² + ‖b‖² − 2a·b, whose error ε·‖a‖² swamps close pairs of far-from-origin points. Clamped at 0.</li>
 * </ul>
 *
 * <p>When A and B are the same rows (same array, offset and count) the result is exactly symmetric with a
 * zero diagonal. The caller owns the output and the workspace (sizes from the {@code ...WorkspaceLength}
 * methods). Blocks depend only on (m, n, d): results are bit-identical for any {@link Parallel}.
 */
public final class PairwiseDistances {
    private static final boolean VECTOR = Vectorization.enabled();

    private PairwiseDistances() {}

    /**
     * Pairs up to which {@link #squared} streams. Measured on the project machine (one core): streaming is
     * 2–3× faster at 64 × 64 × 10⁵ and 100 × 100 × 10⁴, even at 200 × 200 × 10⁴, and the Gram route wins from
     * ~500 × 500 on (packing costs (m+n)·d copies, amortized only over many pairs). Streaming is also the
     * exact one, so ties go to it.
     */
    static final long STREAMING_MAX_PAIRS = 128 * 128;

    /** True when {@link #squared} takes the streaming route for these sizes. */
    public static boolean prefersStreaming(int m, int n, int d) {
        return (long) m * n <= STREAMING_MAX_PAIRS;
    }

    /** Workspace for {@link #squared}: that of the route it takes. */
    public static int workspaceLength(int m, int n, int d) {
        return prefersStreaming(m, n, d) ? streamingWorkspaceLength(m, n, d) : gramWorkspaceLength(m, n, d);
    }

    /** The route suited to the sizes: streaming for few pairs, Gram for many (see {@link #STREAMING_MAX_PAIRS}). */
    public static void squared(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                               double[] out, double[] work) {
        if (prefersStreaming(m, n, d)) squaredStreaming(par, a, aOff, m, b, bOff, n, d, out, work);
        else squaredViaGram(par, a, aOff, m, b, bOff, n, d, out, work);
    }

    public static int gramWorkspaceLength(int m, int n, int d) {
        checkSizes(m, n, d);
        return VECTOR ? PairwiseDistancesVector.gramWorkspaceLength(m, n, d) : PairwiseDistancesScalar.gramWorkspaceLength(m, n, d);
    }

    /** Centred-Gram route; see the class comment for its accuracy. */
    public static void squaredViaGram(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                                      double[] out, double[] work) {
        check(par, a, aOff, m, b, bOff, n, d, out, work);
        Check.workspace("work", work, gramWorkspaceLength(m, n, d));
        if (VECTOR) PairwiseDistancesVector.squaredViaGram(par, a, aOff, m, b, bOff, n, d, out, work);
        else PairwiseDistancesScalar.squaredViaGram(par, a, aOff, m, b, bOff, n, d, out, work);
    }

    public static int streamingWorkspaceLength(int m, int n, int d) {
        checkSizes(m, n, d);
        return DistanceBlocking.workspaceLength(m, n, d);
    }

    /** Difference-based route; accurate for any pair. */
    public static void squaredStreaming(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                                        double[] out, double[] work) {
        check(par, a, aOff, m, b, bOff, n, d, out, work);
        Check.workspace("work", work, streamingWorkspaceLength(m, n, d));
        if (VECTOR) PairwiseDistancesVector.squaredStreaming(par, a, aOff, m, b, bOff, n, d, out, work);
        else PairwiseDistancesScalar.squaredStreaming(par, a, aOff, m, b, bOff, n, d, out, work);
    }

    private static void check(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d, double[] out,
                              double[] work) {
        Require.notNull("par", par);
        checkSizes(m, n, d);
        Check.slice("a", a, aOff, (long) m * d);
        Check.slice("b", b, bOff, (long) n * d);
        Check.slice("out", out, 0, (long) m * n);
        if (out == a || out == b) throw new IllegalArgumentException("out must not be the array holding a or b");
        if (work == a || work == b || work == out)
            throw new IllegalArgumentException("work must be a separate array (not a, b or out)");
    }

    private static void checkSizes(int m, int n, int d) {
        Require.positive("m", m);
        Require.positive("n", n);
        Require.positive("d", d);
        Check.product("m * n", m, n);
        Check.product("m * d", m, d);
        Check.product("n * d", n, d);
    }
}
