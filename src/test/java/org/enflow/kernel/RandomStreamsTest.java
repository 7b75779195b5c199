package org.enflow.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.kernel.RandomStreams.Purpose;
import org.junit.jupiter.api.Test;

/** {@link RandomStreams} and {@link Gaussian}: reproducible, distinct per purpose and member. */
class RandomStreamsTest {
    private static long[] draw(UniformRandomProvider r, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = r.nextLong();
        return out;
    }

    @Test
    void sameSeedGivesSameNumbers() {
        for (Purpose p : Purpose.values())
            assertArrayEquals(draw(new RandomStreams(7).stream(p, 3), 64), draw(new RandomStreams(7).stream(p, 3), 64));
        assertFalse(java.util.Arrays.equals(draw(new RandomStreams(7).stream(Purpose.FILTER, 0), 8),
                draw(new RandomStreams(8).stream(Purpose.FILTER, 0), 8)), "different seeds must differ");
    }

    @Test
    void streamsDifferPerPurposeAndMember() {
        RandomStreams rs = new RandomStreams(2024);
        Set<Long> firsts = new HashSet<>();
        int count = 0;
        for (Purpose p : Purpose.values()) {
            for (int i = 0; i < 10; i++) {
                for (long v : draw(rs.stream(p, i), 4)) firsts.add(v);
                count += 4;
            }
        }
        // 240 draws from non-overlapping streams: a repeated 64-bit value would mean two streams coincide.
        assertEquals(count, firsts.size());
    }

    @Test
    void streamEqualsTheBatchedStream() {
        RandomStreams rs = new RandomStreams(99);
        for (Purpose p : new Purpose[] {Purpose.TRUTH, Purpose.FILTER, Purpose.AUXILIARY}) {
            UniformRandomProvider[] batch = rs.streams(p, 6);
            for (int i = 0; i < 6; i++) assertArrayEquals(draw(rs.stream(p, i), 100), draw(batch[i], 100), p + " member " + i);
        }
        assertEquals(0, rs.streams(Purpose.TRUTH, 0).length);
        assertThrows(IllegalArgumentException.class, () -> rs.stream(Purpose.TRUTH, -1));
    }

    @Test
    void gaussianIsReproducibleAndStandard() {
        RandomStreams rs = new RandomStreams(5);
        int n = 200_000;
        double[] a = new double[n], b = new double[n];
        new Gaussian(rs.stream(Purpose.MODEL_NOISE, 2)).fill(a, 0, n);
        Gaussian g = new Gaussian(rs.stream(Purpose.MODEL_NOISE, 2));
        for (int i = 0; i < n; i++) b[i] = g.next();
        assertArrayEquals(a, b);
        double[] c = new double[n];
        new Gaussian(rs.stream(Purpose.MODEL_NOISE, 2)).addScaled(c, 0, n, 3.0);
        for (int i = 0; i < n; i++) assertEquals(3.0 * a[i], c[i], 0.0);
        double mean = 0, sq = 0;
        for (double v : a) {
            mean += v;
            sq += v * v;
        }
        mean /= n;
        double var = sq / n - mean * mean;
        // Sample mean ~ N(0, 1/n), sample variance ~ N(1, 2/n): 5 standard errors (fixed seed, so not flaky).
        assertEquals(0.0, mean, 5 / Math.sqrt(n));
        assertEquals(1.0, var, 5 * Math.sqrt(2.0 / n));
    }
}
