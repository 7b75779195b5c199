package org.enflow.filter.classical;

import org.enflow.ensemble.Ensemble;

/** Ensemble statistics for tests, straight from the definitions. */
final class Stats {
    private Stats() {}

    static double[] mean(Ensemble e) {
        int n = e.members(), d = e.dim();
        double[] m = new double[d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) m[k] += e.get(i, k) / n;
        return m;
    }

    /** Sample covariance with 1/(N−1). */
    static double[] covariance(Ensemble e) {
        int n = e.members(), d = e.dim();
        double[] m = mean(e);
        double[] c = new double[d * d];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) c[a * d + b] += (e.get(i, a) - m[a]) * (e.get(i, b) - m[b]) / (n - 1);
        return c;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static double frobenius(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return Math.sqrt(s);
    }

    static double frobeniusDiff(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    /** Least-squares slope of log(y) against log(x). */
    static double logLogSlope(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(x[i]) / n;
            my += Math.log(y[i]) / n;
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(x[i]) - mx;
            sxy += dx * (Math.log(y[i]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    /** An ensemble with members m + L ξ_i where P = L Lᵀ (Cholesky of P) and ξ_i iid N(0, I). */
    static Ensemble sample(double[] m, double[] p, int n, java.util.Random rnd) {
        int d = m.length;
        double[] l = p.clone();
        if (org.enflow.filter.classical.linalg.Cholesky.factor(l, d) >= 0) throw new IllegalArgumentException("P not SPD");
        Ensemble e = new Ensemble(n, d);
        double[] xi = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) xi[k] = rnd.nextGaussian();
            for (int a = 0; a < d; a++) {
                double v = m[a];
                for (int b = 0; b <= a; b++) v += l[a * d + b] * xi[b];
                e.set(i, a, v);
            }
        }
        return e;
    }
}
