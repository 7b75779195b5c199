package org.enflow.experiment;

import org.enflow.kernel.Require;

/**
 * Systematic selection of k of m weighted particles: one offset u ∈ [0, 1), points (u + t)/k for
 * t = 0 … k−1, each mapped to the particle whose cumulative-weight interval contains it. Particle i is
 * chosen ⌊k·w_i⌋ or ⌈k·w_i⌉ times (E = k·w_i), so the k equally weighted points represent the weighted
 * set with the least sampling noise of the standard schemes. With uniform weights (null) and k ≤ m it
 * picks k distinct particles spaced m/k apart: an unbiased stratified subsample that does not depend on
 * how the particles happen to be ordered within strata (a particle filter keeps copies of one ancestor
 * next to each other, so "the first k" would not be a fair sample).
 */
public final class SystematicSample {
    private SystematicSample() {}

    /**
     * Writes k indices into {@code out[0, k)}, ascending. {@code weights}: m non-negative weights with a
     * positive sum (normalized or not), or null for uniform; {@code u} ∈ [0, 1).
     */
    public static void indices(double[] weights, int m, int k, double u, int[] out) {
        Require.positive("m", m);
        Require.positive("k", k);
        if (!(u >= 0 && u < 1)) throw new IllegalArgumentException("u = " + u + ": expected 0 <= u < 1");
        if (Require.notNull("out", out).length < k)
            throw new IllegalArgumentException("out.length = " + out.length + ": expected at least k = " + k);
        if (weights == null) {
            for (int t = 0; t < k; t++) out[t] = (int) Math.min(m - 1, (long) Math.floor((u + t) * m / k));
            return;
        }
        if (weights.length < m) throw new IllegalArgumentException("weights.length = " + weights.length + ": expected at least m = " + m);
        double total = 0;
        int last = -1;
        for (int i = 0; i < m; i++) {
            double w = weights[i];
            if (!(w >= 0) || Double.isInfinite(w))
                throw new IllegalArgumentException("weights[" + i + "] = " + w + ": expected a finite weight >= 0");
            total += w;
            if (w > 0) last = i;
        }
        if (last < 0) throw new IllegalArgumentException("weights are all zero: cannot sample");
        int i = 0;
        double cumulative = weights[0];
        for (int t = 0; t < k; t++) {
            double x = (u + t) / k * total;
            // First i whose cumulative weight exceeds x; never past the last positive weight (rounding).
            while (i < last && !(cumulative > x)) cumulative += weights[++i];
            out[t] = i;
        }
    }
}
