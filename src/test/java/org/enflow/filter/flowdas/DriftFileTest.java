package org.enflow.filter.flowdas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.enflow.learn.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift file format: a bit-identical round trip and a clear error (file, line, what) for each defect. */
class DriftFileTest {
    static MlpDrift drift() {
        Mlp net = MlpDrift.network(3, 2, 5, 4);
        net.initialize(RandomSource.XO_SHI_RO_256_PP.create(5L));
        return new MlpDrift(net, 3, 2, new StochasticInterpolant(1), new Normalization(new double[] {0.1, -0.2, 25},
                new double[] {8, 9, 8.6}), 1, 0.025, "lorenz63, rk4, dt=0.025 + noise(q=0.158)", Map.of("steps", "10", "note", "a b c"));
    }

    @Test
    void roundTripIsBitIdentical(@TempDir Path dir) {
        MlpDrift a = drift();
        Path f = dir.resolve("a.drift");
        DriftFile.write(a, f);
        MlpDrift b = DriftFile.read(f);
        assertArrayEquals(a.network().sizes(), b.network().sizes());
        double[] pa = a.network().parameters(), pb = b.network().parameters();
        for (int i = 0; i < pa.length; i++) assertEquals(Double.doubleToLongBits(pa[i]), Double.doubleToLongBits(pb[i]), "parameter " + i);
        assertEquals(a.normalization(), b.normalization());
        assertEquals(a.interpolant(), b.interpolant());
        assertEquals(a.model(), b.model());
        assertEquals(a.info(), b.info());
        assertEquals(a.dt(), b.dt());
        assertEquals(a.stepsPerTransition(), b.stepsPerTransition());
        assertEquals(a.fourier(), b.fourier());
    }

    private static String error(Path dir, List<String> lines) throws Exception {
        Path f = dir.resolve("bad.drift");
        Files.write(f, lines);
        return assertThrows(IllegalArgumentException.class, () -> DriftFile.read(f)).getMessage();
    }

    private static List<String> with(List<String> lines, int index, String replacement) {
        List<String> l = new ArrayList<>(lines);
        if (replacement == null) l.remove(index);
        else l.set(index, replacement);
        return l;
    }

    @Test
    void defectsAreReportedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.drift");
        DriftFile.write(drift(), good);
        List<String> lines = Files.readAllLines(good);
        int params = lines.indexOf(lines.stream().filter(s -> s.startsWith("parameters ")).findFirst().orElseThrow());
        assertTrue(error(dir, List.of()).contains("empty"));
        assertTrue(error(dir, with(lines, 0, "hello 1")).contains("line 1: expected 'enflow-flowdas-drift <version>'"));
        assertTrue(error(dir, with(lines, 0, "enflow-flowdas-drift 2")).contains("format version 2 is not supported; this enflow reads version 1"));
        assertTrue(error(dir, with(lines, 1, "dim x")).contains("line 2: dim = 'x': expected an integer"));
        assertTrue(error(dir, with(lines, 3, "layers 11 5 4 4")).contains("the last width is 4, expected d = 3"));
        assertTrue(error(dir, with(lines, 3, "layers 12 5 4 3")).contains("the first width is 12, expected 2d + 1 + 2K = 11"));
        assertTrue(error(dir, with(lines, 6, "scale 8 0 8.6")).contains("scale[1] = 0.0: expected > 0"));
        assertTrue(error(dir, with(lines, 5, "shift 1 2")).contains("shift: expected 3 values, got 2"));
        assertTrue(error(dir, with(lines, params, "parameters 7")).contains("parameters = 7: the layers [11, 5, 4, 3] have"));
        assertTrue(error(dir, with(lines, params + 3, "NaN")).contains("line " + (params + 4) + ": parameter 2 = NaN: expected a finite number"));
        assertTrue(error(dir, with(lines, params + 3, "1,5")).contains("expected a number"));
        assertTrue(error(dir, with(lines, lines.size() - 1, null)).contains("expected 'end'"));
        List<String> trailing = new ArrayList<>(lines);
        trailing.add("");
        trailing.add("junk");
        assertTrue(error(dir, trailing).contains("unexpected text after 'end'"));
        assertTrue(error(dir, lines.subList(0, params + 5)).contains("the file ends after"));
        String missing = assertThrows(IllegalArgumentException.class, () -> DriftFile.read(dir.resolve("none.drift"))).getMessage();
        assertTrue(missing.contains("no such file"), missing);
        assertTrue(error(dir, with(lines, 0, "hello 1")).startsWith("drift file " + dir.resolve("bad.drift")));
    }
}
