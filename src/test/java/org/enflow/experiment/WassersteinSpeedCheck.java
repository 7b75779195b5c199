package org.enflow.experiment;

import java.util.SplittableRandom;
import org.enflow.kernel.Parallel;

/**
 * Quick nanoTime check of W2 (not JMH, not a test): {@code java -cp … WassersteinSpeedCheck n d [m]}
 * times the cost matrix and the assignment separately, for Gaussian clouds N(0, I) vs N(0.5, 1.5² I).
 */
public final class WassersteinSpeedCheck {
    public static void main(String[] args) throws java.io.IOException {
        if (args[0].endsWith(".csv")) {
            fromFiles(java.nio.file.Path.of(args[0]), java.nio.file.Path.of(args[1]));
            return;
        }
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

    /** Times W2 between two point sets written by --dump-ensemble (member,weight,x0,…; weights ignored). */
    private static void fromFiles(java.nio.file.Path fa, java.nio.file.Path fb) throws java.io.IOException {
        double[][] a = read(fa), b = read(fb);
        int n = a.length, m = b.length, d = a[0].length;
        double[] x = new double[n * d], y = new double[m * d];
        for (int i = 0; i < n; i++) System.arraycopy(a[i], 0, x, i * d, d);
        for (int i = 0; i < m; i++) System.arraycopy(b[i], 0, y, i * d, d);
        Wasserstein w = new Wasserstein(Parallel.sequential());
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 5; rep++) {
            long c0 = mx.getCurrentThreadCpuTime();
            double w2 = w.distance(x, 0, n, y, 0, m, d);
            long c1 = mx.getCurrentThreadCpuTime();
            System.out.printf("%s vs %s: n=%d m=%d d=%d W2 %.5f, %.1f ms CPU%n", fa.getFileName(), fb.getFileName(), n, m, d, w2, (c1 - c0) / 1e6);
        }
    }

    private static double[][] read(java.nio.file.Path f) throws java.io.IOException {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(f);
        double[][] rows = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            String[] p = lines.get(i).split(",");
            rows[i - 1] = new double[p.length - 2];
            for (int j = 2; j < p.length; j++) rows[i - 1][j - 2] = Double.parseDouble(p[j]);
        }
        return rows;
    }

    private static double gauss(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}
