package org.enflow.filter.classical;

import java.util.Random;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * Quick nanoTime timings of one analysis (not JMH; the lead runs JMH). Usage:
 * java ... org.enflow.filter.classical.QuickTiming FILTER N d [threads] [reps]
 * FILTER: letkf | etkf | enkf | bpf. Identity observations, R = I, L96-like spread.
 */
public final class QuickTiming {
    public static void main(String[] args) {
        String f = args[0];
        int n = Integer.parseInt(args[1]), d = Integer.parseInt(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int reps = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        double radius = args.length > 5 ? Double.parseDouble(args[5]) : 4;
        Random rnd = new Random(1);
        Ensemble base = new Ensemble(n, d);
        for (int i = 0; i < n * d; i++) base.data()[i] = 2 * Math.sin(i % d * 0.3) + 0.5 * rnd.nextGaussian();
        ObservationOperator h = TestOperators.identity(d);
        double[] y = new double[d];
        for (int k = 0; k < d; k++) y[k] = 2 * Math.sin(k * 0.3) + rnd.nextGaussian();
        Observation obs = Observation.withSigma(y, h, 1);
        Parallel par = threads == 1 ? Parallel.sequential() : new Parallel(threads);
        RandomStreams st = new RandomStreams(7);
        Filter filter;
        switch (f) {
            case "letkf": filter = new Letkf(n, 1.0, false, radius, st, par); break;
            case "letkf-rot": filter = new Letkf(n, 1.04, true, radius, st, par); break;
            case "etkf": filter = new Etkf(n, 1.0, false, st, par); break;
            case "etkf-rot": filter = new Etkf(n, 1.013, true, st, par); break;
            case "enkf": filter = new EnkfPo(n, 1.0, false, false, Double.POSITIVE_INFINITY, st, par); break;
            case "bpf": filter = new BootstrapParticleFilter(n, org.enflow.filter.common.Resampler.SYSTEMATIC, 0.5, 0.7, 1.0, st, par); break;
            default: throw new IllegalArgumentException(f);
        }
        Ensemble e = base.copy();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE, total = 0, bestCpu = Long.MAX_VALUE;
        int warm = Math.max(3, reps / 2);
        for (int r = 0; r < warm + reps; r++) {
            e.copyFrom(base);
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            filter.assimilate(e, obs);
            long dt = System.nanoTime() - t0;
            long dc = mx.getCurrentThreadCpuTime() - c0;
            if (r >= warm) {
                bestCpu = Math.min(bestCpu, dc);
                best = Math.min(best, dt);
                total += dt;
            }
        }
        System.out.printf("%s N=%d d=%d threads=%d: wall best %.1f us, mean %.1f us; calling-thread CPU best %.1f us (%s)%n", f, n, d,
                threads, best / 1e3, total / 1e3 / reps, bestCpu / 1e3, org.enflow.kernel.Vectorization.describe());
        par.close();
    }
}
