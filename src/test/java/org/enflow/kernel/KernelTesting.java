package org.enflow.kernel;

import java.util.SplittableRandom;

/**
 * Shared pieces of the kernel tests: the size sweep, random data, an accurate reference dot product and
 * the rounding-error tolerances.
 *
 * <p>Tolerances follow the standard bound for a floating-point sum of n terms in ANY order (recursive,
 * four accumulators, lane tree): |fl(Σt) − Σt| ≤ γ_{n−1}·Σ|t|, γ_k = k·u/(1 − k·u), u = ε/2 (Higham,
 * Accuracy and Stability of Numerical Algorithms, §4.2; products and FMAs add at most one rounding per
 * term, giving γ_n). Two implementations therefore differ by at most 2γ_n·Σ|t| ≈ n·ε·Σ|t|; the tests use
 * {@code 2·(n+2)·ε·Σ|t|}, a factor-2 margin on the worst case and still tight enough that a wrong index,
 * a dropped tail element or a missing term (which costs O(|t|), not O(ε·Σ|t|)) fails.
 */
final class KernelTesting {
    static final double EPS = Math.ulp(1.0);

    /** Sizes 1…4099: small, powers of two ± 1, primes, and the lengths around vector/unroll boundaries. */
    static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 63, 64, 65, 127, 129, 255, 257,
            511, 513, 1023, 1025, 2047, 4093, 4099};

    private KernelTesting() {}

    /** n values from N(0, 1) scaled, with an offset of junk in front so kernels see non-zero offsets. */
    static double[] gaussian(SplittableRandom r, int off, int n, double scale) {
        double[] x = new double[off + n + 3];
        for (int i = 0; i < x.length; i++) x[i] = scale * gaussian(r);
        return x;
    }

    static double gaussian(SplittableRandom r) {
        // Box–Muller on SplittableRandom: test data only, reproducible from the seed.
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** Σ|x_i y_i| over a slice. */
    static double absDot(double[] x, int xo, double[] y, int yo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.abs(x[xo + i] * y[yo + i]);
        return s;
    }

    /**
     * Σ x_i y_i as accurate as if computed in twice the working precision (Ogita–Rump–Oishi Dot2: exact
     * products by FMA, error-free TwoSum), so its own error is ~ε·|Σ| + n·ε²·Σ|t|: negligible next to the
     * tolerances.
     */
    static double accurateDot(double[] x, int xo, double[] y, int yo, int n) {
        double s = 0, c = 0;
        for (int i = 0; i < n; i++) {
            double p = x[xo + i] * y[yo + i];
            double pe = Math.fma(x[xo + i], y[yo + i], -p);
            double t = s + p;
            double z = t - s;
            double se = (s - (t - z)) + (p - z);
            s = t;
            c += se + pe;
        }
        return s + c;
    }

    /** Tolerance for two computations of a sum of n terms whose magnitudes add up to {@code absSum}. */
    static double sumTolerance(int n, double absSum) {
        return 2.0 * (n + 2) * EPS * absSum + Double.MIN_NORMAL;
    }
}
