package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class ResultWriterTest {
    @Test
    void jsonEscapesStringsAndNullsNonFiniteNumbers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\nd\te\u0001σ");
        m.put("nan", Double.NaN);
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("x", 0.5);
        m.put("n", 3L);
        m.put("b", true);
        m.put("null", null);
        m.put("arr", new long[] {1, 2});
        m.put("list", List.of(Map.of("k", 1)));
        m.put("empty", Map.of());
        String expected = "{\n"
                + "  \"s\": \"a\\\"b\\\\c\\nd\\te\\u0001σ\",\n"
                + "  \"nan\": null,\n"
                + "  \"inf\": null,\n"
                + "  \"x\": 0.5,\n"
                + "  \"n\": 3,\n"
                + "  \"b\": true,\n"
                + "  \"null\": null,\n"
                + "  \"arr\": [1, 2],\n"
                + "  \"list\": [\n"
                + "    {\n"
                + "      \"k\": 1\n"
                + "    }\n"
                + "  ],\n"
                + "  \"empty\": {}\n"
                + "}\n";
        assertEquals(expected, Json.write(m));
    }

    @Test
    void writesSummaryCyclesAndPlot(@TempDir Path dir) throws Exception {
        ExperimentConfig c = TestCatalog.l96("nudge").cycles(40).build();
        ExperimentResult r = TwinExperiment.run(c, new TestCatalog());
        ResultWriter.writeAll(r, dir);

        List<String> lines = Files.readAllLines(dir.resolve(ResultWriter.CYCLES));
        assertEquals(41, lines.size());
        assertEquals("cycle,time,rmse_f,rmse_a,spread_f,spread_a,crps_a,es_a,forecast_s,analysis_s,nfe", lines.get(0));
        String[] first = lines.get(1).split(",", -1);
        assertEquals(11, first.length);
        assertEquals("", first[8]); // no forecast before the first analysis
        assertEquals(Double.toString(r.cycles().get(0).rmseAnalysis()), first[3]);
        assertEquals(11, lines.get(40).split(",", -1).length);

        String json = Files.readString(dir.resolve(ResultWriter.SUMMARY));
        for (String key : new String[] {"\"rmse\"", "\"spread\"", "\"crps\"", "\"energy_score\"", "\"forecast_seconds\"",
                "\"analysis_seconds\"", "\"cycles\": 40", "\"rmse_last50\"", "\"nfe\": 7.0", "\"filter_settings\"",
                "\"gain\": \"0.5\"", "\"vectorization\"", "\"config\"", "\"machine\""}) {
            assertTrue(json.contains(key), key + " missing in\n" + json);
        }
        assertTrue(json.contains("\"rmse\": " + r.mean(CycleRecord::rmseAnalysis) + ","));

        BufferedImage png = ImageIO.read(dir.resolve(ResultWriter.PLOT).toFile());
        assertEquals(900, png.getWidth());
        assertEquals(520, png.getHeight());
    }
}
