package org.enflow.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The MLP's backward pass against central finite differences, batch independence of rows, and Adam on a
 * least-squares problem it must solve.
 */
class MlpTest {
    private static double loss(Mlp net, double[] in, int rows, double[] weights, Mlp.Workspace w) {
        double[] out = net.forward(in, 0, rows, w);
        double s = 0;
        for (int i = 0; i < rows * net.outputs(); i++) s += weights[i] * out[i];
        return s;
    }

    /**
     * ∂(Σ w·out)/∂θ and ∂/∂input against central differences with step h = 1e-5: the truncation error is
     * O(h²·|f'''|) ≈ 1e-10 and the rounding error O(ε|f|/h) ≈ 1e-11, so agreement to 1e-7 relative (of the
     * largest gradient entry) is a strict check; a wrong index or a missing SiLU factor is O(1) off.
     */
    @Test
    void backwardMatchesFiniteDifferences() {
        Mlp net = new Mlp(5, 7, 6, 3);
        net.initialize(RandomSource.XO_SHI_RO_256_PP.create(3L));
        SplittableRandom r = new SplittableRandom(5);
        int rows = 4;
        double[] in = new double[rows * 5], weights = new double[rows * 3];
        for (int i = 0; i < in.length; i++) in[i] = 2 * r.nextDouble() - 1;
        for (int i = 0; i < weights.length; i++) weights[i] = r.nextDouble() - 0.5;
        Mlp.Workspace w = net.newWorkspace(rows);
        net.forward(in, 0, rows, w);
        double[] grad = new double[net.parameterCount()], dIn = new double[rows * 5];
        net.backward(weights, 0, w, grad, dIn, 0, 5);
        double h = 1e-5, max = 0;
        for (double g : grad) max = Math.max(max, Math.abs(g));
        double[] p = net.parameters();
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + h;
            net.parametersChanged();
            double up = loss(net, in, rows, weights, w);
            p[i] = keep - h;
            net.parametersChanged();
            double down = loss(net, in, rows, weights, w);
            p[i] = keep;
            net.parametersChanged();
            assertEquals((up - down) / (2 * h), grad[i], 1e-7 * max, "parameter " + i);
        }
        for (int i = 0; i < in.length; i++) {
            double keep = in[i];
            in[i] = keep + h;
            double up = loss(net, in, rows, weights, w);
            in[i] = keep - h;
            double down = loss(net, in, rows, weights, w);
            in[i] = keep;
            assertEquals((up - down) / (2 * h), dIn[i], 1e-7 * max, "input " + i);
        }
    }

    @Test
    void rowsAreIndependentOfTheBatchTheyAreIn() {
        Mlp net = new Mlp(4, 16, 16, 2);
        net.initialize(RandomSource.XO_SHI_RO_256_PP.create(9L));
        SplittableRandom r = new SplittableRandom(1);
        double[] in = new double[9 * 4];
        for (int i = 0; i < in.length; i++) in[i] = r.nextDouble();
        double[] all = net.forward(in, 0, 9, net.newWorkspace(9)).clone();
        Mlp.Workspace one = net.newWorkspace(1);
        for (int row = 0; row < 9; row++) {
            double[] out = net.forward(in, row * 4, 1, one);
            for (int j = 0; j < 2; j++) assertEquals(all[row * 2 + j], out[j], 0.0, "row " + row);
        }
    }

    /** Adam fits y = A x (a linear map the network can represent to high accuracy) to a small loss. */
    @Test
    void adamFitsALinearMap() {
        Mlp net = new Mlp(3, 32, 2);
        net.initialize(RandomSource.XO_SHI_RO_256_PP.create(4L));
        Adam adam = new Adam(net.parameterCount());
        SplittableRandom r = new SplittableRandom(2);
        int rows = 64;
        double[] in = new double[rows * 3], dOut = new double[rows * 2], grad = new double[net.parameterCount()];
        Mlp.Workspace w = net.newWorkspace(rows);
        double first = Double.NaN, last = Double.NaN;
        for (int step = 0; step < 1500; step++) {
            for (int i = 0; i < in.length; i++) in[i] = 2 * r.nextDouble() - 1;
            double[] out = net.forward(in, 0, rows, w);
            double loss = 0;
            for (int row = 0; row < rows; row++) {
                double x0 = in[3 * row], x1 = in[3 * row + 1], x2 = in[3 * row + 2];
                double y0 = x0 - 2 * x1 + 0.5 * x2, y1 = 0.3 * x0 + x2;
                double e0 = out[2 * row] - y0, e1 = out[2 * row + 1] - y1;
                loss += (e0 * e0 + e1 * e1) / rows;
                dOut[2 * row] = 2 * e0 / rows;
                dOut[2 * row + 1] = 2 * e1 / rows;
            }
            java.util.Arrays.fill(grad, 0);
            net.backward(dOut, 0, w, grad, null, 0, 0);
            adam.step(net.parameters(), grad, 3e-3);
            net.parametersChanged();
            if (step == 0) first = loss;
            last = loss;
        }
        assertEquals(1500, adam.steps());
        // The target's variance is ~1.8 per sample; a working fit reaches far below 1% of it.
        assertTrue(last < 1e-2 * first && last < 5e-3, "loss " + first + " -> " + last);
    }

    @Test
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new Mlp(3));
        assertThrows(IllegalArgumentException.class, () -> new Mlp(3, 0, 2));
        Mlp net = new Mlp(2, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> net.forward(new double[4], 0, 3, net.newWorkspace(2)));
        assertThrows(IllegalArgumentException.class, () -> net.forward(new double[3], 0, 2, net.newWorkspace(2)));
        assertThrows(IllegalArgumentException.class, () -> net.forward(new double[4], 0, 2, new Mlp(2, 3, 1).newWorkspace(2)));
        assertThrows(IllegalArgumentException.class, () -> net.setParameters(new double[] {1, 2}));
        assertEquals(2 * 3 + 3 + 3 + 1, net.parameterCount());
    }
}
