package org.enflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enflow.experiment.RegistryCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on the real registries: the default experiment and the free-forecast acceptance check. */
class RegistryRunTest {
    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), key + " missing");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void freeForecastOfTheDefaultExperimentIsAtClimatology(@TempDir Path dir) throws Exception {
        // `enflow run --filter none` on preset l96-default (L96 d=40, N=20, 1000 cycles, burn-in 200).
        // A free ensemble and the truth are independent climatological
        // draws: RMSE of the mean → s·√(1 + 1/N) with s ≈ 3.64 (models.md oracle 2), ≈ 3.73. Over 800
        // cycles (40 time units) × 40 components the standard error is ~1–2 % (10 seeds of the same check
        // on the test-local L96 gave a seed-to-seed std of 1.5 % at half this length): 10 % is > 5 σ.
        MainTest.Outcome o = MainTest.run(new RegistryCatalog(), "run", "--filter", "none", "--out", dir.toString());
        assertEquals(0, o.status(), o.err());
        String json = Files.readString(dir.resolve("summary.json"));
        double expected = 3.64 * Math.sqrt(1 + 1.0 / 20);
        assertEquals(expected, number(json, "rmse"), 0.10 * expected, json);
        assertEquals(3.64, number(json, "spread"), 0.10 * 3.64);
        assertEquals(1000, (int) number(json, "cycles"));
        assertTrue(json.contains("\"filter\": \"none\""));
        assertEquals(1001, Files.readAllLines(dir.resolve("cycles.csv")).size());
        assertTrue(Files.size(dir.resolve("rmse.png")) > 1000);
    }

    @Test
    void defaultExperimentRunsTheDefaultFilterAndTracksTheTruth(@TempDir Path dir) throws Exception {
        // `enflow run` with only --out: ETKF, inflation 1.02, on l96-default (identity obs, sigma = 1, every
        // step). A working analysis sits far below both the obs error (1) and climatology (~3.7); DAPPER's
        // ETKF on this setting is ~0.18-0.2, so 0.5 leaves room for seed noise yet fails on any divergence.
        MainTest.Outcome o = MainTest.run(new RegistryCatalog(), "run", "--cycles", "300", "--out", dir.toString());
        assertEquals(0, o.status(), o.err());
        String json = Files.readString(dir.resolve("summary.json"));
        assertTrue(json.contains("\"filter\": \"etkf\""), json);
        assertTrue(number(json, "rmse") < 0.5, json);
    }

    @Test
    void listShowsTheRegistries() {
        MainTest.Outcome o = MainTest.run(new RegistryCatalog(), "list");
        assertEquals(0, o.status(), o.err());
        for (String s : new String[] {"lorenz63", "lorenz96", "ks", "linear", "arctan", "every:K", "none", "l96-1m"})
            assertTrue(o.out().contains(s), s + " missing in\n" + o.out());
    }

    @Test
    void registryErrorsAreOneLine() {
        String[][] bad = {
            {"run", "--model", "lorenz63", "--dim", "40"},
            {"run", "--model", "ks", "--dim", "1000"},
            {"run", "--obs", "bogus"},
            {"run", "--obs", "every:50:60"},
            {"run", "--integrator", "rk5"},
            {"run", "--model", "lorenz63", "--truth-start", "reference"},
        };
        for (String[] args : bad) {
            MainTest.Outcome o = MainTest.run(new RegistryCatalog(), args);
            assertEquals(Main.USAGE, o.status(), String.join(" ", args));
            assertEquals(1, o.errLines().size(), o.err());
            assertTrue(o.err().startsWith("enflow: error: --"), o.err());
        }
    }
}
