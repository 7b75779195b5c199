package org.enflow.observe;

import java.lang.management.ManagementFactory;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Quick CPU-time check of the pieces of the pointwise arctan guidance block (ns per element). */
public final class AtanSpeedCheck {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    static void svml(double[] a, double[] b, int n) {
        for (int i = 0; i < n; i += S.length()) DoubleVector.fromArray(S, a, i).lanewise(VectorOperators.ATAN).intoArray(b, i);
    }

    static void residual(double[] y, double[] w, double[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = w[i] * (y[i] - out[i]);
    }

    static void slope(double[] x, double[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = out[i] / (x[i] * x[i] + 1.0);
    }

    static void copyLoop(double[] x, double[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = x[i] + 1.0;
    }

    public static void main(String[] args) {
        int n = 1024;
        double[] a = new double[n], b = new double[n], y = new double[n], w = new double[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            a[i] = 3 * r.nextGaussian();
            y[i] = r.nextGaussian();
            w[i] = 400;
        }
        var mx = ManagementFactory.getThreadMXBean();
        ObservationOperator op = Operators.arctan(n);
        for (int rep = 0; rep < 8; rep++) {
            int reps = 20000;
            double el = (double) reps * n;
            long t0 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) ArcTanVector.map(a, 0, b, 0, n);
            long t1 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) svml(a, b, n);
            long t2 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) residual(y, w, b, n);
            long t3 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) slope(a, b, n);
            long t4 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) op.adjointResidualBlock(a, 0, 0, n, y, w, b, 0);
            long t5 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) copyLoop(a, b, n);
            long t6 = mx.getCurrentThreadCpuTime();
            System.out.printf("CPU ns/el: ArcTanVector.map %.2f, lanewise ATAN %.2f, residual loop %.2f, slope loop %.2f, "
                    + "adjointResidualBlock %.2f, trivial loop %.3f%n", (t1 - t0) / el, (t2 - t1) / el, (t3 - t2) / el, (t4 - t3) / el,
                    (t5 - t4) / el, (t6 - t5) / el);
        }
    }
}
