package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost–accuracy tool reads back what {@code enflow run} writes, aggregates seeds and draws one panel per data set. */
class NfePlotTest {
    private static final RegistryCatalog CATALOG = new RegistryCatalog();

    @Test
    void jsonParseReadsBackWhatTheWriterWrites() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\nd\te\u0001σ/");
        m.put("x", -1.25e-7);
        m.put("n", 2376999025L);
        m.put("b", false);
        m.put("null", null);
        m.put("arr", new long[] {1, 2});
        m.put("list", List.of(Map.of("k", "v")));
        m.put("empty", Map.of());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a\"b\\c\nd\te\u0001σ/");
        expected.put("x", -1.25e-7);
        expected.put("n", 2376999025.0);
        expected.put("b", false);
        expected.put("null", null);
        expected.put("arr", List.of(1.0, 2.0));
        expected.put("list", List.of(Map.of("k", "v")));
        expected.put("empty", Map.of());
        assertEquals(expected, Json.parse(Json.write(m)));
        for (String bad : new String[] {"", "{", "{\"a\" 1}", "[1,]", "tru", "\"x", "1 2", "{\"a\":1}}"})
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
    }

    @Test
    void readsRunsAggregatesSeedsAndPlotsOnePanelPerDataSet(@TempDir Path dir) throws Exception {
        long tune = NfePlot.TUNING_SEED;
        Object[][] runs = {
                {"enff", Map.of("path", "f2p", "grid", "5"), tune}, {"enff", Map.of("path", "f2p", "grid", "5"), 1L},
                {"enff", Map.of("path", "f2p", "grid", "5"), 2L}, {"enff", Map.of("path", "ot", "grid", "10"), tune},
                {"ensf", Map.of("grid", "5"), tune},
                {"letkf", Map.of("inflation", "1.0"), tune}, {"letkf", Map.of("inflation", "1.1"), tune},
                {"letkf", Map.of("inflation", "1.0"), 1L}};
        Map<String, ExperimentResult> written = new LinkedHashMap<>();
        int i = 0;
        for (Object[] c : runs) {
            @SuppressWarnings("unchecked")
            ExperimentConfig cfg = Presets.get("l96-1m").builder().dim(40).cycles(55).spinUp(100).threads(1)
                    .filter((String) c[0]).filterSettings((Map<String, String>) c[1]).seed((Long) c[2]).build();
            ExperimentResult r = TwinExperiment.run(cfg, CATALOG);
            String name = "run" + i++;
            ResultWriter.writeAll(r, dir.resolve("l96-small").resolve(name));
            written.put(name, r);
        }
        List<NfePlot.Run> read = NfePlot.read(dir);
        assertEquals(runs.length, read.size());
        int k = 0;
        for (ExperimentResult r : written.values()) {
            NfePlot.Run got = read.get(k++);
            // summary.json holds Double.toString values: the round trip is exact.
            assertEquals(r.rmseLast50(), got.rmseLast50(), 0.0);
            assertEquals(r.config().seed(), got.seed());
            assertEquals("l96-small", got.dataSet());
            assertEquals(40, got.dim());
        }
        assertEquals("EnFF-F2P", read.get(0).method());
        assertEquals(4.0, read.get(0).nfe(), 0.0);
        assertEquals(5, read.get(0).grid());
        assertEquals("EnFF-OT", read.get(3).method());
        assertEquals("EnSF", read.get(4).method());
        assertEquals(4.0, read.get(4).nfe(), 0.0);
        assertEquals("LETKF", read.get(5).method());
        assertTrue(Double.isNaN(read.get(5).nfe()));

        // The F2P row carries the mean ± sample std of the two other seeds; LETKF inflation 1.0 its one other seed.
        String table = NfePlot.table(read, tune);
        double a = read.get(1).rmseLast50(), b = read.get(2).rmseLast50(), mean = (a + b) / 2;
        String twoSeeds = NfePlot.seeds(List.of(read.get(1), read.get(2)));
        assertEquals(String.format(java.util.Locale.ROOT, "%.4g ± %.4g (2)", mean, Math.abs(a - b) / Math.sqrt(2)), twoSeeds);
        assertTrue(table.contains("| EnFF-F2P | 5 | 4 | ") && table.contains(twoSeeds), table);
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "%.4g (1)", read.get(7).rmseLast50())), table);

        // A second data set gives a second panel side by side.
        Path copy = dir.resolve("ks-small").resolve("run0");
        Files.createDirectories(copy);
        Files.copy(dir.resolve("l96-small/run0/summary.json"), copy.resolve("summary.json"));
        Path png = dir.resolve("img/nfe.png");
        NfePlot.write(NfePlot.read(dir), tune, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * 760, img.getWidth());
        assertEquals(700, img.getHeight());
    }
}
