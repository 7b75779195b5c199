package org.enflow.filter.common;

import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.kernel.Require;

/**
 * Resampling schemes of the bootstrap particle filter. Each turns normalized weights w (Σw = 1) into N
 * ancestor indices, sorted ascending, with E[count_i] = N·w_i. All invert the cumulative weights with one
 * merge pass over sorted points, O(N); zero-weight particles are never selected.
 */
public enum Resampler {
    /** N iid categorical draws (sorted uniforms generated directly as normalized exponential spacings). */
    MULTINOMIAL,
    /** One u ~ U[0, 1/N), points u + i/N: count_i ∈ {⌊Nw_i⌋, ⌊Nw_i⌋ + 1} (DAPPER's default). */
    SYSTEMATIC,
    /** u_i ~ U[i/N, (i+1)/N) independently. */
    STRATIFIED,
    /** ⌊Nw_i⌋ deterministic copies, then a multinomial draw of the remainder ∝ Nw_i − ⌊Nw_i⌋. */
    RESIDUAL;

    /** The scheme named {@code name} (case-insensitive), or an exception naming the allowed values. */
    public static Resampler parse(String name) {
        for (Resampler r : values()) if (r.name().equalsIgnoreCase(name.trim())) return r;
        throw new IllegalArgumentException("resampler = " + name + ": expected one of multinomial, systematic, stratified, residual");
    }

    /**
     * Fills {@code out[0..n)} with ancestor indices for the n normalized weights {@code w}.
     * {@code points} and {@code cdf} are caller-owned workspaces of length ≥ n (and {@code cdf} ≥ n + 1).
     */
    public void resample(double[] w, int n, UniformRandomProvider rng, int[] out, double[] points, double[] cdf) {
        Require.positive("n", n);
        switch (this) {
            case SYSTEMATIC: {
                double u = rng.nextDouble() / n;
                for (int i = 0; i < n; i++) points[i] = u + (double) i / n;
                invert(w, n, points, n, out, 0, cdf);
                break;
            }
            case STRATIFIED: {
                for (int i = 0; i < n; i++) points[i] = (i + rng.nextDouble()) / n;
                invert(w, n, points, n, out, 0, cdf);
                break;
            }
            case MULTINOMIAL: {
                sortedUniforms(rng, points, n);
                invert(w, n, points, n, out, 0, cdf);
                break;
            }
            case RESIDUAL: {
                int filled = 0;
                for (int i = 0; i < n; i++) {
                    int copies = (int) Math.floor(n * w[i]);
                    for (int c = 0; c < copies && filled < n; c++) out[filled++] = i;
                }
                int rest = n - filled;
                if (rest > 0) {
                    // Residual weights n·w_i − ⌊n·w_i⌋ go to `points`, the sorted uniforms to `cdf`.
                    for (int i = 0; i < n; i++) points[i] = n * w[i] - Math.floor(n * w[i]);
                    sortedUniforms(rng, cdf, rest);
                    invertUnnormalized(points, n, cdf, rest, out, filled);
                    // Both runs are sorted; one sort of ints restores the ascending order callers rely on.
                    java.util.Arrays.sort(out, 0, n);
                }
                break;
            }
            default:
                throw new AssertionError(this);
        }
    }

    /** Sorted U[0,1) points via normalized cumulative exponential spacings: O(n), exact in law. */
    static void sortedUniforms(UniformRandomProvider rng, double[] out, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += -Math.log(1 - rng.nextDouble());
            out[i] = s;
        }
        double total = s - Math.log(1 - rng.nextDouble());
        for (int i = 0; i < n; i++) out[i] /= total;
    }

    /** Inverts the cumulative weights at the sorted points in [0,1); writes indices to out[off..off+m). */
    private static void invert(double[] w, int n, double[] points, int m, int[] out, int off, double[] cdf) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += w[i];
            cdf[i] = s;
        }
        merge(w, cdf, n, s, points, m, out, off);
    }

    /** As {@link #invert} for unnormalized weights, with its own running sum (no cdf array). */
    private static void invertUnnormalized(double[] w, int n, double[] points, int m, int[] out, int off) {
        double total = 0;
        for (int i = 0; i < n; i++) total += w[i];
        int j = 0;
        double c = w[0];
        int lastPositive = lastPositive(w, n);
        for (int t = 0; t < m; t++) {
            double x = points[t] * total;
            while (j < lastPositive && !(c > x)) {
                j++;
                c += w[j];
            }
            out[off + t] = j;
        }
    }

    private static void merge(double[] w, double[] cdf, int n, double total, double[] points, int m, int[] out, int off) {
        int last = lastPositive(w, n);
        int j = 0;
        for (int t = 0; t < m; t++) {
            double x = points[t] * total;
            // First j with cdf[j] > x skips zero-weight particles (their cdf equals the previous one).
            while (j < last && !(cdf[j] > x)) j++;
            out[off + t] = j;
        }
    }

    private static int lastPositive(double[] w, int n) {
        for (int i = n - 1; i >= 0; i--) if (w[i] > 0) return i;
        throw new IllegalArgumentException("particle weights are all zero: cannot resample");
    }

    /** Effective sample size 1 / Σ w_i² of normalized weights. */
    public static double effectiveSize(double[] w, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] * w[i];
        return 1 / s;
    }
}
