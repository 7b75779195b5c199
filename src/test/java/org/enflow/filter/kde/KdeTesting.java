package org.enflow.filter.kde;

import org.enflow.kernel.Gaussian;
import org.enflow.kernel.RandomStreams;

/** Shared helpers of the KDE tests: seeded normals, moments, the normal CDF, a two-sample KS statistic. */
final class KdeTesting {
    private KdeTesting() {}

    static double[] normals(long seed, int n) {
        double[] x = new double[n];
        new Gaussian(new RandomStreams(seed).stream(RandomStreams.Purpose.AUXILIARY, 3)).fill(x, 0, n);
        return x;
    }

    static double mean(double[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[i];
        return s / n;
    }

    /** Population variance (1/n). */
    static double variance(double[] x, int n) {
        double m = mean(x, n), s = 0;
        for (int i = 0; i < n; i++) s += (x[i] - m) * (x[i] - m);
        return s / n;
    }

    static double fractionPositive(double[] x, int n) {
        int c = 0;
        for (int i = 0; i < n; i++) if (x[i] > 0) c++;
        return (double) c / n;
    }

    /** Normalized weights softmax(ℓ). */
    static double[] softmax(double[] l, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, l[i]);
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] = Math.exp(l[i] - m);
        for (int i = 0; i < n; i++) w[i] /= s;
        return w;
    }

    /** Φ(z) from erfc (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    static double erfc(double x) {
        double z = Math.abs(x), t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** The two-sample Kolmogorov–Smirnov statistic sup|F_a − F_b|. */
    static double ksStatistic(double[] a, double[] b) {
        double[] x = a.clone(), y = b.clone();
        java.util.Arrays.sort(x);
        java.util.Arrays.sort(y);
        int i = 0, j = 0;
        double dmax = 0;
        while (i < x.length && j < y.length) {
            double v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] <= v) i++;
            while (j < y.length && y[j] <= v) j++;
            dmax = Math.max(dmax, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return dmax;
    }
}
