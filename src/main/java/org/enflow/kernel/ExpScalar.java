package org.enflow.kernel;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * exp(x) from IEEE basic operations only (fused multiply-add, multiplication, addition, comparisons and
 * integer bit arithmetic), so that this scalar code and its Vector API twin {@code ExpVector} give
 * bit-identical results whatever the JIT has compiled. ({@code Math.exp} and {@code lanewise(EXP)}
 * differ from each other, and the Vector API runs {@code Math.exp} per lane until C2 compiles the loop,
 * then the SVML stub: a softmax would depend on JIT timing.) Public so that benchmarks can time the
 * scalar twin; library code calls {@link Exp}.
 *
 * <p>Contract (tested in {@code ExpTest}):
 * <ul>
 *   <li>within 2 ulp of the exact value for every result in the normal range (measured: about 0.8 ulp);</li>
 *   <li>gradual underflow: results below 2⁻¹⁰²² (x &lt; −708.4) are within one subnormal ulp (2⁻¹⁰⁷⁴) of
 *       the exact value; x ≤ −745.14 gives +0;</li>
 *   <li>x &gt; 709.782712893384 (the largest x with a finite result) gives +∞; exp(+∞) = +∞,
 *       exp(−∞) = +0, exp(NaN) = NaN, exp(±0) = 1 exactly. Results are never negative.</li>
 * </ul>
 *
 * <p>Algorithm (standard reduction, our own constants computed at class initialization):
 * <ol>
 *   <li>k = round(x/ln 2) with the shifter trick: t = x·(1/ln 2) + 1.5·2⁵² (one fused rounding) holds k in
 *       its low mantissa bits; k = t − 1.5·2⁵² exactly (for |x| &lt; 2⁵⁰; larger x are handled in step 4).</li>
 *   <li>r = x − k·ln 2 in two fused steps (Cody–Waite with FMA): x − k·LN2_HI is exact (every term is a
 *       multiple of 2⁻⁵⁴ once |x| ≥ ln2/2, and |r| &lt; 1/2 needs at most 53 bits), then − k·LN2_LO with
 *       one rounding. |r| ≤ ln2/2 ≈ 0.3466.</li>
 *   <li>exp(r) = 1 + s, s = r + r²·P(r), with P of degree 9 the Chebyshev economization of
 *       (eʳ − 1 − r)/r² on |r| ≤ {@link #R_MAX} (see {@link #economizedCoefficients}): its error times r²
 *       is about 10⁻¹⁷, 0.1 ulp. P is evaluated as E(r²) + r·O(r²), two independent Horner chains, to
 *       halve the latency.</li>
 *   <li>Scale by 2^k. For |x| ≤ 708 the result is normal: add k to the exponent bits of 1 + s (exact). Else
 *       multiply by two exact powers of two 2^k₁·2^k₂ (k₁ = ⌊k'/2⌋, k₂ = k' − k₁, k' = k + 2046 read from
 *       the bits of t, both in the normal exponent range for −746 ≤ x ≤ 710): the first product, fused
 *       with the + 1, is exact, the second rounds once, so subnormal results are rounded from the 53-bit
 *       1 + s and overflow gives ∞ by IEEE rules. Where both ways apply they give the same double, so the
 *       vector twin may take either for a lane. Finally x &gt; 710 gives +∞, x &lt; −746 gives +0, and
 *       NaN propagates through the arithmetic.</li>
 * </ol>
 */
public final class ExpScalar {
    private ExpScalar() {}

    /** Above this exp(x) overflows (exp(710) &gt; 2¹⁰²⁴): the result is +∞. */
    static final double HI = 710.0;
    /** Below this exp(x) &lt; 2⁻¹⁰⁷⁵ rounds to +0. */
    static final double LO = -746.0;
    /** For |x| ≤ FAST, −1021 ≤ k ≤ 1022, so (1 + s)·2^k ∈ [0.7, 1.5)·2^k is a normal double. */
    static final double FAST = 708.0;
    /** 1.5·2⁵²: adding it rounds to an integer, which lands in the low mantissa bits. */
    static final double SHIFT = 0x1.8p52;
    /**
     * bits(t) − SCALE_BIAS = k + 2046 for t = SHIFT + k: (bits(t) − SCALE_BIAS) &gt;&gt; 1 = k₁ + 1023 and the
     * remainder k₂ + 1023 are the biased exponents of the two scale factors.
     */
    static final long SCALE_BIAS = Double.doubleToRawLongBits(SHIFT) - 2046;
    /** The interval of the reduced argument on which P is fitted: ln2/2 plus a margin for the rounding of k. */
    static final double R_MAX = 0.3466;
    /** Degree of P. */
    static final int DEGREE = 9;

    static final double LN2_HI;
    static final double LN2_LO;
    static final double INV_LN2;
    /** Coefficients of P, lowest degree first. */
    static final double P0, P1, P2, P3, P4, P5, P6, P7, P8, P9;

    static {
        MathContext mc = new MathContext(60);
        BigDecimal ln2 = ln2(mc);
        LN2_HI = ln2.doubleValue();
        LN2_LO = ln2.subtract(new BigDecimal(LN2_HI)).doubleValue();
        INV_LN2 = BigDecimal.ONE.divide(ln2, mc).doubleValue();
        double[] p = economizedCoefficients(DEGREE, new BigDecimal(R_MAX), mc);
        P0 = p[0];
        P1 = p[1];
        P2 = p[2];
        P3 = p[3];
        P4 = p[4];
        P5 = p[5];
        P6 = p[6];
        P7 = p[7];
        P8 = p[8];
        P9 = p[9];
    }

    /** ln 2 = 2·atanh(1/3) = 2·Σ 3^−(2j+1)/(2j+1), to the precision of mc. */
    static BigDecimal ln2(MathContext mc) {
        BigDecimal ninth = BigDecimal.ONE.divide(BigDecimal.valueOf(9), mc);
        BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(3), mc);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5);
        for (int j = 0; power.compareTo(eps) > 0; j++) {
            sum = sum.add(power.divide(BigDecimal.valueOf(2L * j + 1), mc), mc);
            power = power.multiply(ninth, mc);
        }
        return sum.multiply(BigDecimal.valueOf(2), mc);
    }

    /**
     * Chebyshev economization of f(r) = (eʳ − 1 − r)/r² = Σ_{j≥0} rʲ/(j+2)! on |r| ≤ a: expand f(a·u)
     * (Taylor, 30 terms, far beyond double precision) in Chebyshev polynomials T_m(u), drop the terms
     * m &gt; degree, and convert back to powers of r. The error is about the first dropped Chebyshev
     * coefficient, ≈ a^(degree+1)/(degree+3)!/2^degree, spread evenly over the interval (near-minimax),
     * where the Taylor polynomial of the same degree would be 2^degree times worse at the ends.
     *
     * @return the coefficients, lowest degree first, each rounded once to double
     */
    static double[] economizedCoefficients(int degree, BigDecimal a, MathContext mc) {
        int terms = 30;
        // b[j] = a^j/(j+2)!: Taylor coefficients of g(u) = f(a·u).
        BigDecimal[] b = new BigDecimal[terms];
        BigDecimal power = BigDecimal.ONE;
        BigDecimal factorial = BigDecimal.valueOf(2);
        for (int j = 0; j < terms; j++) {
            b[j] = power.divide(factorial, mc);
            power = power.multiply(a, mc);
            factorial = factorial.multiply(BigDecimal.valueOf(j + 3));
        }
        // u^j = 2^(1−j)·Σ_{i<j/2} C(j,i)·T_{j−2i} + (j even ? 2^(−j)·C(j,j/2)·T_0 : 0).
        BigDecimal[] cheb = new BigDecimal[terms];
        java.util.Arrays.fill(cheb, BigDecimal.ZERO);
        for (int j = 0; j < terms; j++) {
            BigDecimal binomial = BigDecimal.ONE;
            BigDecimal half = BigDecimal.ONE.divide(BigDecimal.valueOf(2).pow(j), mc);
            for (int i = 0; 2 * i <= j; i++) {
                BigDecimal weight = 2 * i == j ? half.multiply(binomial) : half.multiply(binomial).multiply(BigDecimal.valueOf(2));
                cheb[j - 2 * i] = cheb[j - 2 * i].add(b[j].multiply(weight, mc), mc);
                binomial = binomial.multiply(BigDecimal.valueOf(j - i)).divide(BigDecimal.valueOf(i + 1));
            }
        }
        // Back to powers of u, keeping T_0..T_degree: T_{m+1} = 2u·T_m − T_{m−1}, as coefficient arrays.
        BigDecimal[] d = new BigDecimal[degree + 1];
        java.util.Arrays.fill(d, BigDecimal.ZERO);
        BigDecimal[] previous = new BigDecimal[degree + 1], current = new BigDecimal[degree + 1];
        java.util.Arrays.fill(previous, BigDecimal.ZERO);
        java.util.Arrays.fill(current, BigDecimal.ZERO);
        previous[0] = BigDecimal.ONE; // T_0 = 1
        current[1] = BigDecimal.ONE; // T_1 = u
        for (int m = 0; m <= degree; m++) {
            BigDecimal[] t = m == 0 ? previous : current;
            for (int j = 0; j <= degree; j++) d[j] = d[j].add(cheb[m].multiply(t[j], mc), mc);
            if (m >= 1 && m < degree) {
                BigDecimal[] next = new BigDecimal[degree + 1];
                for (int j = 0; j <= degree; j++)
                    next[j] = (j > 0 ? current[j - 1].multiply(BigDecimal.valueOf(2)) : BigDecimal.ZERO).subtract(previous[j]);
                previous = current;
                current = next;
            }
        }
        double[] c = new double[degree + 1];
        BigDecimal scale = BigDecimal.ONE;
        for (int j = 0; j <= degree; j++) {
            c[j] = d[j].divide(scale, mc).doubleValue(); // coefficient of r^j = d_j / a^j
            scale = scale.multiply(a, mc);
        }
        return c;
    }

    /** exp(x) with the contract of the class comment; bit-identical to every lane of the vector twin. */
    public static double exp(double x) {
        double t = Math.fma(x, INV_LN2, SHIFT);
        double k = t - SHIFT;
        double r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        double r2 = r * r;
        double even = Math.fma(Math.fma(Math.fma(Math.fma(P8, r2, P6), r2, P4), r2, P2), r2, P0);
        double odd = Math.fma(Math.fma(Math.fma(Math.fma(P9, r2, P7), r2, P5), r2, P3), r2, P1);
        double s = Math.fma(Math.fma(odd, r, even), r2, r);
        long tBits = Double.doubleToRawLongBits(t);
        if (Math.abs(x) <= FAST) return Double.longBitsToDouble(Double.doubleToRawLongBits(s + 1.0) + (tBits << 52));
        long m = tBits - SCALE_BIAS;
        long e1 = m >> 1;
        double scale1 = Double.longBitsToDouble(e1 << 52);
        double y = Math.fma(s, scale1, scale1) * Double.longBitsToDouble((m - e1) << 52);
        y = x > HI ? Double.POSITIVE_INFINITY : y;
        return x < LO ? 0.0 : y;
    }

    /**
     * dst[dstOff + i] = exp(src[srcOff + i]) for i &lt; n; the ranges may be identical. No argument checks
     * (see {@link Exp#apply}).
     */
    public static void apply(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) dst[dstOff + i] = exp(src[srcOff + i]);
    }

    /**
     * dst[dstOff + i] = exp(src[srcOff + i] − shift) for i &lt; n (the subtraction rounds once, then exp);
     * the ranges may be identical. No argument checks (see {@link Exp#applyShifted}).
     */
    public static void shifted(double[] src, int srcOff, double shift, double[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) dst[dstOff + i] = exp(src[srcOff + i] - shift);
    }

    /** a[off + i] = exp(a[off + i]) for i &lt; n. No argument checks (see {@link Exp#inPlace}). */
    public static void inPlace(double[] a, int off, int n) {
        apply(a, off, a, off, n);
    }
}
