package org.enflow.kernel;

/** Quick nanoTime check of the kernels (not JMH): distances per block, and the tiled attention. */
public final class FusedSoftmaxSpeedCheck {
    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "dist";
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        if (what.equals("dist")) {
            int n = 20, len = 512;
            double[] a = FusedSoftmaxTestData.random(rnd, n * len), b = FusedSoftmaxTestData.random(rnd, n * len), d2 = new double[n * n];
            for (int rep = 0; rep < 10; rep++) {
                long t0 = System.nanoTime();
                int reps = 2000;
                for (int r = 0; r < reps; r++) FusedSoftmax.accumulateSquaredDistances(a, 0, len, n, b, 0, len, n, len, d2, 0, n);
                long t1 = System.nanoTime();
                double pairs = (double) reps * n * n * len;
                System.out.printf("distances %s: %.3f ns per pair-element, %.1f GFLOP/s (3 flops)%n", Vectorization.describe(),
                        (t1 - t0) / pairs, 3 * pairs / (t1 - t0));
            }
        } else {
            int nq = Integer.parseInt(args[1]), d = Integer.parseInt(args[2]), threads = Integer.parseInt(args[3]);
            int nk = nq, dv = d;
            double[] q = FusedSoftmaxTestData.random(rnd, nq * d), k = FusedSoftmaxTestData.random(rnd, nk * d), v = FusedSoftmaxTestData.random(rnd, nk * dv);
            double[] out = new double[nq * dv];
            FusedSoftmax fs = new FusedSoftmax();
            Parallel par = threads == 1 ? Parallel.sequential() : new Parallel(threads);
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int rep = 0; rep < 10; rep++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                fs.attend(q, nq, k, nk, d, null, 0.5 / d, v, dv, out, par);
                long t1 = System.nanoTime();
                long c1 = mx.getCurrentThreadCpuTime();
                double flops = 2.0 * nq * nk * (d + dv);
                System.out.printf("attend nq=nk=%d d=dv=%d threads=%d: %.2f ms wall, %.1f GFLOP/s wall%s (Gram+values; exp not counted)%n", nq, d,
                        threads, (t1 - t0) / 1e6, flops / (t1 - t0),
                        threads == 1 ? String.format(", %.1f GFLOP/s per CPU-second", flops / (c1 - c0)) : "");
            }
            par.close();
        }
    }
}

final class FusedSoftmaxTestData {
    static double[] random(java.util.SplittableRandom rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextGaussian();
        return a;
    }
}
