package org.enflow.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link ExpScalar}: the same IEEE operations in the same order per lane, so
 * results are bit-identical to the scalar code, before and after C2 compiles the loop. Uses only
 * operations whose per-lane fallback is exact and that C2 intrinsifies on JDK 17 and 25 (fma, mul, add,
 * sub, abs, compare, blend, mask and/allTrue, reinterpret, long shifts); no {@code lanewise(EXP)}. Load
 * only when {@code Vectorization.enabled()}.
 *
 * <p>Shape, for speed (measured on one core, 1024 elements):
 * <ul>
 *   <li>The whole kernel sits in the loop body of {@link #apply}, the compiled root; no vector crosses a
 *       method boundary (a vector passed through a call that C2 does not inline is boxed: an allocation
 *       per vector and a 5–10× slowdown).</li>
 *   <li>Two vectors per iteration, their operations interleaved: one exp is a chain of ~12 dependent
 *       operations (~45 cycles), and with one vector per iteration the out-of-order window did not hold
 *       enough iterations to keep the FMA units busy (0.95 against 0.68 ns per element).</li>
 *   <li>When both vectors have all |x| ≤ 708, the scaling by 2^k is an integer add to the exponent bits;
 *       otherwise the two-multiplication scaling with the special-value blends of the scalar slow path
 *       runs for both (0.68 against 0.88 ns per element if it always ran). The two give the same double
 *       wherever both apply (see {@link ExpScalar}), so the choice, per pair of vectors, cannot change a
 *       result.</li>
 *   <li>The last iteration takes the second vector at n − L, overlapping the first: both are loaded before
 *       either is stored and overlapping lanes compute the same values, so this is correct in place too,
 *       and only n mod L ≤ L − 1 elements (when n ≥ L) go through the scalar twin.</li>
 * </ul>
 */
final class ExpVector {
    private ExpVector() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final DoubleVector HI = c(ExpScalar.HI), LO = c(ExpScalar.LO), FAST = c(ExpScalar.FAST),
            ZERO = DoubleVector.zero(S), ONE = c(1.0), INF = c(Double.POSITIVE_INFINITY), SHIFT = c(ExpScalar.SHIFT),
            INV_LN2 = c(ExpScalar.INV_LN2), NEG_LN2_HI = c(-ExpScalar.LN2_HI), NEG_LN2_LO = c(-ExpScalar.LN2_LO);
    private static final DoubleVector P0 = c(ExpScalar.P0), P1 = c(ExpScalar.P1), P2 = c(ExpScalar.P2),
            P3 = c(ExpScalar.P3), P4 = c(ExpScalar.P4), P5 = c(ExpScalar.P5), P6 = c(ExpScalar.P6), P7 = c(ExpScalar.P7),
            P8 = c(ExpScalar.P8), P9 = c(ExpScalar.P9);
    private static final LongVector SCALE_BIAS = LongVector.broadcast(S.withLanes(long.class), ExpScalar.SCALE_BIAS);

    private static DoubleVector c(double v) {
        return DoubleVector.broadcast(S, v);
    }

    /** dst[dstOff + i] = exp(src[srcOff + i]) for i &lt; n; the ranges must be identical or disjoint. */
    static void apply(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        shifted(src, srcOff, 0.0, dst, dstOff, n); // x − 0 = x exactly, for every x
    }

    /**
     * dst[dstOff + i] = exp(src[srcOff + i] − shift) for i &lt; n; the ranges must be identical or disjoint.
     * Lines ending in {@code a}/{@code b} are the two interleaved vectors; each step is the same operation
     * as the line of {@link ExpScalar#exp} it stands for. (No running sum here: vector accumulators
     * updated in both branches of the fast/slow test were boxed by C2 on JDK 17, 3× slower.)
     */
    static void shifted(double[] src, int srcOff, double shift, double[] dst, int dstOff, int n) {
        DoubleVector by = DoubleVector.broadcast(S, shift);
        int i = 0;
        while (n - i >= L) {
            int j = Math.min(i + L, n - L); // the second vector; overlaps the first only in the last iteration
            DoubleVector xa = DoubleVector.fromArray(S, src, srcOff + i).sub(by);
            DoubleVector xb = DoubleVector.fromArray(S, src, srcOff + j).sub(by);
            if (xa.compare(VectorOperators.LT, LO).and(xb.compare(VectorOperators.LT, LO)).allTrue()) {
                // Every lane underflows to +0, which is what the slow branch's blend below gives: skip the polynomial.
                // Softmax rows with sharp weights (small σ in the KDE flow, EnFF at small σ_min) are mostly such lanes.
                ZERO.intoArray(dst, dstOff + i);
                ZERO.intoArray(dst, dstOff + j);
                i = j + L;
                continue;
            }
            DoubleVector ta = xa.fma(INV_LN2, SHIFT);
            DoubleVector tb = xb.fma(INV_LN2, SHIFT);
            DoubleVector ka = ta.sub(SHIFT);
            DoubleVector kb = tb.sub(SHIFT);
            DoubleVector ra = ka.fma(NEG_LN2_HI, xa);
            DoubleVector rb = kb.fma(NEG_LN2_HI, xb);
            ra = ka.fma(NEG_LN2_LO, ra);
            rb = kb.fma(NEG_LN2_LO, rb);
            DoubleVector r2a = ra.mul(ra);
            DoubleVector r2b = rb.mul(rb);
            DoubleVector evenA = P8.fma(r2a, P6).fma(r2a, P4).fma(r2a, P2).fma(r2a, P0);
            DoubleVector evenB = P8.fma(r2b, P6).fma(r2b, P4).fma(r2b, P2).fma(r2b, P0);
            DoubleVector oddA = P9.fma(r2a, P7).fma(r2a, P5).fma(r2a, P3).fma(r2a, P1);
            DoubleVector oddB = P9.fma(r2b, P7).fma(r2b, P5).fma(r2b, P3).fma(r2b, P1);
            DoubleVector sa = oddA.fma(ra, evenA).fma(r2a, ra);
            DoubleVector sb = oddB.fma(rb, evenB).fma(r2b, rb);
            LongVector tBitsA = ta.reinterpretAsLongs();
            LongVector tBitsB = tb.reinterpretAsLongs();
            if (xa.abs().compare(VectorOperators.LE, FAST).and(xb.abs().compare(VectorOperators.LE, FAST)).allTrue()) {
                sa.add(ONE).reinterpretAsLongs().add(tBitsA.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles()
                        .intoArray(dst, dstOff + i);
                sb.add(ONE).reinterpretAsLongs().add(tBitsB.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles()
                        .intoArray(dst, dstOff + j);
            } else {
                LongVector ma = tBitsA.sub(SCALE_BIAS);
                LongVector mb = tBitsB.sub(SCALE_BIAS);
                LongVector e1a = ma.lanewise(VectorOperators.ASHR, 1);
                LongVector e1b = mb.lanewise(VectorOperators.ASHR, 1);
                DoubleVector scale1a = e1a.lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
                DoubleVector scale1b = e1b.lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
                DoubleVector ya = sa.fma(scale1a, scale1a).mul(ma.sub(e1a).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles());
                DoubleVector yb = sb.fma(scale1b, scale1b).mul(mb.sub(e1b).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles());
                ya.blend(INF, xa.compare(VectorOperators.GT, HI)).blend(ZERO, xa.compare(VectorOperators.LT, LO))
                        .intoArray(dst, dstOff + i);
                yb.blend(INF, xb.compare(VectorOperators.GT, HI)).blend(ZERO, xb.compare(VectorOperators.LT, LO))
                        .intoArray(dst, dstOff + j);
            }
            i = j + L;
        }
        for (; i < n; i++) dst[dstOff + i] = ExpScalar.exp(src[srcOff + i] - shift);
    }
}
