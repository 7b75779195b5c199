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

    /**
     * weightedRows: the vector kernel equals the scalar twin, and both equal the row-by-row composition the flow
     * engine used before (scale or lin2 for the first term, then one lin2 per term), bit for bit: groups of 1–4
     * rows with 1–7 terms each (members may repeat across rows), c_z zero or not, lengths across the 4-vector
     * tiles, the 1-vector tiles and the scalar tail.
     */
    @Test
    void weightedRowsEqualTheRowByRowComposition() {
        SplittableRandom r = new SplittableRandom(2);
        int[] lengths = {1, 3, 8, 9, 31, 32, 33, 40, 63, 64, 65, 100, 257, 1029};
        int members = 9, d = 1100;
        double[] x = new double[members * d];
        for (int k = 0; k < x.length; k++) x[k] = r.nextGaussian();
        for (int n : lengths)
            for (int rows = 1; rows <= 4; rows++)
                for (double cz : new double[] {0.0, -0.7}) {
                    int c = r.nextInt(d - n + 1), stride = n + 5;
                    double[] src = new double[rows * stride + 3];
                    for (int k = 0; k < src.length; k++) src[k] = r.nextGaussian();
                    int[] start = new int[rows + 1];
                    int[] xo = new int[rows * 7];
                    double[] coef = new double[rows * 7];
                    int t = 0;
                    for (int row = 0; row < rows; row++) {
                        start[row] = t;
                        int terms = 1 + r.nextInt(7);
                        for (int q = 0; q < terms; q++, t++) {
                            xo[t] = r.nextInt(members) * d + c;
                            coef[t] = r.nextGaussian();
                        }
                    }
                    start[rows] = t;
                    int outStride = n + 3, outLen = rows * outStride + 2;
                    double[] expected = new double[outLen], scalar = new double[outLen], vector = new double[outLen];
                    for (int row = 0; row < rows; row++) {
                        int o = 1 + row * outStride, t0 = start[row];
                        if (cz == 0.0) BlockOpsScalar.scale(expected, o, coef[t0], x, xo[t0], n);
                        else BlockOpsScalar.lin2(expected, o, cz, src, 2 + row * stride, coef[t0], x, xo[t0], n);
                        for (int q = t0 + 1; q < start[row + 1]; q++) BlockOpsScalar.lin2(expected, o, 1.0, expected, o, coef[q], x, xo[q], n);
                    }
                    String what = "weightedRows rows=" + rows + " cz=" + cz;
                    BlockOpsScalar.weightedRows(rows, scalar, 1, outStride, cz, src, 2, stride, x, xo, coef, start, 0, n);
                    same(expected, scalar, n, what + " (scalar)");
                    if (!Vectorization.enabled()) continue;
                    BlockOpsVector.weightedRows(rows, vector, 1, outStride, cz, src, 2, stride, x, xo, coef, start, n);
                    same(expected, vector, n, what + " (vector)");
                }
    }

    /**
     * clamp: the vector kernel equals the scalar branches bit for bit and counts the same hits, at every length,
     * with NaN, ±∞, ±0 and values exactly at ±limit among the inputs.
     */
    @Test
    void clampEqualsTheScalarBranches() {
        Assumptions.assumeTrue(Vectorization.enabled());
        SplittableRandom r = new SplittableRandom(3);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1.5, -1.5};
        for (int n : new int[] {0, 1, 3, 7, 8, 9, 16, 17, 63, 64, 65, 1021}) {
            double[] a = new double[n + 5];
            for (int k = 0; k < a.length; k++) a[k] = r.nextInt(4) == 0 ? special[r.nextInt(special.length)] : 3 * r.nextGaussian();
            double[] v = a.clone(), s = a.clone();
            int hv = BlockOpsVector.clamp(v, 2, n, 1.5), hs = BlockOpsScalar.clamp(s, 2, n, 1.5);
            assertEquals(hs, hv, "hits n=" + n);
            for (int k = 0; k < a.length; k++)
                assertEquals(Double.doubleToRawLongBits(s[k]), Double.doubleToRawLongBits(v[k]), "clamp n=" + n + " k=" + k + " of " + a[k]);
        }
    }

    private static void same(double[] expected, double[] actual, int n, String what) {
        for (int k = 0; k < expected.length; k++) assertEquals(expected[k], actual[k], 0.0, what + " n=" + n + " k=" + k);
    }
}
