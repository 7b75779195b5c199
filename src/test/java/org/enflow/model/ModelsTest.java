package org.enflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.junit.jupiter.api.Test;

class ModelsTest {
    static final Parallel SEQ = Parallel.sequential();

    static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void defaults() {
        Model l96 = Models.create("lorenz96", 0, Double.NaN, Double.NaN, null, SEQ);
        assertEquals(40, l96.dim());
        assertEquals(0.05, l96.dt());
        assertTrue(l96 instanceof Lorenz96Model);
        assertEquals(8, ((Lorenz96Model) l96).drift().forcing());
        assertEquals(Integrator.RK4, ((Lorenz96Model) l96).integrator());
        Model l63 = Models.create("Lorenz63", -1, Double.NaN, Double.NaN, null, SEQ);
        assertEquals(3, l63.dim());
        assertEquals(0.01, l63.dt());
        Model ks = Models.create("ks", 0, Double.NaN, Double.NaN, null, SEQ);
        assertEquals(256, ks.dim());
        assertEquals(0.25, ks.dt());
        Model linear = Models.create("linear", 0, Double.NaN, Double.NaN, null, SEQ);
        assertEquals(10, linear.dim());
        assertEquals(1, linear.dt());
        assertEquals(4, Models.list().size());
        for (ModelInfo info : Models.list()) {
            Model m = Models.create(info.name(), 0, Double.NaN, Double.NaN, null, SEQ);
            assertEquals(info.defaultDim(), m.dim());
            assertEquals(info.defaultDt(), m.dt());
        }
    }

    @Test
    void explicitValues() {
        Model m = Models.create("lorenz96", 1000, 10, 0.01, "rk4_38", SEQ);
        assertEquals(1000, m.dim());
        assertEquals("lorenz96(d=1000, F=10), rk4_38 (fused), dt=0.01", m.describe());
        assertTrue(Models.create("lorenz96", 40, 8, 0.01, "euler", SEQ) instanceof DriftModel);
        assertEquals(1024, Models.create("ks", 1024, Double.NaN, 0.25, "etdrk4", SEQ).dim());
        assertEquals("lorenz63, heun, dt=0.02", Models.create("lorenz63", 3, Double.NaN, 0.02, "heun", SEQ).describe());
    }

    @Test
    void errorsNameTheFlag() {
        assertEquals("--dim 3: lorenz96 needs dim >= 4", error(() -> Models.create("lorenz96", 3, Double.NaN, Double.NaN, null, SEQ)));
        assertEquals("--dim 5: lorenz63 has dim 3", error(() -> Models.create("lorenz63", 5, Double.NaN, Double.NaN, null, SEQ)));
        assertEquals("--dim 1000: ks needs a power of two >= 4 (radix-2 FFT)",
                error(() -> Models.create("ks", 1000, Double.NaN, Double.NaN, null, SEQ)));
        assertEquals("--dt -0.1: expected a finite number > 0", error(() -> Models.create("lorenz96", 0, Double.NaN, -0.1, null, SEQ)));
        assertEquals("--dt Infinity: expected a finite number > 0",
                error(() -> Models.create("lorenz96", 0, Double.NaN, Double.POSITIVE_INFINITY, null, SEQ)));
        assertEquals("--integrator rk5: lorenz96 expects one of euler, heun, rk4, rk4_38",
                error(() -> Models.create("lorenz96", 0, Double.NaN, Double.NaN, "rk5", SEQ)));
        assertEquals("--integrator rk4: ks only has etdrk4", error(() -> Models.create("ks", 0, Double.NaN, Double.NaN, "rk4", SEQ)));
        assertEquals("--forcing 8: lorenz63 has no forcing", error(() -> Models.create("lorenz63", 0, 8, Double.NaN, null, SEQ)));
        assertEquals("--forcing Infinity: expected a finite number",
                error(() -> Models.create("lorenz96", 0, Double.POSITIVE_INFINITY, Double.NaN, null, SEQ)));
        assertEquals("--dt 0.5: the linear model has dt = 1", error(() -> Models.create("linear", 0, Double.NaN, 0.5, null, SEQ)));
        assertEquals("--model foo: expected one of lorenz63, lorenz96, ks, linear",
                error(() -> Models.create("foo", 0, Double.NaN, Double.NaN, null, SEQ)));
    }

    @Test
    void defaultInitialStates() {
        RandomStreams streams = new RandomStreams(7);
        double[] l96 = Models.defaultInitialState(Models.create("lorenz96", 2000, Double.NaN, Double.NaN, null, SEQ), streams);
        double s2 = 0;
        for (double v : l96) s2 += v * v;
        // N(0, 9I): the sample variance of 2000 draws is 9 ± 9·√(2/2000) ≈ ±0.28; allow 5 standard errors.
        assertEquals(9, s2 / l96.length, 1.5);
        double[] l63 = Models.defaultInitialState(Models.create("lorenz63", 0, Double.NaN, Double.NaN, null, SEQ), streams);
        assertEquals(3, l63.length);
        double[] again = Models.defaultInitialState(Models.create("lorenz63", 0, Double.NaN, Double.NaN, null, SEQ), streams);
        assertEquals(l63[0], again[0], 0.0);
        KuramotoSivashinsky ks = new KuramotoSivashinsky(256, 0.25, SEQ);
        double[] x = Models.defaultInitialState(new NoisyModel(ks, 0.1, streams), streams);
        double[] x0 = ks.dapperInitialState();
        double d2 = 0;
        for (int i = 0; i < 256; i++) d2 += (x[i] - x0[i]) * (x[i] - x0[i]);
        assertEquals(1, d2 / 256, 0.45); // x0 + N(0, I): 256 draws, variance 1 ± 0.09
    }
}
