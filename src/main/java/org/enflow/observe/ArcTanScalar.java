package org.enflow.observe;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * atan(x) from IEEE basic operations only (division, fused multiply-add, comparisons), so that the
 * scalar code here and its Vector API twin {@link ArcTanVector} give bit-identical results, whatever the
 * JIT has compiled. ({@code Math.atan} and {@code lanewise(ATAN)} are both within 1 ulp but differ from
 * each other, and the Vector API falls back to {@code Math.atan} until C2 compiles the loop: a result
 * would depend on JIT timing.) Accuracy: within 2 ulp of the exact value (tested against a BigDecimal
 * reference).
 *
 * <p>Algorithm (standard argument reduction, our own constants):
 * <ol>
 *   <li>a = |x|; if a &gt; 1, t = 1/a and atan(a) = π/2 − atan(t); else t = a. Now t ∈ [0, 1].</li>
 *   <li>Pick a centre T ∈ {0, T₁ ≈ tan(π/8), 1} by t's interval (split at tan(π/16), tan(3π/16)); then
 *       atan(t) = atan(T) + atan(u) with u = (t − T)/(1 + tT), |u| ≤ tan(π/16) ≈ 0.1989.</li>
 *   <li>atan(u) = u + u·z·Q(z), z = u², with the Taylor series Q(z) = Σ_{k=0}^{10} (−1)^{k+1} z^k/(2k+3).
 *       The first omitted term is u·z¹²/25 ≤ 6e-19·|u| for z ≤ 0.0396: far below half an ulp.</li>
 *   <li>The constants atan(T₁), π/4, π/2 and their differences are double-double (hi + lo) values,
 *       computed once at class initialization by BigDecimal series, so the result is
 *       hi + (lo ± atan(u)) with a single final rounding error of note.</li>
 *   <li>|x| &lt; 2⁻²⁸ returns x (atan(x) = x(1 − x²/3 + …) rounds to x), which also keeps the sign of −0.</li>
 * </ol>
 */
final class ArcTanScalar {
    private ArcTanScalar() {}

    /** Below this, atan(x) rounds to x: x²/3 &lt; 2⁻⁵⁸ is far below half an ulp (2⁻⁵⁴ relative). */
    static final double TINY = 0x1p-28;
    static final double SPLIT_1 = StrictMath.tan(StrictMath.PI / 16);
    static final double SPLIT_2 = StrictMath.tan(3 * StrictMath.PI / 16);
    /** The middle centre: a double close to tan(π/8) = √2 − 1 (exact subtraction of the rounded root). */
    static final double T1 = Math.sqrt(2.0) - 1.0;

    /** Taylor coefficients of Q, Q[k] = (−1)^(k+1)/(2k+3). */
    static final double[] Q = new double[11];

    /** hi/lo of atan(T) for centres 0, T₁, 1 (index 0..2), then of π/2 − atan(T) (index 3..5). */
    static final double[] BASE_HI = new double[6];
    static final double[] BASE_LO = new double[6];
    static final double[] CENTRE = {0.0, T1, 1.0};

    static {
        for (int k = 0; k < Q.length; k++) Q[k] = ((k & 1) == 0 ? -1.0 : 1.0) / (2 * k + 3);
        MathContext mc = new MathContext(60);
        // Machin: π/4 = 4 atan(1/5) − atan(1/239).
        BigDecimal pi4 = atan(BigDecimal.ONE.divide(BigDecimal.valueOf(5), mc), mc).multiply(BigDecimal.valueOf(4))
                .subtract(atan(BigDecimal.ONE.divide(BigDecimal.valueOf(239), mc), mc), mc);
        BigDecimal pio2 = pi4.multiply(BigDecimal.valueOf(2));
        BigDecimal[] centre = {BigDecimal.ZERO, atan(new BigDecimal(T1), mc), pi4};
        for (int j = 0; j < 3; j++) {
            split(centre[j], j);
            split(pio2.subtract(centre[j], mc), j + 3);
        }
    }

    private static void split(BigDecimal v, int index) {
        double hi = v.doubleValue();
        BASE_HI[index] = hi;
        BASE_LO[index] = v.subtract(new BigDecimal(hi)).doubleValue();
    }

    /** atan(x) = Σ (−1)^k x^(2k+1)/(2k+1) for |x| ≤ 1/2, to the precision of mc. */
    static BigDecimal atan(BigDecimal x, MathContext mc) {
        BigDecimal x2 = x.multiply(x, mc);
        BigDecimal power = x;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5);
        for (int k = 0; power.abs().compareTo(eps) > 0; k++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), mc);
            sum = (k & 1) == 0 ? sum.add(term, mc) : sum.subtract(term, mc);
            power = power.multiply(x2, mc);
        }
        return sum;
    }

    /** atan(x) within 2 ulp; bit-identical to {@link ArcTanVector}. */
    static double atan(double x) {
        double a = Math.abs(x);
        if (a < TINY) return x;
        boolean big = a > 1.0;
        double t = big ? 1.0 / a : a;
        int j = t > SPLIT_2 ? 2 : t > SPLIT_1 ? 1 : 0;
        double centre = CENTRE[j];
        double u = (t - centre) / Math.fma(t, centre, 1.0);
        double z = u * u;
        double q = Q[10];
        for (int k = 9; k >= 0; k--) q = Math.fma(q, z, Q[k]);
        double r = Math.fma(u * z, q, u);
        int b = big ? j + 3 : j;
        double result = BASE_HI[b] + (big ? BASE_LO[b] - r : BASE_LO[b] + r);
        return x < 0 ? -result : result;
    }

    /** out[outOff + i] = atan(in[inOff + i]); the ranges may be identical. */
    static void map(double[] in, int inOff, double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = atan(in[inOff + i]);
    }

    /** g[gOff + i] *= 1/(1 + v²); v[vOff + i] = atan(v) — one chain-rule step. */
    static void advance(double[] v, int vOff, double[] g, int gOff, int n) {
        for (int i = 0; i < n; i++) {
            double x = v[vOff + i];
            g[gOff + i] *= 1.0 / (x * x + 1.0);
            v[vOff + i] = atan(x);
        }
    }

    /**
     * out = f'(x)·(w·(y − atan x)) with f'(x) = 1/(x² + 1), elementwise over the ranges: the adjoint residual
     * of the arctan operator in one pass. The same operations as {@link #advance} followed by the residual
     * product, so the same bits.
     */
    static void adjointResidual(double[] x, int xOff, double[] y, int yOff, double[] w, int wOff, double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            double slope = 1.0 / (v * v + 1.0);
            out[outOff + i] = slope * (w[wOff + i] * (y[yOff + i] - atan(v)));
        }
    }
}
