package org.enflow.filter.generative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.enflow.kernel.Vectorization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The vector block kernels equal their scalar twins bit for bit (same operations, same order), at every length. */
class BlockOpsTest {
    @Test
    void vectorKernelsEqualScalarTwinsOverManyLengths() {
        Assumptions.assumeTrue(Vectorization.enabled());
        SplittableRandom r = new SplittableRandom(1);
        int[] lengths = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 511, 512, 513, 1021, 4099};
        for (int n : lengths) {
            double[][] a = new double[5][n + 20];
            for (double[] x : a) for (int k = 0; k < x.length; k++) x[k] = r.nextGaussian();
            double c1 = r.nextGaussian(), c2 = r.nextGaussian(), c3 = r.nextGaussian(), c4 = r.nextGaussian();
            double[] v = new double[n + 9], s = new double[n + 9];
            BlockOpsVector.scale(v, 3, c1, a[0], 1, n);
            BlockOpsScalar.scale(s, 3, c1, a[0], 1, n);
            same(s, v, n, "scale");
            BlockOpsVector.diff(v, 2, c1, a[0], 5, a[1], 0, n);
            BlockOpsScalar.diff(s, 2, c1, a[0], 5, a[1], 0, n);
            same(s, v, n, "diff");
            BlockOpsVector.accDiff(v, 2, a[2], 1, c1, a[0], 5, a[1], 0, n);
            BlockOpsScalar.accDiff(s, 2, a[2], 1, c1, a[0], 5, a[1], 0, n);
            same(s, v, n, "accDiff");
            BlockOpsVector.lin2(v, 1, c1, a[0], 2, c2, a[1], 3, n);
            BlockOpsScalar.lin2(s, 1, c1, a[0], 2, c2, a[1], 3, n);
            same(s, v, n, "lin2");
            BlockOpsVector.lin3(v, 1, c1, a[0], 2, c2, a[1], 3, c3, a[2], 4, n);
            BlockOpsScalar.lin3(s, 1, c1, a[0], 2, c2, a[1], 3, c3, a[2], 4, n);
            same(s, v, n, "lin3");
            BlockOpsVector.lin4(v, 1, c1, a[0], 2, c2, a[1], 3, c3, a[2], 4, c4, a[3], 5, n);
            BlockOpsScalar.lin4(s, 1, c1, a[0], 2, c2, a[1], 3, c3, a[2], 4, c4, a[3], 5, n);
            same(s, v, n, "lin4");
            // In place (output = first input slice).
            double[] iv = a[4].clone(), is = a[4].clone();
            BlockOpsVector.lin2(iv, 2, c1, iv, 2, c2, a[0], 0, n);
            BlockOpsScalar.lin2(is, 2, c1, is, 2, c2, a[0], 0, n);
            same(is, iv, is.length, "lin2 in place");
        }
    }

    private static void same(double[] expected, double[] actual, int n, String what) {
        for (int k = 0; k < expected.length; k++) assertEquals(expected[k], actual[k], 0.0, what + " n=" + n + " k=" + k);
    }
}
