package org.enflow.experiment;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * Talagrand rank histogram (protocol.md §2): for each component, the rank of the truth among the N members
 * (0..N, the number of members below it), accumulated into N+1 bins. Ties are broken uniformly at random
 * from a dedicated stream, so a rank is uniform on [below, below + equal]. A flat histogram means the
 * truth is statistically indistinguishable from a member; a U shape means the ensemble is under-dispersed.
 *
 * <p>The members below and equal to the truth are counted in blocks of components on the {@link Parallel}
 * given; components without ties go straight into a block's bins, and the tied ones are kept, in component
 * order, for one sequential pass that draws their tie-breaks. So the draws come in component order and the
 * counts are the same for any thread count (and the same as drawing component by component).
 */
public final class RankHistogram {
    private static final int CHUNK = 512;

    private final int members;
    private final long[] counts;

    public RankHistogram(int members) {
        this.members = Require.positive("members", members);
        this.counts = new long[members + 1];
    }

    public int members() {
        return members;
    }

    /** Adds the ranks of every component of {@code truth} among the members of {@code ensemble}, on one thread. */
    public void add(Ensemble ensemble, double[] truth, UniformRandomProvider tieBreak) {
        add(ensemble, truth, tieBreak, Parallel.sequential());
    }

    /** Adds the ranks of every component of {@code truth} among the members of {@code ensemble}. */
    public void add(Ensemble ensemble, double[] truth, UniformRandomProvider tieBreak, Parallel parallel) {
        Require.notNull("ensemble", ensemble);
        Require.notNull("tieBreak", tieBreak);
        Require.notNull("parallel", parallel);
        if (ensemble.members() != members)
            throw new IllegalArgumentException("ensemble.members() = " + ensemble.members() + ": expected " + members);
        int d = ensemble.dim();
        Require.length("truth", truth, d);
        double[] x = ensemble.data();
        Block[] blocks = new Block[Parallel.blockCount(d, GRAIN)];
        parallel.forRange(d, GRAIN, (b, from, to) -> blocks[b] = count(x, d, truth, from, to));
        for (Block block : blocks) {
            for (int r = 0; r <= members; r++) counts[r] += block.bins[r];
            for (int t = 0; t < block.ties; t++)
                counts[block.below[t] + tieBreak.nextInt(block.equal[t] + 1)]++;
        }
    }

    /** Components per block of the counting phase (N rows of a block's chunks stream through L1). */
    private static final int GRAIN = 1 << 16;

    /** One block's bins of the tie-free components, and the tied components' counts in component order. */
    private static final class Block {
        final long[] bins;
        int ties;
        int[] below = new int[0], equal = new int[0];

        Block(int members) {
            bins = new long[members + 1];
        }

        void addTie(int b, int e) {
            if (ties == below.length) {
                below = Arrays.copyOf(below, Math.max(16, 2 * ties));
                equal = Arrays.copyOf(equal, below.length);
            }
            below[ties] = b;
            equal[ties++] = e;
        }
    }

    private Block count(double[] x, int d, double[] truth, int from, int to) {
        Block block = new Block(members);
        int[] below = new int[CHUNK], equal = new int[CHUNK];
        for (int c0 = from; c0 < to; c0 += CHUNK) {
            int len = Math.min(CHUNK, to - c0);
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
                if (equal[j] == 0) block.bins[below[j]]++;
                else block.addTie(below[j], equal[j]);
            }
        }
        return block;
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
