package org.enflow.filter.kde;

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
        coordinateStd(x, n, d, std);
        return silvermanFromStd(std, n, d);
    }

    /** {@link #silverman} from the coordinate standard deviations std[0 .. d) of {@link #columnMoments}. */
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
        if (n > 1) coordinateStd(x, n, d, std);
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

    /** std[c] = sample standard deviation of coordinate c over the n members (two passes, member order). */
    static void coordinateStd(double[] x, int n, int d, double[] std) {
        columnMoments(x, n, d, 0, d, new double[d], std);
    }

    /**
     * Columns [c0, c1): mean[c] = (Σ_i x_ic)/n, summed in member order, and, if std is not null, std[c] = the
     * sample standard deviation (second pass, member order, 1/(n − 1); n ≥ 2). Each column is its own chain,
     * so a cut into column ranges changes no bit.
     */
    static void columnMoments(double[] x, int n, int d, int c0, int c1, double[] mean, double[] std) {
        java.util.Arrays.fill(mean, c0, c1, 0.0);
        for (int i = 0; i < n; i++) for (int c = c0; c < c1; c++) mean[c] += x[i * d + c];
        for (int c = c0; c < c1; c++) mean[c] /= n;
        if (std == null) return;
        java.util.Arrays.fill(std, c0, c1, 0.0);
        for (int i = 0; i < n; i++) {
            for (int c = c0; c < c1; c++) {
                double e = x[i * d + c] - mean[c];
                std[c] += e * e;
            }
        }
        for (int c = c0; c < c1; c++) std[c] = Math.sqrt(std[c] / (n - 1));
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
