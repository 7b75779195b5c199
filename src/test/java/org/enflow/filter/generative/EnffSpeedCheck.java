package org.enflow.filter.generative;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * Quick wall-clock check (not a JMH benchmark): one EnFF-F2P analysis at N = 20, d = 10⁶, compared with
 * the time to stream the same arrays once. Run: java --add-modules jdk.incubator.vector -cp ... EnffSpeedCheck [threads] [d] [K]
 */
public final class EnffSpeedCheck {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** arctan observation of every component with a Vector API atan (what a vectorized operator would do). */
    static final class VectorArctan extends TestOperators.Componentwise {
        VectorArctan(int d) {
            super(d, 1, 0, true);
        }

        @Override
        public void adjointResidualBlock(double[] x, int xOff, int from, int to, double[] y, double[] w, double[] out, int outOff) {
            int n = to - from, k = 0;
            DoubleVector one = DoubleVector.broadcast(S, 1.0);
            for (; k < S.loopBound(n); k += S.length()) {
                DoubleVector xv = DoubleVector.fromArray(S, x, xOff + k);
                DoubleVector r = DoubleVector.fromArray(S, y, from + k).sub(xv.lanewise(VectorOperators.ATAN)).mul(DoubleVector.fromArray(S, w, from + k));
                r.div(xv.fma(xv, one)).intoArray(out, outOff + k);
            }
            for (; k < n; k++) {
                double xv = x[xOff + k];
                out[outOff + k] = w[from + k] * (y[from + k] - Math.atan(xv)) / (1 + xv * xv);
            }
        }
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String opName = args.length > 3 ? args[3] : "varctan";
        int n = 20;
        Parallel par = threads == 1 ? Parallel.sequential() : new Parallel(threads);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        Ensemble xa = new Ensemble(n, d), xf = new Ensemble(n, d);
        for (int q = 0; q < xa.data().length; q++) {
            xa.data()[q] = 3 * rnd.nextGaussian();
            xf.data()[q] = xa.data()[q] + 0.5 * rnd.nextGaussian();
        }
        double[] y = new double[d];
        for (int c = 0; c < d; c++) y[c] = Math.atan(xf.data()[c] + 0.1 * rnd.nextGaussian());
        ObservationOperator op = switch (opName) {
            case "identity" -> TestOperators.identity(d);
            case "arctan" -> TestOperators.arctan(d);
            case "general" -> TestOperators.general(new VectorArctan(d));
            case "real" -> org.enflow.observe.Operators.arctan(d);
            case "realidentity" -> org.enflow.observe.Operators.identity(d);
            default -> new VectorArctan(d);
        };
        Observation obs = Observation.withSigma(y, op, 0.05);
        EnsembleFlowFilter f = new EnsembleFlowFilter(EnffConfig.f2p(0.01, 0.05, k), n, new RandomStreams(1), par);
        f.initialize(xa);
        Ensemble e = xf.copy();
        double[] zs = new double[n * d];
        for (int rep = 0; rep < 6; rep++) {
            System.arraycopy(xf.data(), 0, e.data(), 0, e.data().length);
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            f.assimilate(e, obs);
            long t1 = System.nanoTime();
            long c1 = mx.getCurrentThreadCpuTime();
            // Reference: one pass reading x^f, x^a, z and writing z (what one fused Euler step must touch).
            long s0 = System.nanoTime(), sc0 = mx.getCurrentThreadCpuTime();
            double[] a = xf.data(), b = xa.data();
            par.forRange(n * d, 1 << 16, (blk, from, to) -> {
                for (int q = from; q < to; q++) zs[q] += 0.1 * (a[q] - b[q]);
            });
            long s1 = System.nanoTime(), sc1 = mx.getCurrentThreadCpuTime();
            if (threads == 1) System.out.printf("  main-thread CPU: analysis %.1f ms, stream pass %.1f ms%n", (c1 - c0) / 1e6, (sc1 - sc0) / 1e6);
            System.out.printf("K=%d threads=%d d=%d op=%s: analysis %.1f ms (%s); one stream pass %.1f ms -> per Euler step %.2fx%n",
                    k, threads, d, opName, (t1 - t0) / 1e6, f.lastTimes(), (s1 - s0) / 1e6,
                    (f.lastTimes().flowNanos() / (double) (k - 1)) / (s1 - s0));
        }
        par.close();
    }
}
