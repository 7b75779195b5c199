package org.enflow.filter.kde;

import org.enflow.ensemble.Ensemble;
import org.enflow.ensemble.EnsembleStatistics;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * The automatic bandwidths of the KDE filter (kde_diffusion.md §7, Java defaults), computed from the
 * forecast ensemble at each analysis. Sums run in member order (deterministic).
 */
public final class KdeBandwidth {
    /** Silverman's σ_x is capped here (the older code's rule). */
    public static final double SILVERMAN_CAP = 0.5;
    /** σ_max is at least this (the code's default start noise). */
    public static final double SIGMA_MAX_FLOOR = 50;
    /** … and at least this many forecast spreads, so the start approximation error O(spread/σ_max) stays small. */
    public static final double SIGMA_MAX_SPREADS = 10;

    private KdeBandwidth() {}

    /**
     * Silverman's rule σ_x = (4/(d+2))^(1/(d+4))·s̄·N^(−1/(d+4)), capped at {@link #SILVERMAN_CAP}, with s̄ the
     * mean over coordinates of the sample standard deviation (1/(N−1)).
     *
     * @throws IllegalArgumentException for N &lt; 2 (no spread: give sigma_x explicitly)
     * @throws IllegalStateException    if the ensemble has collapsed (s̄ = 0)
     */
    public static double silverman(double[] x, int n, int d) {
        checkEnsemble(x, n, d);
        requireTwoMembers(n);
        double[] std = new double[d];
        coordinateStd(wrap(x, n, d), new double[d], std, Parallel.sequential());
        return silvermanFromStd(std, n, d);
    }

    /** {@link #silverman} from the coordinate standard deviations std[0 .. d) of {@link #coordinateStd}. */
    static double silvermanFromStd(double[] std, int n, int d) {
        requireTwoMembers(n);
        double mean = 0;
        for (int c = 0; c < d; c++) mean += std[c];
        mean /= d;
        if (!(mean > 0))
            throw new IllegalStateException("sigma_x = auto: the forecast ensemble has zero spread (Silverman's rule gives 0)");
        double rule = Math.pow(4.0 / (d + 2), 1.0 / (d + 4)) * mean * Math.pow(n, -1.0 / (d + 4));
        return Math.min(rule, SILVERMAN_CAP);
    }

    /** max(50, 10 × spread) with spread = √((1/d)Σ_c var_c), var with 1/(N−1) (0 for N = 1). */
    public static double sigmaMax(double[] x, int n, int d) {
        checkEnsemble(x, n, d);
        double[] std = new double[d];
        if (n > 1) coordinateStd(wrap(x, n, d), new double[d], std, Parallel.sequential());
        return sigmaMaxFromStd(std, n, d);
    }

    /** {@link #sigmaMax} from the coordinate standard deviations std[0 .. d) (not read for N = 1). */
    static double sigmaMaxFromStd(double[] std, int n, int d) {
        double spread = 0;
        if (n > 1) {
            for (int c = 0; c < d; c++) spread += std[c] * std[c];
            spread = Math.sqrt(spread / d);
        }
        return Math.max(SIGMA_MAX_FLOOR, SIGMA_MAX_SPREADS * spread);
    }

    /**
     * mean = the members' mean and std[c] = the sample standard deviation of coordinate c (1/(N − 1), N ≥ 2), by
     * {@link EnsembleStatistics} over column blocks on {@code par}: each column one chain in member order, so the
     * same bits on any thread count. Arrays of length d.
     */
    static void coordinateStd(Ensemble e, double[] mean, double[] std, Parallel par) {
        EnsembleStatistics.mean(e, mean, par);
        EnsembleStatistics.variance(e, mean, std, par);
        for (int c = 0; c < std.length; c++) std[c] = Math.sqrt(std[c]);
    }

    /** The first n rows of x as an ensemble (x itself when it holds exactly n·d values). */
    private static Ensemble wrap(double[] x, int n, int d) {
        int size = n * d;
        return Ensemble.wrap(n, d, x.length == size ? x : java.util.Arrays.copyOf(x, size));
    }

    private static void requireTwoMembers(int n) {
        if (n < 2) throw new IllegalArgumentException("sigma_x = auto needs N >= 2 members (Silverman's rule); N = " + n
                + ": give sigma_x explicitly");
    }

    private static void checkEnsemble(double[] x, int n, int d) {
        Require.notNull("x", x);
        Require.positive("n", n);
        Require.positive("d", d);
        if ((long) n * d > x.length) throw new IllegalArgumentException("x.length = " + x.length + ": expected >= n * d = " + (long) n * d);
    }
}
