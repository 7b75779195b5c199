package org.enflow.experiment;

import java.util.SplittableRandom;
import org.enflow.kernel.Parallel;

/**
 * Quick nanoTime check of W2 (not JMH, not a test): {@code java -cp … WassersteinSpeedCheck n d [m]}
 * times the cost matrix and the assignment separately, for Gaussian clouds N(0, I) vs N(0.5, 1.5² I).
 */
public final class WassersteinSpeedCheck {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]), d = Integer.parseInt(args[1]), m = args.length > 2 ? Integer.parseInt(args[2]) : n;
        SplittableRandom r = new SplittableRandom(1);
        Wasserstein w = new Wasserstein(Parallel.sequential());
        Assignment lap = new Assignment();
        for (int rep = 0; rep < 8; rep++) {
            double[] a = new double[n * d], b = new double[m * d];
            for (int k = 0; k < a.length; k++) a[k] = gauss(r);
            for (int k = 0; k < b.length; k++) b[k] = 0.5 + 1.5 * gauss(r);
            long t0 = System.nanoTime();
            double w2 = w.distance(a, 0, n, b, 0, m, d);
            long t1 = System.nanoTime();
            double[] cost = new double[m * m];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        double v = a[(i * n / m) * d + k] - b[j * d + k];
                        s += v * v;
                    }
                    cost[i * m + j] = s;
                }
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long c2 = mx.getCurrentThreadCpuTime();
            long t2 = System.nanoTime();
            lap.solve(cost, m);
            long t3 = System.nanoTime();
            long c3 = mx.getCurrentThreadCpuTime();
            System.out.printf("  assignment CPU %.1f ms%n", (c3 - c2) / 1e6);
            System.out.printf("n=%d m=%d d=%d: W2 %.4f in %.1f ms (assignment alone %.1f ms)%n", n, m, d, w2, (t1 - t0) / 1e6, (t3 - t2) / 1e6);
        }
    }

    private static double gauss(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}
