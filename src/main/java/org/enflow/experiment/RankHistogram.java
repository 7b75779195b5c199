package org.enflow.experiment;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Require;

/**
 * Talagrand rank histogram (protocol.md §2): for each component, the rank of the truth among the N members
 * (0..N, the number of members below it), accumulated into N+1 bins. Ties are broken uniformly at random
 * from a dedicated stream, so a rank is uniform on [below, below + equal]. A flat histogram means the
 * truth is statistically indistinguishable from a member; a U shape means the ensemble is under-dispersed.
 *
 * <p>Runs sequentially (the tie-break draws must come in component order to be reproducible); at d = 10⁶
 * and N = 20 one update is a few tens of milliseconds.
 */
public final class RankHistogram {
    private static final int CHUNK = 512;

    private final int members;
    private final long[] counts;
    private final int[] below = new int[CHUNK];
    private final int[] equal = new int[CHUNK];

    public RankHistogram(int members) {
        this.members = Require.positive("members", members);
        this.counts = new long[members + 1];
    }

    public int members() {
        return members;
    }

    /** Adds the ranks of every component of {@code truth} among the members of {@code ensemble}. */
    public void add(Ensemble ensemble, double[] truth, UniformRandomProvider tieBreak) {
        Require.notNull("ensemble", ensemble);
        Require.notNull("tieBreak", tieBreak);
        if (ensemble.members() != members)
            throw new IllegalArgumentException("ensemble.members() = " + ensemble.members() + ": expected " + members);
        int d = ensemble.dim();
        Require.length("truth", truth, d);
        double[] x = ensemble.data();
        for (int c0 = 0; c0 < d; c0 += CHUNK) {
            int len = Math.min(CHUNK, d - c0);
            Arrays.fill(below, 0, len, 0);
            Arrays.fill(equal, 0, len, 0);
            for (int i = 0; i < members; i++) {
                int off = i * d + c0;
                for (int j = 0; j < len; j++) {
                    double v = x[off + j], y = truth[c0 + j];
                    below[j] += v < y ? 1 : 0;
                    equal[j] += v == y ? 1 : 0;
                }
            }
            for (int j = 0; j < len; j++) {
                int rank = below[j] + (equal[j] == 0 ? 0 : tieBreak.nextInt(equal[j] + 1));
                counts[rank]++;
            }
        }
    }

    /** A copy of the N+1 bin counts. */
    public long[] counts() {
        return counts.clone();
    }

    public long total() {
        long t = 0;
        for (long c : counts) t += c;
        return t;
    }

    /** Pearson's χ² statistic against the flat histogram (N degrees of freedom); NaN when empty. */
    public double chiSquare() {
        long total = total();
        if (total == 0) return Double.NaN;
        double expected = (double) total / counts.length;
        double s = 0;
        for (long c : counts) {
            double e = c - expected;
            s += e * e / expected;
        }
        return s;
    }

    /**
     * P(χ²_N ≥ statistic): the p-value of flatness. Components of one cycle are correlated, so treat this
     * as a diagnostic, not an exact test, on experiment output.
     */
    public double flatnessPValue() {
        double chi2 = chiSquare();
        return Double.isNaN(chi2) ? Double.NaN : ChiSquare.survival(chi2, members);
    }
}
