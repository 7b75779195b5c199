package org.enflow.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FusedSoftmaxTest {
    private static final double EPS = Math.ulp(1.0) / 2; // unit roundoff 2^-53

    // ------------------------------------------------------------------ softmax (enff.md oracle 1)

    @Test
    void softmaxOfHugeLogitsIsFiniteNormalizedAndShiftInvariant() {
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 257;
        double[] l = new double[n];
        for (int j = 0; j < n; j++) l[j] = -Math.pow(10, 12 * rnd.nextDouble()); // spans [-1e12, -1]
        l[17] = 0.0;
        l[18] = -0.5;
        l[19] = -30;
        double[] w = l.clone();
        double lse = FusedSoftmax.softmaxInPlace(w, 0, n);
        double sum = 0;
        for (double x : w) {
            assertTrue(Double.isFinite(x) && x >= 0);
            sum += x;
        }
        assertEquals(1.0, sum, 1e-12);
        // The three largest logits dominate: log-sum-exp is log(1 + e^-0.5 + e^-30 + ...).
        assertEquals(Math.log(1 + Math.exp(-0.5) + Math.exp(-30) + tailMass(l)), lse, 1e-14);
        for (double shift : new double[] {-1e11, 3.5, 1e6}) {
            double[] s = l.clone();
            for (int j = 0; j < n; j++) s[j] += shift;
            FusedSoftmax.softmaxInPlace(s, 0, n);
            // Adding a constant of size |c| perturbs each logit by at most ulp(|c| + |l|); weights that matter
            // (logits near the max) move by at most that relative amount.
            for (int j = 0; j < n; j++) assertEquals(w[j], s[j], 1e-15 + 4 * Math.ulp(Math.abs(shift) + 30) * w[j]);
        }
    }

    private static double tailMass(double[] l) {
        double s = 0;
        for (int j = 0; j < l.length; j++) if (j != 17 && j != 18 && j != 19) s += Math.exp(l[j]);
        return s;
    }

    @Test
    void softmaxRejectsAllMinusInfinityAndNaN() {
        double[] a = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        assertThrows(IllegalStateException.class, () -> FusedSoftmax.softmaxInPlace(a, 0, 2));
        double[] b = {0, Double.NaN};
        assertThrows(IllegalStateException.class, () -> FusedSoftmax.softmaxInPlace(b, 0, 2));
        double[] c = {Double.NEGATIVE_INFINITY, -3};
        FusedSoftmax.softmaxInPlace(c, 0, 2);
        assertArrayEquals(new double[] {0, 1}, c);
    }

    // ------------------------------------------------------------------ direct-difference distances

    static final int[] LENGTHS = {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 63, 64, 65, 127, 257, 509, 512, 1021, 2048, 4099};
    static final int[] COUNTS = {1, 2, 3, 4, 5, 7, 8, 9, 13};

    @Test
    void vectorDistancesMatchScalarTwinOverManySizes() {
        Assumptions.assumeTrue(Vectorization.enabled());
        SplittableRandom rnd = new SplittableRandom(2);
        for (int len : LENGTHS) {
            for (int na : COUNTS) {
                int nb = COUNTS[(na + len) % COUNTS.length];
                int aStride = len + (len % 3), bStride = len + 5;
                double[] a = random(rnd, 3 + na * aStride, 2.0);
                double[] b = random(rnd, 1 + nb * bStride, 2.0);
                double[] dv = new double[na * (nb + 2)], ds = new double[na * (nb + 2)];
                java.util.Arrays.fill(dv, 0.25);
                java.util.Arrays.fill(ds, 0.25);
                FusedSoftmaxVector.accumulateSquaredDistances(a, 3, aStride, na, b, 1, bStride, nb, len, dv, 0, nb + 2);
                FusedSoftmaxScalar.accumulateSquaredDistances(a, 3, aStride, na, b, 1, bStride, nb, len, ds, 0, nb + 2);
                for (int k = 0; k < dv.length; k++) {
                    // Both sum len positive terms in different orders: each within (len + 8)·u of the exact sum.
                    double tol = 2 * (len + 8) * EPS * Math.abs(ds[k]);
                    assertEquals(ds[k], dv[k], tol, "len=" + len + " na=" + na + " nb=" + nb + " k=" + k);
                }
            }
        }
    }

    /**
     * The key-mean sums of the pack: the vector twin adds lane by lane in key order, so every column is the scalar
     * chain and the bits agree exactly, for column ranges of any length and start (4-vector, 1-vector and scalar parts).
     */
    @Test
    void vectorColumnSumsEqualScalarTwinBitForBit() {
        Assumptions.assumeTrue(Vectorization.enabled());
        SplittableRandom rnd = new SplittableRandom(12);
        for (int d : LENGTHS) {
            for (int nk : COUNTS) {
                double[] k = random(rnd, nk * d, 3.0);
                for (int[] r : new int[][] {{0, d}, {d / 3, d}, {0, d / 2}, {d / 5, d - d / 7}}) {
                    double[] cv = random(rnd, d, 1.0), cs = cv.clone();
                    FusedSoftmaxVector.sumRows(k, nk, d, r[0], r[1], cv);
                    FusedSoftmaxScalar.sumRows(k, nk, d, r[0], r[1], cs);
                    assertArrayEquals(cs, cv, "d=" + d + " nk=" + nk + " columns [" + r[0] + ", " + r[1] + ")");
                }
            }
        }
    }

    /**
     * The vector kernels of the pack of key combinations against their scalar twins, bit for bit: the combined
     * key sums (with and without g), element-wise combinations of any length and offset, combined key panels and
     * panel norms (lane per key, the same chain as the row-wise norm). Unfused multiply and add on both sides, so
     * no tolerance.
     */
    @Test
    void combinationKernelsEqualScalarTwinsBitForBit() {
        Assumptions.assumeTrue(Vectorization.enabled());
        SplittableRandom rnd = new SplittableRandom(13);
        double a = 0.7310585786300049, b = -1.3e-3, c = 2.5;
        for (int d : LENGTHS) {
            for (int nk : COUNTS) {
                double[] f = random(rnd, nk * d, 3.0), g = random(rnd, nk * d, 1.0);
                for (double[] gg : new double[][] {g, null}) {
                    double[] cv = random(rnd, d, 1.0), cs = cv.clone();
                    FusedSoftmaxVector.sumCombinationRows(f, gg, a, b, nk, d, d / 4, d, cv);
                    FusedSoftmaxScalar.sumCombinationRows(f, gg, a, b, nk, d, d / 4, d, cs);
                    assertArrayEquals(cs, cv, "sums d=" + d + " nk=" + nk + " g " + (gg != null));
                    int off = Math.min(3, nk * d - 1), len = nk * d - off;
                    double[] ov = new double[len + 5], os = new double[len + 5];
                    FusedSoftmaxVector.combine(f, gg, off, len, a, c, ov, 5);
                    FusedSoftmaxScalar.combine(f, gg, off, len, a, c, os, 5);
                    assertArrayEquals(os, ov, "combine d=" + d + " nk=" + nk + " g " + (gg != null));
                }
            }
            int w = 3 * FusedSoftmaxVector.L, base = 2 * w;
            double[] x = random(rnd, base + d * w, 2.0), y = random(rnd, base + d * w, 2.0), centre = random(rnd, d, 1.0);
            for (double[] yy : new double[][] {y, null}) {
                double[] kv = new double[base + d * w], ks = new double[base + d * w];
                FusedSoftmaxVector.combinePanel(x, yy, base, d, a, b, centre, kv);
                FusedSoftmaxScalar.combinePanel(x, yy, base, d, w, a, b, centre, ks);
                assertArrayEquals(ks, kv, "panel d=" + d + " g " + (yy != null));
                // Panel norms: the lane-per-key chain equals the row-wise norm of the untransposed keys.
                double[] rows = new double[w * d], zero = new double[d];
                for (int j = 0; j < w; j++) for (int p = 0; p < d; p++) rows[j * d + p] = kv[base + p * w + j];
                double[] nv = new double[w + 1], ns = new double[w + 1];
                FusedSoftmaxVector.panelNorms(kv, base, d, nv, 1);
                FusedSoftmaxScalar.keyNorms(rows, w, d, zero, 0, w, ns);
                System.arraycopy(ns, 0, ns, 1, w);
                ns[0] = 0;
                assertArrayEquals(ns, nv, "norms d=" + d);
            }
        }
    }

    /** Compensated block sums over sub-ranges of the entries give the whole call's bits (callers split them over threads). */
    @Test
    void blockSumsOverEntryRangesEqualOneCall() {
        SplittableRandom rnd = new SplittableRandom(8);
        int blocks = 7, stride = 1001;
        double[] part = random(rnd, blocks * stride, 3.0);
        for (int k = 0; k < part.length; k += 5) part[k] *= 1e12; // sums where the compensation matters
        double[] whole = new double[stride + 3], pieces = new double[stride + 3];
        FusedSoftmax.sumBlocksCompensated(part, blocks, stride, whole, 3);
        for (int from = 0; from < stride; from += 97) {
            FusedSoftmax.sumBlocksCompensated(part, blocks, stride, from, Math.min(stride, from + 97), pieces, 3);
        }
        assertArrayEquals(whole, pieces);
        double naive = 0;
        for (int b = 0; b < blocks; b++) naive += part[b * stride + 5];
        assertTrue(Math.abs(whole[3 + 5] - naive) <= 1e-3 * Math.abs(naive) + 1e-3, "entry 5: " + whole[8] + " vs " + naive);
    }

    /**
     * With whole quads of members, a row's squared distances do not depend on whether the 4-row tiles or the
     * 1-row kernel computed them, bit for bit (FlowEngine's grouped row cuts rely on it): every (row, member) pair is
     * one fma chain over the vectors, then its lanes in order, then the tail. In this pass's mode.
     */
    @Test
    void fourRowTilesAndSingleRowsGiveTheSameBits() {
        SplittableRandom rnd = new SplittableRandom(6);
        for (int len : LENGTHS) {
            for (int nb : new int[] {4, 8, 20}) {
                int na = 9, aStride = len + 3, bStride = len + 1;
                double[] a = random(rnd, 2 + na * aStride, 2.0), f = random(rnd, nb * bStride, 2.0), g = random(rnd, nb * bStride, 2.0);
                double cf = 0.3 + rnd.nextDouble(), cp = rnd.nextDouble() - 0.5;
                double[] tiled = new double[na * nb], single = new double[na * nb];
                double[] tiledComb = new double[na * nb], singleComb = new double[na * nb];
                FusedSoftmax.accumulateSquaredDistances(a, 2, aStride, na, f, 0, bStride, nb, len, tiled, 0, nb);
                FusedSoftmax.accumulateSquaredDistancesToCombination(a, 2, aStride, na, cf, f, cp, g, 0, bStride, nb, len, tiledComb,
                        0, nb);
                for (int i = 0; i < na; i++) {
                    FusedSoftmax.accumulateSquaredDistances(a, 2 + i * aStride, aStride, 1, f, 0, bStride, nb, len, single, i * nb, nb);
                    FusedSoftmax.accumulateSquaredDistancesToCombination(a, 2 + i * aStride, aStride, 1, cf, f, cp, g, 0, bStride, nb,
                            len, singleComb, i * nb, nb);
                }
                assertArrayEquals(single, tiled, "len=" + len + " nb=" + nb);
                assertArrayEquals(singleComb, tiledComb, "keys: len=" + len + " nb=" + nb);
            }
        }
    }

    /**
     * Keys formed in registers give, bit for bit, what materializing b = cf·f + cp·g (the BlockOps lin2
     * order: two products, one sum) and the plain kernel give; with cp = 0 and g = f, what b = cf·f gives.
     * Over the tile shapes (4×2, 4×1, 1×4, 1×1 and their tails), offsets and strides, in this pass's mode
     * (the vector kernel in the default pass, the scalar twin in the scalar pass).
     */
    @Test
    void keysFormedInRegistersEqualMaterializedKeysBitForBit() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int len : LENGTHS) {
            for (int na : COUNTS) {
                int nb = COUNTS[(na + 2 * len) % COUNTS.length];
                int aStride = len + (len % 3), bStride = len + 5;
                double[] a = random(rnd, 3 + na * aStride, 2.0);
                double[] f = random(rnd, 1 + nb * bStride, 2.0), g = random(rnd, 1 + nb * bStride, 2.0);
                double cf = 0.3 + rnd.nextDouble(), cp = rnd.nextDouble() - 0.5;
                double[] lin = new double[f.length], scaled = new double[f.length];
                for (int k = 0; k < f.length; k++) {
                    lin[k] = cf * f[k] + cp * g[k];
                    scaled[k] = cf * f[k];
                }
                double[] expected = new double[na * (nb + 2)], actual = new double[na * (nb + 2)];
                java.util.Arrays.fill(expected, 0.25);
                java.util.Arrays.fill(actual, 0.25);
                FusedSoftmax.accumulateSquaredDistances(a, 3, aStride, na, lin, 1, bStride, nb, len, expected, 0, nb + 2);
                FusedSoftmax.accumulateSquaredDistancesToCombination(a, 3, aStride, na, cf, f, cp, g, 1, bStride, nb, len,
                        actual, 0, nb + 2);
                assertArrayEquals(expected, actual, "cf f + cp g: len=" + len + " na=" + na + " nb=" + nb);
                java.util.Arrays.fill(expected, 0.25);
                java.util.Arrays.fill(actual, 0.25);
                FusedSoftmax.accumulateSquaredDistances(a, 3, aStride, na, scaled, 1, bStride, nb, len, expected, 0, nb + 2);
                FusedSoftmax.accumulateSquaredDistancesToCombination(a, 3, aStride, na, cf, f, 0.0, f, 1, bStride, nb, len,
                        actual, 0, nb + 2);
                assertArrayEquals(expected, actual, "cf f: len=" + len + " na=" + na + " nb=" + nb);
            }
        }
    }

    @Test
    void keysFormedInRegistersRejectBadArguments() {
        double[] a = new double[8], f = new double[8], d2 = new double[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FusedSoftmax.accumulateSquaredDistancesToCombination(a, 0, 4, 2, 1.0, f, 0.5, new double[5], 0, 4, 2, 4, d2, 0, 2));
        assertTrue(e.getMessage().startsWith("g: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FusedSoftmax.accumulateSquaredDistancesToCombination(a, 0, 4, 2, Double.NaN, f, 0.5, f, 0, 4, 2, 4, d2, 0, 2));
        assertTrue(e.getMessage().contains("cf"), e.getMessage());
    }

    @Test
    void distancesAreExactUpToSummationRoundoff() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int len : new int[] {1, 17, 509, 4099}) {
            double[] a = random(rnd, 3 * len, 5.0);
            double[] b = new double[3 * len];
            // b close to a relative to its norm: the case where a Gram identity would lose all digits.
            for (int i = 0; i < b.length; i++) b[i] = a[i] + 1e-7 * rnd.nextGaussian();
            double[] d2 = new double[9];
            FusedSoftmax.accumulateSquaredDistances(a, 0, len, 3, b, 0, len, 3, len, d2, 0, 3);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double exact = exactSquaredDistance(a, i * len, b, j * len, len).doubleValue();
                    // Each difference is exact or within u relative, each square and sum adds u per term.
                    assertEquals(exact, d2[i * 3 + j], (len + 10) * EPS * exact, "len=" + len);
                }
            }
        }
    }

    /**
     * The huge-d regime: d = 10⁶, σ = 1e-5 (squared distances ≈ 1e-4 between close points, ≈ 1e6 between
     * far ones, log-weights down to −10¹⁶): streamed blocks and compensated block sums stay within a few
     * hundred ulps of the exact distances, so the logits are accurate to far better than 1.
     */
    @Test
    void streamedDistancesAtMillionDimensionsMatchHighPrecision() {
        int d = 1_000_000, n = 3;
        SplittableRandom rnd = new SplittableRandom(4);
        double[] x = new double[n * d], mu = new double[n * d];
        for (int c = 0; c < d; c++) {
            double base = 8 * rnd.nextGaussian();
            mu[c] = base;
            mu[d + c] = base + rnd.nextGaussian();
            mu[2 * d + c] = base + 1e-3 * rnd.nextGaussian();
        }
        for (int i = 0; i < n; i++) for (int c = 0; c < d; c++) x[i * d + c] = mu[i * d + c] + 1e-5 * rnd.nextGaussian();
        double[] w = new double[n * n];
        double[] id = new double[n * n];
        for (int i = 0; i < n; i++) id[i * n + i] = 1;
        FusedSoftmax fs = new FusedSoftmax();
        double scale = 1 / (2 * 1e-10);
        // Use the streaming attention with identity values to read back the weights, and check distances directly.
        int blocks = 64, blockLen = d / blocks;
        double[] part = new double[blocks * n * n];
        for (int b = 0; b < blocks; b++) {
            for (int c = b * blockLen; c < (b + 1) * blockLen; c += 512) {
                FusedSoftmax.accumulateSquaredDistances(x, c, d, n, mu, c, d, n, Math.min(512, (b + 1) * blockLen - c), part, b * n * n, n);
            }
        }
        double[] d2 = new double[n * n];
        FusedSoftmax.sumBlocksCompensated(part, blocks, n * n, d2, 0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double exact = doubleDoubleSquaredDistance(x, i * d, mu, j * d, d);
                // 512-term lane sums (64 per lane) plus compensated block sums: relative error < 100 u.
                assertEquals(exact, d2[i * n + j], 100 * EPS * exact, "pair " + i + "," + j);
                if (i == j) assertEquals(1e-4, d2[i * n + j], 1e-6); // d·σ²
            }
        }
        fs.attendStreaming(x, n, mu, n, d, null, scale, id, n, w, Parallel.sequential());
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += w[i * n + j];
            assertEquals(1.0, sum, 1e-12);
            assertEquals(1.0, w[i * n + i], 1e-12, "own member dominates");
        }
    }

    /** Σ (a − b)² in double-double arithmetic (error-free difference, product and sums): ~1e-30 relative. */
    static double doubleDoubleSquaredDistance(double[] a, int ao, double[] b, int bo, int len) {
        double sh = 0, sl = 0;
        for (int c = 0; c < len; c++) {
            double x = a[ao + c], y = b[bo + c];
            double eh = x - y;
            double bv = x - eh;
            double el = (x - (eh + bv)) + (bv - y); // TwoDiff: eh + el = x − y exactly
            double ph = eh * eh;
            double pl = Math.fma(eh, eh, -ph) + 2 * eh * el; // (eh + el)² to double-double accuracy
            double t = sh + ph; // TwoSum
            double bb = t - sh;
            double err = (sh - (t - bb)) + (ph - bb);
            sh = t;
            sl += err + pl;
        }
        return sh + sl;
    }

    static BigDecimal exactSquaredDistance(double[] a, int ao, double[] b, int bo, int len) {
        BigDecimal s = BigDecimal.ZERO;
        for (int c = 0; c < len; c++) {
            BigDecimal e = new BigDecimal(a[ao + c]).subtract(new BigDecimal(b[bo + c]));
            s = s.add(e.multiply(e), MathContext.DECIMAL128);
        }
        return s;
    }

    // ------------------------------------------------------------------ fused attention, both regimes

    @Test
    void tiledAndStreamingAttentionMatchReferenceOverManySizes() {
        SplittableRandom rnd = new SplittableRandom(5);
        int[][] shapes = { // nq, nk, d, dv
                {1, 1, 1, 1}, {2, 3, 1, 1}, {5, 7, 3, 2}, {4, 24, 8, 8}, {9, 25, 9, 17}, {13, 23, 40, 40},
                {31, 97, 41, 7}, {64, 48, 16, 24}, {67, 131, 257, 3}, {3, 500, 5, 41}, {200, 19, 127, 129},
                {97, 1021, 2, 1}, {2, 4099, 3, 3}, {130, 300, 1000, 13}, {5, 29, 2053, 11}, {1031, 7, 4, 1031}};
        FusedSoftmax fs = new FusedSoftmax();
        for (int[] sh : shapes) {
            int nq = sh[0], nk = sh[1], d = sh[2], dv = sh[3];
            double[] k = random(rnd, nk * d, 1.0);
            double[] q = new double[nq * d];
            for (int i = 0; i < nq; i++) {
                int j = rnd.nextInt(nk);
                for (int p = 0; p < d; p++) q[i * d + p] = k[j * d + p] + 0.5 * rnd.nextGaussian();
            }
            double[] v = random(rnd, nk * dv, 3.0);
            double[] bias = random(rnd, nk, 2.0);
            double scale = 1.0 / (0.5 * d); // neither uniform nor one-hot
            double[] ref = new double[nq * dv], tiled = new double[nq * dv], streamed = new double[nq * dv];
            FusedSoftmax.attendReference(q, nq, k, nk, d, bias, scale, v, dv, ref);
            fs.attend(q, nq, k, nk, d, bias, scale, v, dv, tiled, Parallel.common());
            fs.attendStreaming(q, nq, k, nk, d, bias, scale, v, dv, streamed, Parallel.common());
            double maxV = maxAbs(v), maxNorm = 0;
            for (double x : q) maxNorm = Math.max(maxNorm, Math.abs(x));
            for (double x : k) maxNorm = Math.max(maxNorm, Math.abs(x));
            // Logit error ≤ scale·(d+4)·u·(‖q−c‖ + ‖k−c‖)² for the centred Gram form (the reference errs less);
            // a logit error δ moves the weighted mean by at most 2·δ·max|v|; the value sums add nk·u·max|v|.
            double norm2 = 4 * d * maxNorm * maxNorm;
            double dl = scale * (d + 4) * EPS * 4 * norm2;
            double tol = 4 * dl * maxV + 4 * (nk + dv) * EPS * maxV;
            for (int t = 0; t < ref.length; t++) {
                assertEquals(ref[t], tiled[t], tol, "tiled " + java.util.Arrays.toString(sh) + " at " + t);
                assertEquals(ref[t], streamed[t], tol, "streamed " + java.util.Arrays.toString(sh) + " at " + t);
            }
        }
    }

    /** The paired value kernel (two keys per vector, dv ≤ L/2) must give the one-vector strip kernel's bits. */
    @Test
    void pairedValueKernelEqualsStripKernelBitForBit() {
        Assumptions.assumeTrue(Vectorization.enabled() && FusedSoftmaxVector.PAIRED);
        int L = FusedSoftmaxVector.L, H = FusedSoftmaxVector.H, rows = FusedSoftmaxTiles.R;
        SplittableRandom rnd = new SplittableRandom(8);
        for (int dv = 1; dv <= H; dv++) {
            for (int tw : new int[] {24, 48, 96, 240}) {
                int nkPad = tw + 48, j0 = 24, st = 256;
                double[] v = random(rnd, nkPad * dv, 2.0);
                double[] strips = new double[nkPad * L], pairs = new double[nkPad * H];
                for (int j = 0; j < nkPad; j++) {
                    System.arraycopy(v, j * dv, strips, j * L, dv);
                    System.arraycopy(v, j * dv, pairs, j * H, dv);
                }
                double[] w = new double[rows * st];
                for (int i = 0; i < w.length; i++) w[i] = Math.exp(-3 * rnd.nextDouble()); // softmax weights in (0, 1]
                double[] a = new double[rows * L];
                for (int r = 0; r < rows; r++) for (int c = 0; c < dv; c++) a[r * L + c] = rnd.nextGaussian(); // earlier tiles
                double[] expected = a.clone(), actual = a.clone();
                FusedSoftmaxVector.accumulateValues(w, 0, st, tw, strips, j0, nkPad, L, expected, 0);
                FusedSoftmaxVector.pairedValues4(w, 0, st, tw, pairs, j0, actual, 0, L);
                assertArrayEquals(expected, actual, "dv = " + dv + ", tw = " + tw);
            }
        }
    }

    @Test
    void attentionHandlesMinusInfinityBiasAndRejectsAllMasked() {
        double[] q = {0.0}, k = {0.0, 1.0, 2.0}, v = {10, 20, 30};
        double[] bias = {Double.NEGATIVE_INFINITY, 0.0, Double.NEGATIVE_INFINITY};
        double[] out = new double[1];
        FusedSoftmax fs = new FusedSoftmax();
        fs.attend(q, 1, k, 3, 1, bias, 1.0, v, 1, out, Parallel.sequential());
        assertEquals(20.0, out[0], 0.0);
        fs.attendStreaming(q, 1, k, 3, 1, bias, 1.0, v, 1, out, Parallel.sequential());
        assertEquals(20.0, out[0], 0.0);
        double[] none = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        assertThrows(IllegalStateException.class, () -> fs.attend(q, 1, k, 3, 1, none, 1.0, v, 1, out, Parallel.sequential()));
        assertThrows(IllegalArgumentException.class, () -> fs.attend(q, 1, k, 3, 2, null, 1.0, v, 1, out, Parallel.sequential()));
        assertThrows(IllegalArgumentException.class, () -> fs.attend(q, 1, k, 3, 1, new double[] {0, Double.NaN, 0}, 1.0, v, 1, out,
                Parallel.sequential()));
    }

    @Test
    void attentionIsBitIdenticalForOneAndTwoThreads() {
        SplittableRandom rnd = new SplittableRandom(6);
        int nq = 300, nk = 260, d = 40, dv = 40; // several query blocks and key tiles
        double[] q = random(rnd, nq * d, 1.0), k = random(rnd, nk * d, 1.0), v = random(rnd, nk * dv, 1.0);
        double[] a = new double[nq * dv], b = new double[nq * dv], c = new double[nq * dv], e = new double[nq * dv];
        FusedSoftmax fs = new FusedSoftmax();
        try (Parallel two = new Parallel(2)) {
            // Cold calls on purpose: every operation (exp included) gives the same bits in every JIT tier.
            fs.attend(q, nq, k, nk, d, null, 0.05, v, dv, a, Parallel.sequential());
            fs.attend(q, nq, k, nk, d, null, 0.05, v, dv, b, two);
            fs.attendStreaming(q, nq, k, nk, d, null, 0.05, v, dv, c, Parallel.sequential());
            fs.attendStreaming(q, nq, k, nk, d, null, 0.05, v, dv, e, two);
        }
        assertArrayEquals(a, b);
        assertArrayEquals(c, e);
    }

    static double[] random(SplittableRandom rnd, int n, double s) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = s * rnd.nextGaussian();
        return a;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) m = Math.max(m, Math.abs(x));
        return m;
    }
}
