package org.enflow.filter.kde;

import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

/** Not a test: prints the time of one KDE right-hand side (run by name when looking at speed). */
class KdeSpeedCheck {
    @Test
    void print() {
        for (int[] s : new int[][] {{4000, 1}, {4000, 3}, {1000, 40}, {250, 3}}) {
            int n = s[0], d = s[1];
            double[] c = KdeTesting.normals(1, n * d), l = KdeTesting.normals(2, n), u = KdeTesting.normals(3, n * d), out = new double[n * d];
            for (int threads = 1; threads <= 2; threads++) {
                try (Parallel p = new Parallel(threads)) {
                    KdeDenoiser den = new KdeDenoiser(p);
                    den.bind(c, n, d, l);
                    KdeProbabilityFlow flow = new KdeProbabilityFlow(den, new KdeSchedule(0.1, 50), FlowForm.TIME, n);
                    for (int w = 0; w < 20; w++) flow.evaluate(0.3, u, out);
                    int reps = 50;
                    long t0 = System.nanoTime();
                    for (int r = 0; r < reps; r++) flow.evaluate(0.3, u, out);
                    double sec = (System.nanoTime() - t0) * 1e-9 / reps;
                    System.out.printf("N=%d d=%d threads=%d: %.3f ms per RHS, %.1f GFLOP/s (4N²d), %.2f ns per pair%n", n, d, threads,
                            sec * 1e3, 4.0 * n * n * d / sec * 1e-9, sec / ((double) n * n) * 1e9);
                }
            }
        }
    }
}
