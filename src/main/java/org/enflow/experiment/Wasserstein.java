package org.enflow.experiment;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.PairwiseDistances;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * The 2-Wasserstein distance between two uniformly weighted point sets in ℝ^d, by exact optimal transport
 * with the squared Euclidean cost (protocol.md §2):
 *
 * <pre>  W2(A, B)² = min over transport plans of Σ_ij π_ij ‖a_i − b_j‖²</pre>
 *
 * <ul>
 *   <li>n = m: a vertex of the Birkhoff polytope is optimal, so the plan is a permutation and
 *   W2² = (1/n) min_σ Σ_i ‖a_i − b_σ(i)‖², an {@link Assignment} problem.</li>
 *   <li>m = q·n (or n = q·m) for an integer q: each point of the smaller set is replicated q times with mass
 *   1/m, and the m × m assignment solved; exact for uniform weights, since an optimal plan of the
 *   replicated problem is a vertex too.</li>
 * </ul>
 *
 * <p>Costs come from {@link PairwiseDistances#squared} (bit-identical for any {@link Parallel}); the
 * assignment is sequential, O(m³) worst case, measured ≈ 0.1–0.2 s at m = 1000 (docs/filters.md). An
 * instance keeps its workspaces (the m × m cost matrix: 8 MB at m = 1000, 32 MB at 2000) between calls
 * and is not thread-safe.
 */
public final class Wasserstein {
    private final Parallel parallel;
    private final Assignment assignment = new Assignment();
    private double[] cost = new double[0], work = new double[0];

    public Wasserstein(Parallel parallel) {
        this.parallel = Require.notNull("parallel", parallel);
    }

    /** W2 between the members of two equally weighted ensembles of the same dimension. */
    public double distance(Ensemble a, Ensemble b) {
        Require.notNull("a", a);
        Require.notNull("b", b);
        return distance(a.data(), 0, a.members(), b.data(), 0, b.members(), a.dim(), b.dim());
    }

    /**
     * W2 between n uniform points a (row-major n × d at aOff) and m uniform points b (m × d at bOff),
     * where the larger count is an integer multiple of the smaller.
     */
    public double distance(double[] a, int aOff, int n, double[] b, int bOff, int m, int d) {
        return Math.sqrt(squaredDistance(a, aOff, n, b, bOff, m, d));
    }

    private double distance(double[] a, int aOff, int n, double[] b, int bOff, int m, int da, int db) {
        if (da != db) throw new IllegalArgumentException("dimensions " + da + " and " + db + ": expected equal");
        return distance(a, aOff, n, b, bOff, m, da);
    }

    /** W2², the optimal mean squared transport cost; see {@link #distance(double[], int, int, double[], int, int, int)}. */
    public double squaredDistance(double[] a, int aOff, int n, double[] b, int bOff, int m, int d) {
        Require.positive("n", n);
        Require.positive("m", m);
        Require.positive("d", d);
        if (Math.max(n, m) % Math.min(n, m) != 0)
            throw new IllegalArgumentException("point counts n = " + n + ", m = " + m
                    + ": expected one to be an integer multiple of the other (exact transport by replication)");
        requireFinite("a", a, aOff, n, d);
        requireFinite("b", b, bOff, m, d);
        return n <= m ? solve(a, aOff, n, b, bOff, m, d) : solve(b, bOff, m, a, aOff, n, d);
    }

    /** W2² for n ≤ m = q·n, arguments checked. */
    private double solve(double[] a, int aOff, int n, double[] b, int bOff, int m, int d) {
        long size = (long) m * m;
        if (size > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("m = " + m + ": the m x m cost matrix needs at most " + (Integer.MAX_VALUE - 16) + " doubles");
        if (cost.length < size) cost = new double[(int) size];
        int need = PairwiseDistances.workspaceLength(n, m, d);
        if (work.length < need) work = new double[need];
        // n × m distances into the top rows, then each row replicated q times from the bottom up (row i
        // goes to rows iq … iq+q−1 ≥ i, so no source row is overwritten before it is copied).
        PairwiseDistances.squared(parallel, a, aOff, n, b, bOff, m, d, cost, work);
        int q = m / n;
        if (q > 1) {
            for (int i = n - 1; i >= 0; i--)
                for (int c = q - 1; c >= 0; c--) System.arraycopy(cost, i * m, cost, (i * q + c) * m, m);
        }
        return Math.max(0, assignment.solve(cost, m) / m);
    }

    private static void requireFinite(String name, double[] x, int off, int count, int d) {
        Require.notNull(name, x);
        long len = (long) count * d;
        if (off < 0 || off + len > x.length)
            throw new IllegalArgumentException(name + ": offset " + off + " + " + count + " points x " + d
                    + " exceeds its length " + x.length);
        for (int k = 0; k < len; k++)
            if (!Double.isFinite(x[off + k]))
                throw new IllegalArgumentException(name + " point " + k / d + ", component " + k % d + " = " + x[off + k]
                        + ": expected finite coordinates");
    }
}
