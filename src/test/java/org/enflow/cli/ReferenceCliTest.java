package org.enflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.enflow.experiment.RegistryCatalog;
import org.enflow.experiment.ResultWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enflow run --reference …} and {@code --dump-ensemble} on the real registries, small sizes. */
class ReferenceCliTest {
    /** Lorenz-63 observed through z only, from near the origin: a two-wing posterior. */
    private static final String[] L63_Z = {"run", "--model", "lorenz63", "--dt", "0.01", "--obs-every", "10",
        "--obs", "component:2", "--obs-sigma", "2", "--spin-up", "0", "--truth-spread", "1", "--init", "standard-normal",
        "--init-spread", "1", "--members", "30", "--cycles", "12", "--burn-in", "2", "--seed", "3", "-q"};

    private static String[] args(String[] base, String... more) {
        String[] a = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, a, base.length, more.length);
        return a;
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), key + " missing in " + json);
        return Double.parseDouble(m.group(1));
    }

    private static void assertUsageError(MainTest.Outcome o, String... fragments) {
        assertEquals(Main.USAGE, o.status(), o.err());
        assertEquals(1, o.errLines().size(), o.err());
        String line = o.errLines().get(0);
        assertTrue(line.startsWith("enflow: error: "), line);
        for (String f : fragments) assertTrue(line.contains(f), "'" + f + "' not in: " + line);
        assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    }

    @Test
    void referenceAddsW2ColumnsSummaryKeysAndTheEnsembleDump(@TempDir Path dir) throws Exception {
        MainTest.Outcome o = MainTest.run(new RegistryCatalog(), args(L63_Z, "--filter", "enkf", "--threads", "2",
                "--reference", "bpf:3000", "--dump-ensemble", "4,11", "--out", dir.toString()));
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("W2 to reference") && o.out().contains("reference bpf(N=3000"), o.out());

        List<String> lines = Files.readAllLines(dir.resolve(ResultWriter.CYCLES));
        assertEquals(13, lines.size());
        assertTrue(lines.get(0).endsWith(",nfe," + ResultWriter.REFERENCE_COLUMNS), lines.get(0));
        int columns = lines.get(0).split(",").length;
        double sum = 0;
        for (int k = 1; k <= 12; k++) {
            String[] f = lines.get(k).split(",", -1);
            assertEquals(columns, f.length);
            double w2 = Double.parseDouble(f[11]);
            assertTrue(w2 > 0 && Double.isFinite(w2), lines.get(k));
            if (k > 2) sum += w2; // cycles 2..11 after the burn-in
        }
        String json = Files.readString(dir.resolve(ResultWriter.SUMMARY));
        assertEquals(sum / 10, number(json, "w2"), 1e-12 * sum);
        double refRmse = number(json, "w2_ref_rmse");
        assertTrue(refRmse > 0 && refRmse < 20, json);
        assertTrue(json.contains("\"spec\": \"bpf:3000\"") && json.contains("\"w2_points\": 30"), json);

        for (int k : new int[] {4, 11}) {
            assertEquals(31, Files.readAllLines(dir.resolve("ensemble-" + k + ".csv")).size());
            assertEquals(31, Files.readAllLines(dir.resolve("reference-" + k + ".csv")).size());
            assertEquals("member,weight,x0,x1,x2", Files.readAllLines(dir.resolve("truth-" + k + ".csv")).get(0));
            BufferedImage png = ImageIO.read(dir.resolve("ensemble-" + k + ".png").toFile());
            assertEquals(720, png.getWidth());
        }
        assertFalse(Files.exists(dir.resolve("ensemble-5.csv")));
    }

    @Test
    void badReferenceSpecsAndDumpFlagsExitWithStatus2() {
        RegistryCatalog c = new RegistryCatalog();
        assertUsageError(MainTest.run(c, args(L63_Z, "--filter", "enkf", "--reference", "foo")),
                "--reference foo: expected NAME:M[:key=value,...]");
        assertUsageError(MainTest.run(c, args(L63_Z, "--filter", "enkf", "--reference", "bpf:0")), "--reference bpf:0: M = 0");
        assertUsageError(MainTest.run(c, args(L63_Z, "--filter", "enkf", "--reference", "bpf:many")), "'many' is not an integer");
        assertUsageError(MainTest.run(c, args(L63_Z, "--filter", "enkf", "--reference", "nosuch:1000")),
                "--reference nosuch:1000: unknown filter");
        assertUsageError(MainTest.run(c, args(L63_Z, "--filter", "enkf", "--reference", "bpf:20")),
                "M = 20 particles: expected at least --members = 30");
        assertUsageError(MainTest.run(c, args(L63_Z, "--filter", "enkf", "--reference", "bpf:1000:jitter=-1")),
                "--reference bpf:1000:jitter=-1", "jitter");
        assertUsageError(MainTest.run(c, args(L63_Z, "--filter", "enkf", "--reference", "bpf:1000:w2_points=45")),
                "w2_points = 45: expected a multiple of --members = 30");
        assertUsageError(MainTest.run(c, args(L63_Z, "--filter", "enkf", "--dump-ensemble", "12")),
                "--dump-ensemble 12: expected a cycle in [0, 12)");
        assertUsageError(MainTest.run(c, args(L63_Z, "--filter", "enkf", "--dump-ensemble", "3", "--plot-components", "0,3")),
                "--plot-components 3: expected a component in [0, 3)");
        assertUsageError(MainTest.run(c, args(L63_Z, "--filter", "enkf", "--dump-ensemble", "3", "--plot-components", "1")),
                "--plot-components [1]: expected two components I,J");
    }
}
