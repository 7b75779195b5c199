package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Parsing and validation of {@code --reference}, and the systematic subsample behind W2. */
class ReferenceSpecTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void parsesNameCountSettingsAndPoints() {
        ReferenceSpec s = ReferenceSpec.parse(" bpf:100000 ");
        assertEquals("bpf", s.filter());
        assertEquals(100000, s.members());
        assertEquals(Map.of(), s.settings());
        assertEquals(250, s.points(250)); // default K = N
        ReferenceSpec t = ReferenceSpec.parse("bpf:5000:jitter=0.1,resampler=multinomial,w2_points=1000");
        assertEquals(Map.of("jitter", "0.1", "resampler", "multinomial"), t.settings());
        assertEquals(1000, t.points(250));
        assertEquals("bpf:5000:jitter=0.1,resampler=multinomial,w2_points=1000", t.spec());
    }

    @Test
    void badSpecsNameTheSpecAndTheSyntax() {
        assertTrue(error(() -> ReferenceSpec.parse("foo")).startsWith("--reference foo: expected NAME:M"));
        assertTrue(error(() -> ReferenceSpec.parse("bpf:0")).contains("--reference bpf:0: M = 0"));
        assertTrue(error(() -> ReferenceSpec.parse("bpf:-5")).contains("M = -5"));
        assertTrue(error(() -> ReferenceSpec.parse("bpf:lots")).contains("'lots' is not an integer"));
        assertTrue(error(() -> ReferenceSpec.parse(":100")).contains("expected NAME:M"));
        assertTrue(error(() -> ReferenceSpec.parse("")).contains("--reference is empty"));
        assertTrue(error(() -> ReferenceSpec.parse("bpf:100:jitter")).contains("'jitter' is not key=value"));
        assertTrue(error(() -> ReferenceSpec.parse("bpf:100:w2_points=0")).contains("w2_points=0: expected an integer >= 1"));
        assertTrue(error(() -> ReferenceSpec.parse("bpf:100:w2_points=x")).contains("w2_points=x"));
    }

    @Test
    void validationChecksFilterSettingsCountsAndPoints() {
        Catalog catalog = new RegistryCatalog();
        ExperimentConfig c = ReferenceRunTest.l63("enkf").members(20).build();
        assertEquals("systematic", ReferenceSpec.parse("bpf:100").validate(c, catalog).string("resampler"));
        assertTrue(error(() -> ReferenceSpec.parse("bpf:10").validate(c, catalog))
                .contains("M = 10 particles: expected at least --members = 20"));
        assertTrue(error(() -> ReferenceSpec.parse("nosuch:100").validate(c, catalog))
                .startsWith("--reference nosuch:100: unknown filter"));
        assertTrue(error(() -> ReferenceSpec.parse("bpf:100:nosuch=1").validate(c, catalog))
                .startsWith("--reference bpf:100:nosuch=1: setting nosuch=1: filter 'bpf' has no parameter 'nosuch'"));
        assertTrue(error(() -> ReferenceSpec.parse("bpf:100:w2_points=30").validate(c, catalog))
                .contains("w2_points = 30: expected a multiple of --members = 20"));
        assertTrue(error(() -> ReferenceSpec.parse("bpf:100:w2_points=120").validate(c, catalog))
                .contains("w2_points = 120: expected at most M = 100"));
    }

    @Test
    void systematicSampleOfUniformWeightsIsEvenlySpacedAndDistinct() {
        int[] out = new int[250];
        SystematicSample.indices(null, 100000, 250, 0.37, out);
        for (int t = 0; t < 250; t++) {
            assertEquals((int) Math.floor((0.37 + t) * 100000 / 250), out[t]);
            if (t > 0) assertEquals(400, out[t] - out[t - 1], 1); // spacing m/k up to rounding of the floor
        }
        SystematicSample.indices(null, 5, 5, 0.999, out);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, java.util.Arrays.copyOf(out, 5));
    }

    @Test
    void systematicSampleCountsAreFloorOrCeilOfKTimesWeight() {
        // The defining property of systematic resampling: count_i ∈ {⌊k w_i⌋, ⌈k w_i⌉}; zero weights never drawn.
        SplittableRandom r = new SplittableRandom(9);
        for (int rep = 0; rep < 500; rep++) {
            int m = 1 + r.nextInt(40), k = 1 + r.nextInt(60);
            double[] w = new double[m];
            double sum = 0;
            for (int i = 0; i < m; i++) {
                w[i] = r.nextInt(4) == 0 ? 0 : r.nextDouble();
                sum += w[i];
            }
            if (sum == 0) w[r.nextInt(m)] = 1;
            int[] out = new int[k], count = new int[m];
            SystematicSample.indices(w, m, k, r.nextDouble(), out);
            double total = 0;
            for (double v : w) total += v;
            for (int t = 0; t < k; t++) {
                if (t > 0) assertTrue(out[t] >= out[t - 1], "ascending");
                count[out[t]]++;
            }
            for (int i = 0; i < m; i++) {
                double e = k * w[i] / total;
                assertTrue(count[i] >= Math.floor(e - 1e-9) && count[i] <= Math.ceil(e + 1e-9),
                        "particle " + i + ": count " + count[i] + " for k·w = " + e);
                if (w[i] == 0) assertEquals(0, count[i]);
            }
        }
    }

    @Test
    void systematicSampleRejectsBadArguments() {
        int[] out = new int[4];
        assertTrue(error(() -> SystematicSample.indices(null, 3, 4, 1.0, out)).contains("u = 1.0"));
        assertTrue(error(() -> SystematicSample.indices(new double[] {0, 0}, 2, 2, 0.5, out)).contains("all zero"));
        assertTrue(error(() -> SystematicSample.indices(new double[] {1, Double.NaN}, 2, 2, 0.5, out)).contains("weights[1] = NaN"));
        assertTrue(error(() -> SystematicSample.indices(new double[] {1, -1}, 2, 2, 0.5, out)).contains("weights[1] = -1.0"));
        assertTrue(error(() -> SystematicSample.indices(null, 3, 5, 0.5, out)).contains("k = 5"));
        assertTrue(error(() -> SystematicSample.indices(new double[] {1}, 2, 2, 0.5, out)).contains("m = 2"));
    }
}
