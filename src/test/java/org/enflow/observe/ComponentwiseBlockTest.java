package org.enflow.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.enflow.kernel.RandomStreams;
import org.junit.jupiter.api.Test;

/** adjointResidualBlock of the built-in operators equals J_hᵀ(w ⊙ (y − h(x))) computed with apply and adjoint. */
class ComponentwiseBlockTest {
    @Test
    void blocksMatchWholeVectorAdjointForBuiltInOperators() {
        int d = 1237;
        SplittableRandom rnd = new SplittableRandom(1);
        String[] specs = {"identity", "arctan", "tanh", "power:3", "every:2:1>arctan", "every:3:0", "arctan>every:4:2"};
        for (String spec : specs) {
            ObservationOperator op = Operators.parse(spec, d, new RandomStreams(3));
            assertTrue(op.isComponentwise(), spec);
            int p = op.outputDim();
            double[] x = new double[d], y = new double[p], w = new double[p];
            for (int c = 0; c < d; c++) x[c] = 1.5 * rnd.nextGaussian();
            for (int l = 0; l < p; l++) {
                y[l] = rnd.nextGaussian();
                w[l] = 0.5 + rnd.nextDouble();
            }
            double[] h = new double[p], r = new double[p], full = new double[d];
            op.apply(x, 0, h, 0);
            for (int l = 0; l < p; l++) r[l] = w[l] * (y[l] - h[l]);
            op.adjoint(x, 0, r, 0, full, 0);
            int[] cuts = {0, 1, 7, 512, 513, 1100, d};
            for (int q = 0; q + 1 < cuts.length; q++) {
                int from = cuts[q], to = cuts[q + 1];
                double[] xb = new double[to - from + 3], out = new double[to - from + 5];
                System.arraycopy(x, from, xb, 3, to - from);
                op.adjointResidualBlock(xb, 3, from, to, y, w, out, 5);
                for (int c = from; c < to; c++) {
                    // Same arithmetic up to the order of one multiplication: a few ulps.
                    assertEquals(full[c], out[5 + c - from], 1e-14 * Math.max(1, Math.abs(full[c])), spec + " c=" + c);
                }
            }
        }
    }

    /**
     * applyBlock of the aligned built-ins gives exactly the bits of apply on every block (the same scalar maps and
     * mask per element, whatever the offsets), also in place; selections are not aligned and refuse it.
     */
    @Test
    void alignedBlocksGiveTheBitsOfApply() {
        int d = 1237;
        SplittableRandom rnd = new SplittableRandom(2);
        for (String spec : new String[] {"identity", "arctan", "tanh", "power:3", "mask:0.6", "mask:0.5>arctan", "arctan>square"}) {
            ObservationOperator op = Operators.parse(spec, d, new RandomStreams(3));
            assertTrue(op.isAligned(), spec);
            double[] x = new double[d], whole = new double[d];
            for (int c = 0; c < d; c++) x[c] = 1.5 * rnd.nextGaussian();
            op.apply(x, 0, whole, 0);
            int[] cuts = {0, 1, 7, 512, 513, 1100, d};
            for (int q = 0; q + 1 < cuts.length; q++) {
                int from = cuts[q], to = cuts[q + 1];
                double[] xb = new double[to - from + 3], out = new double[to - from + 5];
                System.arraycopy(x, from, xb, 3, to - from);
                op.applyBlock(xb, 3, from, to, out, 5);
                op.applyBlock(xb, 3, from, to, xb, 3);
                for (int c = from; c < to; c++) {
                    assertEquals(Double.doubleToRawLongBits(whole[c]), Double.doubleToRawLongBits(out[5 + c - from]), spec + " c=" + c);
                    assertEquals(Double.doubleToRawLongBits(whole[c]), Double.doubleToRawLongBits(xb[3 + c - from]), spec + " in place c=" + c);
                }
            }
        }
        ObservationOperator every = Operators.parse("every:2", d, null);
        assertFalse(every.isAligned());
        assertThrows(UnsupportedOperationException.class, () -> every.applyBlock(new double[4], 0, 0, 4, new double[4], 0));
        ObservationOperator id = Operators.parse("identity", d, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> id.applyBlock(new double[4], 0, d - 2, d + 2, new double[4], 0));
        assertTrue(e.getMessage().contains("outside [0, " + d + ")"), e.getMessage());
    }

    @Test
    void aUserOperatorIsNotComponentwiseByDefault() {
        ObservationOperator op = Operators.chain(Operators.arctan(4), Operators.identity(4));
        // Compositions of built-ins collapse into the canonical form, which is componentwise.
        assertTrue(op.isComponentwise());
        ObservationOperator user = new ObservationOperator() {
            public int inputDim() {
                return 2;
            }

            public int outputDim() {
                return 1;
            }

            public void apply(double[] x, int xOff, double[] y, int yOff) {
                y[yOff] = x[xOff] + x[xOff + 1];
            }

            public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
                out[outOff] = r[rOff];
                out[outOff + 1] = r[rOff];
            }

            public double[] positions() {
                return new double[1];
            }

            public String describe() {
                return "sum";
            }
        };
        assertFalse(user.isComponentwise());
        assertFalse(user.isAligned());
    }
}
