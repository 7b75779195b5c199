package org.enflow.kernel;

/**
 * Gram panels G = A Bᵀ of row-major A (m × d) and B (n × d): g[i·n + j] = a_i · b_j, optionally about a
 * common centre c: (a_i − c)·(b_j − c). The all-pairs products behind pairwise distances, kernel
 * densities and ensemble-space transforms, computed register-tiled (see {@link GramVector}) rather than
 * pair by pair.
 *
 * <p>Checks arguments, then dispatches to {@link GramVector} when {@link Vectorization#enabled()} and to
 * {@link GramScalar} otherwise; both are public with the same signatures. The caller owns the output
 * (at least m·n doubles, written at [0, m·n)) and the workspace ({@link #workspaceLength} doubles, its
 * content is scratch). Work is split over rows of G through {@link Parallel#forRange} in blocks fixed by the
 * sizes (~0.25 ms each, at least a few for products of a few MFLOP; tiny ones run inline), so results are
 * bit-identical for any thread count.
 */
public final class Gram {
    private static final boolean VECTOR = Vectorization.enabled();

    private Gram() {}

    /** Doubles of workspace {@link #compute} and {@link #computeCentred} need for these sizes. */
    public static int workspaceLength(int m, int n, int d) {
        checkSizes(m, n, d);
        return VECTOR ? GramVector.workspaceLength(m, n, d) : GramScalar.workspaceLength(m, n, d);
    }

    /** g[i·n + j] = a_i · b_j, single-threaded. */
    public static void compute(double[] a, int aOff, int m, double[] b, int bOff, int n, int d, double[] g, double[] work) {
        computeCentred(Parallel.sequential(), a, aOff, m, b, bOff, n, d, null, 0, g, work);
    }

    /** g[i·n + j] = a_i · b_j. */
    public static void compute(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                               double[] g, double[] work) {
        computeCentred(par, a, aOff, m, b, bOff, n, d, null, 0, g, work);
    }

    /**
     * g[i·n + j] = a_i[k0, k0+kw) · b_j[k0, k0+kw): the Gram panel of a range of columns of A (m rows) and
     * B (n rows) stored row-major with rows ld apart (rows of length ld ≥ k0 + kw). Lets a caller split a
     * long product over column ranges and sum the panels in a fixed order. Workspace:
     * {@link #workspaceLength}(m, n, kw).
     */
    public static void computeColumns(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int ld,
                                      int k0, int kw, double[] g, double[] work) {
        Require.notNull("par", par);
        checkSizes(m, n, kw);
        Require.positive("ld", ld);
        if (k0 < 0 || (long) k0 + kw > ld)
            throw new IllegalArgumentException("columns [" + k0 + ", " + ((long) k0 + kw) + ") must lie in [0, ld = " + ld + ")");
        Check.product("m * ld", m, ld);
        Check.product("n * ld", n, ld);
        Check.slice("a", a, aOff, (long) (m - 1) * ld + k0 + kw);
        Check.slice("b", b, bOff, (long) (n - 1) * ld + k0 + kw);
        Check.slice("g", g, 0, (long) m * n);
        Check.workspace("work", work, workspaceLength(m, n, kw));
        if (g == a || g == b) throw new IllegalArgumentException("g must not be the array holding a or b");
        if (work == a || work == b || work == g) throw new IllegalArgumentException("work must be a separate array (not a, b or g)");
        if (VECTOR) GramVector.computeColumns(par, a, aOff, m, b, bOff, n, ld, k0, kw, g, work);
        else GramScalar.computeColumns(par, a, aOff, m, b, bOff, n, ld, k0, kw, g, work);
    }

    /** g[i·n + j] = (a_i − c)·(b_j − c) with c = centre[cOff .. cOff+d); a null centre means c = 0. */
    public static void computeCentred(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                                      double[] centre, int cOff, double[] g, double[] work) {
        Require.notNull("par", par);
        checkSizes(m, n, d);
        Check.slice("a", a, aOff, (long) m * d);
        Check.slice("b", b, bOff, (long) n * d);
        if (centre != null) Check.slice("centre", centre, cOff, d);
        Check.slice("g", g, 0, (long) m * n);
        Check.workspace("work", work, workspaceLength(m, n, d));
        if (g == a || g == b || g == centre) throw new IllegalArgumentException("g must not be the array holding a, b or centre");
        if (work == a || work == b || work == g || work == centre)
            throw new IllegalArgumentException("work must be a separate array (not a, b, centre or g)");
        if (VECTOR) GramVector.computeCentred(par, a, aOff, m, b, bOff, n, d, centre, cOff, g, work);
        else GramScalar.computeCentred(par, a, aOff, m, b, bOff, n, d, centre, cOff, g, work);
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
