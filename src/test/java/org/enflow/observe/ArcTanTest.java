package org.enflow.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;
import org.enflow.kernel.Vectorization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The library's own atan: accuracy against a BigDecimal reference, special values, and the vector twin. */
class ArcTanTest {
    static final MathContext MC = new MathContext(40);
    static final BigDecimal PI4 = ArcTanScalar.atan(BigDecimal.ONE.divide(BigDecimal.valueOf(5), MC), MC).multiply(BigDecimal.valueOf(4))
            .subtract(ArcTanScalar.atan(BigDecimal.ONE.divide(BigDecimal.valueOf(239), MC), MC), MC);

    /** A 40-digit reference: the series for |x| ≤ 1/2, else exact identities that map into that range. */
    static BigDecimal reference(double x) {
        BigDecimal bx = new BigDecimal(Math.abs(x));
        BigDecimal pi4 = PI4;
        BigDecimal r;
        BigDecimal half = new BigDecimal("0.5");
        if (bx.compareTo(half) <= 0) r = ArcTanScalar.atan(bx, MC);
        else if (bx.compareTo(BigDecimal.valueOf(2)) < 0) // atan(x) = π/4 + atan((x−1)/(x+1)), |…| < 1/3
            r = pi4.add(ArcTanScalar.atan(bx.subtract(BigDecimal.ONE).divide(bx.add(BigDecimal.ONE), MC), MC));
        else r = pi4.multiply(BigDecimal.valueOf(2)).subtract(ArcTanScalar.atan(BigDecimal.ONE.divide(bx, MC), MC));
        return x < 0 ? r.negate() : r;
    }

    static double ulpError(double approx, BigDecimal exact) {
        double e = exact.doubleValue();
        return new BigDecimal(approx).subtract(exact).abs().doubleValue() / Math.ulp(e);
    }

    /** Points spread over every reduction branch and the boundaries between them. */
    static double[] samplePoints() {
        java.util.List<Double> pts = new java.util.ArrayList<>();
        java.util.Random rnd = new java.util.Random(17);
        for (int i = 0; i < 1500; i++) pts.add(Math.scalb(1.0 + rnd.nextDouble(), rnd.nextInt(80) - 40) * (rnd.nextBoolean() ? 1 : -1));
        for (int i = 0; i < 1500; i++) pts.add(rnd.nextDouble() * 4 - 2);
        for (double b : new double[] {ArcTanScalar.SPLIT_1, ArcTanScalar.SPLIT_2, 1.0, 1 / ArcTanScalar.SPLIT_1,
                1 / ArcTanScalar.SPLIT_2, ArcTanScalar.TINY, 0.5, 2.0}) {
            double v = b;
            for (int k = 0; k < 20; k++) v = Math.nextDown(v);
            for (int k = 0; k < 40; k++, v = Math.nextUp(v)) {
                pts.add(v);
                pts.add(-v);
            }
        }
        double[] a = new double[pts.size()];
        for (int i = 0; i < a.length; i++) a[i] = pts.get(i);
        return a;
    }

    /**
     * Error budget: the reduced argument u carries ≤ ~1.5 ulp relative error (one division, one fused
     * denominator, one subtraction), which |u| ≤ 0.2 and |atan(u)| ≤ 0.2·|result|/0.39 shrink; the series
     * truncation is 6e-19 relative; the double-double base adds ≤ 2⁻¹⁰⁶; lo + r and the last addition
     * round once each, in the binade of the base, which can be one above the result's (ulp twice as
     * large). That totals below 2 ulp, the bound tested (about 1.7 is reached near x = 0.24, where the
     * result 0.239 sits one binade below the base atan(T₁) = 0.393). Math.atan promises 1 ulp.
     */
    @Test
    void withinTwoUlpOfTheExactValue() {
        double worst = 0;
        double worstX = 0;
        for (double x : samplePoints()) {
            double e = ulpError(ArcTanScalar.atan(x), reference(x));
            if (e > worst) {
                worst = e;
                worstX = x;
            }
        }
        assertTrue(worst <= 2.0, "max error " + worst + " ulp at x = " + worstX);
        System.out.println("ArcTanScalar.atan: max error " + worst + " ulp at x = " + worstX);
    }

    @Test
    void specialValues() {
        assertEquals(Math.PI / 2, ArcTanScalar.atan(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-Math.PI / 2, ArcTanScalar.atan(Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(Math.PI / 4, ArcTanScalar.atan(1.0), 0.0);
        assertEquals(-Math.PI / 4, ArcTanScalar.atan(-1.0), 0.0);
        assertTrue(Double.isNaN(ArcTanScalar.atan(Double.NaN)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(ArcTanScalar.atan(-0.0)));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(ArcTanScalar.atan(0.0)));
        assertEquals(Double.MIN_VALUE, ArcTanScalar.atan(Double.MIN_VALUE), 0.0);
        assertEquals(1e-300, ArcTanScalar.atan(1e-300), 0.0);
        assertEquals(Math.PI / 2, ArcTanScalar.atan(Double.MAX_VALUE), 0.0);
        assertEquals(Math.PI / 2, ArcTanScalar.atan(1e17), 0.0);
    }

    /** Odd, and non-decreasing across the reduction boundaries (checked on 2·10⁴ consecutive doubles each). */
    @Test
    void oddAndMonotoneAcrossBranchBoundaries() {
        for (double b : new double[] {ArcTanScalar.TINY, ArcTanScalar.SPLIT_1, ArcTanScalar.SPLIT_2, 1.0,
                1 / ArcTanScalar.SPLIT_2, 1 / ArcTanScalar.SPLIT_1}) {
            double v = b;
            for (int k = 0; k < 10_000; k++) v = Math.nextDown(v);
            double prev = ArcTanScalar.atan(v);
            for (int k = 0; k < 20_000; k++) {
                v = Math.nextUp(v);
                double y = ArcTanScalar.atan(v);
                if (y < prev) fail("atan decreases at x = " + v + " near boundary " + b);
                assertEquals(-y, ArcTanScalar.atan(-v), 0.0);
                prev = y;
            }
        }
    }

    @Test
    void closeToMathAtanOnAMillionPoints() {
        java.util.Random rnd = new java.util.Random(3);
        double worst = 0;
        for (int i = 0; i < 1_000_000; i++) {
            double x = rnd.nextGaussian() * Math.exp(3 * rnd.nextGaussian());
            double m = Math.atan(x);
            worst = Math.max(worst, Math.abs(ArcTanScalar.atan(x) - m) / Math.ulp(m));
        }
        // ≤ 2 ulp from exact (above) and Math.atan ≤ 1 ulp from exact.
        assertTrue(worst <= 3.0, "max difference to Math.atan " + worst + " ulp");
    }

    /**
     * The vector kernel performs the same IEEE operations per lane as the scalar one, so results are
     * identical bit for bit, for every length (vector body + scalar tail) and offset.
     */
    @Test
    void vectorTwinIsBitIdentical() {
        Assumptions.assumeTrue(Vectorization.enabled());
        double[] pts = samplePoints();
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                -Double.MIN_VALUE, Double.MAX_VALUE, 1e-310, 1.0, -1.0, ArcTanScalar.TINY, -ArcTanScalar.TINY};
        double[] src = new double[pts.length + special.length];
        System.arraycopy(pts, 0, src, 0, pts.length);
        System.arraycopy(special, 0, src, pts.length, special.length);
        java.util.Collections.shuffle(java.util.Arrays.asList(boxed(src)), new java.util.Random(1));
        for (int n = 1; n <= 4099; n = n < 40 ? n + 1 : n * 2 + 1) check(src, n);
        for (int n : new int[] {511, 512, 513, 997, 1009, 4093, 4099}) check(src, n);
    }

    private static Double[] boxed(double[] a) {
        Double[] b = new Double[a.length];
        for (int i = 0; i < a.length; i++) b[i] = a[i];
        return b;
    }

    private static void check(double[] src, int n) {
        for (int off : new int[] {0, 3}) {
            double[] in = new double[n + off];
            for (int i = 0; i < n; i++) in[off + i] = src[(i * 7 + n) % src.length];
            double[] vec = new double[n + 5], sca = new double[n + 5];
            ArcTanVector.map(in, off, vec, 5, n);
            ArcTanScalar.map(in, off, sca, 5, n);
            for (int i = 0; i < n + 5; i++)
                if (Double.doubleToLongBits(vec[i]) != Double.doubleToLongBits(sca[i]))
                    fail("n=" + n + " i=" + i + " x=" + (i >= 5 ? in[off + i - 5] : 0) + ": vector " + vec[i] + " scalar " + sca[i]);
            double[] gv = new double[n], gs = new double[n], vv = java.util.Arrays.copyOfRange(in, off, off + n), vs = vv.clone();
            for (int i = 0; i < n; i++) gv[i] = gs[i] = 1.0 + i % 5;
            ArcTanVector.advance(vv, 0, gv, 0, n);
            ArcTanScalar.advance(vs, 0, gs, 0, n);
            for (int i = 0; i < n; i++) {
                if (Double.doubleToLongBits(vv[i]) != Double.doubleToLongBits(vs[i])
                        || Double.doubleToLongBits(gv[i]) != Double.doubleToLongBits(gs[i]))
                    fail("advance n=" + n + " i=" + i);
            }
            // The fused adjoint residual: vector = scalar, and both = advance on a unit gradient, then the product.
            double[] y = new double[n + 2], w = new double[n + 1], rv = new double[n + 4], rs = new double[n + 4];
            for (int i = 0; i < n; i++) {
                y[2 + i] = Math.sin(i) * 1.5;
                w[1 + i] = 1.0 + i % 3;
            }
            ArcTanVector.adjointResidual(in, off, y, 2, w, 1, rv, 4, n);
            ArcTanScalar.adjointResidual(in, off, y, 2, w, 1, rs, 4, n);
            double[] g = new double[n], v = java.util.Arrays.copyOfRange(in, off, off + n);
            java.util.Arrays.fill(g, 1.0);
            ArcTanScalar.advance(v, 0, g, 0, n);
            for (int i = 0; i < n; i++) {
                double expected = g[i] * (w[1 + i] * (y[2 + i] - v[i]));
                if (Double.doubleToLongBits(rv[4 + i]) != Double.doubleToLongBits(rs[4 + i])
                        || Double.doubleToLongBits(rs[4 + i]) != Double.doubleToLongBits(expected))
                    fail("adjointResidual n=" + n + " i=" + i + " x=" + in[off + i] + ": vector " + rv[4 + i] + " scalar " + rs[4 + i]
                            + " two-step " + expected);
            }
        }
    }
}
