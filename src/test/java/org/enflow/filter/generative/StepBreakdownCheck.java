package org.enflow.filter.generative;

import java.lang.management.ManagementFactory;
import org.enflow.kernel.FusedSoftmax;
import org.enflow.observe.ObservationOperator;
import org.enflow.observe.Operators;

/**
 * CPU-time breakdown of one F2P Euler step's per-chunk work on cache-resident data (N = 20, chunk 1024):
 * what each piece costs per particle-component, single thread. Not a test; a measuring aid.
 */
public final class StepBreakdownCheck {
    public static void main(String[] args) {
        int n = 20, len = 1024, reps = 400;
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        double[] xf = new double[n * len], xa = new double[n * len], z = new double[n * len], keys = new double[n * len];
        double[] y = new double[len], w = new double[len], b = new double[len], p = new double[len], g = new double[len];
        double[] d2 = new double[n * n];
        for (int k = 0; k < xf.length; k++) {
            xa[k] = 3 * r.nextGaussian();
            xf[k] = xa[k] + 0.5 * r.nextGaussian();
            z[k] = xa[k];
        }
        for (int c = 0; c < len; c++) {
            y[c] = Math.atan(r.nextGaussian());
            w[c] = 400;
        }
        ObservationOperator op = Operators.arctan(len);
        var mx = ManagementFactory.getThreadMXBean();
        double per = (double) reps * n * len;
        for (int round = 0; round < 6; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) {
                for (int j = 0; j < n; j++) {
                    int o = j * len;
                    for (int k = 0; k < len; k++) keys[o + k] = 0.3 * xf[o + k] + 0.7 * xa[o + k];
                }
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) {
                for (int i = 0; i < n; i++) {
                    int o = i * len;
                    for (int k = 0; k < len; k++) b[k] = xf[o + k] - xa[o + k];
                    for (int k = 0; k < len; k++) p[k] = z[o + k] + 0.7 * b[k];
                }
            }
            long t2 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) {
                for (int i = 0; i < n; i++) op.adjointResidualBlock(z, i * len, 0, len, y, w, g, 0);
            }
            long t3 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) {
                for (int i = 0; i < n; i++) {
                    int o = i * len;
                    for (int k = 0; k < len; k++) z[o + k] = z[o + k] + 1e-9 * b[k] + 1e-12 * g[k];
                }
            }
            long t4 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) {
                java.util.Arrays.fill(d2, 0);
                for (int i = 0; i < n; i += 4) FusedSoftmax.accumulateSquaredDistances(z, i * len, len, 4, keys, 0, len, n, len, d2, i * n, n);
            }
            long t5 = mx.getCurrentThreadCpuTime();
            System.out.printf("ns per particle-component: keys %.3f, velocity+point %.3f, guidance (arctan op) %.3f, update %.3f, "
                    + "distances (20 members) %.3f; total %.3f%n", (t1 - t0) / per, (t2 - t1) / per, (t3 - t2) / per, (t4 - t3) / per,
                    (t5 - t4) / per, (t5 - t0) / per);
        }
    }
}
