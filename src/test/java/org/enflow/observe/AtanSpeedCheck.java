package org.enflow.observe;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Quick check: the library's ArcTanVector vs lanewise(ATAN) vs Math.atan, ns per element. */
public final class AtanSpeedCheck {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    public static void main(String[] args) {
        int n = 512;
        double[] a = new double[n], b = new double[n], g = new double[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < n; i++) a[i] = 3 * r.nextGaussian();
        for (int rep = 0; rep < 8; rep++) {
            int reps = 20000;
            long t0 = System.nanoTime();
            for (int q = 0; q < reps; q++) ArcTanVector.map(a, 0, b, 0, n);
            long t1 = System.nanoTime();
            for (int q = 0; q < reps; q++) {
                for (int i = 0; i < n; i += S.length()) DoubleVector.fromArray(S, a, i).lanewise(VectorOperators.ATAN).intoArray(b, i);
            }
            long t2 = System.nanoTime();
            for (int q = 0; q < reps; q++) {
                System.arraycopy(a, 0, b, 0, n);
                java.util.Arrays.fill(g, 1.0);
                ArcTanVector.advance(b, 0, g, 0, n);
            }
            long t3 = System.nanoTime();
            double el = (double) reps * n;
            System.out.printf("ArcTanVector.map %.2f ns/el, lanewise ATAN %.2f, advance(+copy) %.2f%n", (t1 - t0) / el, (t2 - t1) / el, (t3 - t2) / el);
        }
    }
}
