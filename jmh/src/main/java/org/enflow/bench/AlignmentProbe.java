package org.enflow.bench;

import java.util.Locale;
import java.util.Random;
import org.enflow.filter.classical.linalg.SmallDense;

/**
 * How much a row kernel's speed depends on where its rows sit on the 64-byte cache-line grid: the back substitution
 * Y = U⁻¹M of the ETKF's transform (n×n upper factor U, n right-hand sides, rows padded to ld) by
 * {@link SmallDense#combineRow}, with M placed at each offset of 0–7 doubles inside one array. The best of
 * {@code reps} solves per offset, three passes. A {@code double[]}'s data starts 16 bytes after an 8-byte-aligned
 * object, so with the default alignment the offset that lines rows up differs from array to array; run with
 * {@code -XX:ObjectAlignmentInBytes=64} it is 6 (48 bytes) for every array. docs/kernels.md quotes its output.
 * <pre>
 *   java --add-modules=jdk.incubator.vector -XX:ObjectAlignmentInBytes=64 -cp target/benchmarks.jar \
 *       org.enflow.bench.AlignmentProbe [n=499] [reps=30]
 * </pre>
 */
public final class AlignmentProbe {
    private AlignmentProbe() {}

    public static void main(String[] args) {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 499;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        if (m < 2 || reps < 1) throw new IllegalArgumentException("n = " + m + ", reps = " + reps + ": expected n >= 2, reps >= 1");
        int ld = SmallDense.padded(m);
        Random r = new Random(1);
        double[] u = new double[m * ld];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) u[i * ld + j] = 0.01 * r.nextGaussian();
            u[i * ld + i] = 1 + r.nextDouble();
        }
        double[] y = new double[m * ld + 8];
        System.out.printf(Locale.ROOT, "n = %d, ld = %d, best of %d solves per offset (offset in doubles from the array's first element)%n", m, ld, reps);
        for (int pass = 0; pass < 3; pass++) {
            StringBuilder line = new StringBuilder("pass " + pass + ":");
            for (int off = 0; off < 8; off++) {
                long best = Long.MAX_VALUE;
                for (int it = 0; it < reps; it++) {
                    for (int i = 0; i < m * ld; i++) y[off + i] = (i % 7) * 0.1;
                    long t0 = System.nanoTime();
                    for (int i = m - 1; i >= 0; i--) {
                        int ri = i * ld;
                        SmallDense.combineRow(ld, m - 1 - i, u, ri + i + 1, 1, y, off + (i + 1) * ld, ld, y, off + ri, 1.0 / u[ri + i]);
                    }
                    best = Math.min(best, System.nanoTime() - t0);
                }
                line.append(String.format(Locale.ROOT, "  %d: %.2f ms", off, best / 1e6));
            }
            System.out.println(line);
        }
    }
}
