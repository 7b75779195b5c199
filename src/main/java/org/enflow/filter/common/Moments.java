package org.enflow.filter.common;

/**
 * Ensemble mean and anomalies on flat member-major arrays (member i at [i·d, (i+1)·d)). Covariances in
 * the classical filters use the unbiased normalization {@link #COVARIANCE_DIVISOR_OFFSET}: 1/(N−1), as
 * DAPPER and enff-code do (the KDE code's 1/N differs and is not used here).
 */
public final class Moments {
    /** Sample covariances divide by N − {@value}. */
    public static final int COVARIANCE_DIVISOR_OFFSET = 1;

    private Moments() {}

    /** out[0..d) = (1/n) Σ_i x[off + i·d ..], summed in member order. */
    public static void mean(double[] x, int off, int n, int d, double[] out) {
        java.util.Arrays.fill(out, 0, d, 0.0);
        for (int i = 0; i < n; i++) {
            int o = off + i * d;
            for (int k = 0; k < d; k++) out[k] += x[o + k];
        }
        double inv = 1.0 / n;
        for (int k = 0; k < d; k++) out[k] *= inv;
    }

    /** out[i·d + k] = x[off + i·d + k] − mean[k] for all members (out may be x itself when off = 0). */
    public static void anomalies(double[] x, int off, int n, int d, double[] mean, double[] out) {
        for (int i = 0; i < n; i++) {
            int o = off + i * d, q = i * d;
            for (int k = 0; k < d; k++) out[q + k] = x[o + k] - mean[k];
        }
    }

    /** Weighted mean Σ_i w_i x_i with weights summing to one. */
    public static void weightedMean(double[] x, int n, int d, double[] w, double[] out) {
        java.util.Arrays.fill(out, 0, d, 0.0);
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            if (wi == 0) continue;
            int o = i * d;
            for (int k = 0; k < d; k++) out[k] += wi * x[o + k];
        }
    }
}
