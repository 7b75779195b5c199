package org.enflow.cli;

import static org.enflow.cli.MainTest.assertBadInput;
import static org.enflow.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.enflow.experiment.CycleRecord;
import org.enflow.experiment.ExperimentConfig;
import org.enflow.experiment.RegistryCatalog;
import org.enflow.experiment.TestCatalog;
import org.enflow.experiment.TwinExperiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enflow tune} in-process on the test catalog. */
class TuneCommandTest {
    @Test
    void tinyGridPrintsATableAndTheBest(@TempDir Path dir) throws Exception {
        MainTest.Outcome o = run("tune", "--model", "l96", "--filter", "nudge", "--members", "5", "--cycles", "20", "--threads", "1",
                "--seed", "42", "--grid", "gain=0.1,0.5", "--out", dir.toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().startsWith("enflow tune: l96 d=40"), o.out());
        assertTrue(o.out().contains("2 points on seed 42, metric rmse"), o.out());
        List<String> csv = Files.readAllLines(dir.resolve("tune.csv"));
        assertEquals(3, csv.size());
        assertTrue(csv.get(0).startsWith("gain,score_rmse,rmse,spread"), csv.get(0));
        // The best is the lower of the two plain runs' RMSEs.
        double best = Double.POSITIVE_INFINITY;
        String bestGain = null;
        for (String gain : new String[] {"0.1", "0.5"}) {
            ExperimentConfig c = TestCatalog.l96("nudge").members(5).cycles(20).threads(1).seed(42L)
                    .filterSettings(java.util.Map.of("gain", gain)).build();
            double r = TwinExperiment.run(c, new TestCatalog()).mean(CycleRecord::rmseAnalysis);
            assertTrue(o.out().contains(String.format(java.util.Locale.ROOT, "%12.5g", r)), r + " not in\n" + o.out());
            if (r < best) {
                best = r;
                bestGain = gain;
            }
        }
        assertTrue(o.out().contains("best     --set gain=" + bestGain + " "), o.out());
    }

    /** With --reference every point runs the reference too, so --metric w2 scores each point by its run's W2. */
    @Test
    void referenceMakesW2ATuningMetric(@TempDir Path dir) throws Exception {
        String[] base = {"--model", "lorenz63", "--dt", "0.01", "--obs-every", "10", "--obs", "component:2", "--obs-sigma", "2",
            "--spin-up", "0", "--init", "standard-normal", "--members", "20", "--cycles", "6", "--burn-in", "1", "--seed", "5",
            "--threads", "1", "--filter", "enkf", "--reference", "bpf:400", "-q"};
        MainTest.Outcome o = MainTest.run(new RegistryCatalog(), with(with(new String[] {"tune"}, base),
                "--grid", "inflation=1,1.3", "--metric", "w2", "--out", dir.resolve("tune").toString()));
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("2 points on seed 5, metric w2"), o.out());
        List<String> csv = Files.readAllLines(dir.resolve("tune").resolve("tune.csv"));
        assertEquals(3, csv.size(), csv.toString());
        for (int k = 1; k <= 2; k++) {
            String[] f = csv.get(k).split(",");
            // the same configuration as a plain run: the score is exactly its summary's w2 (same reference, same seed)
            Path runDir = dir.resolve("run" + k);
            MainTest.Outcome r = MainTest.run(new RegistryCatalog(), with(with(new String[] {"run"}, base),
                    "--set", "inflation=" + f[0], "--out", runDir.toString()));
            assertEquals(0, r.status(), r.err());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"w2\": ([-0-9.eE]+)")
                    .matcher(Files.readString(runDir.resolve("summary.json")));
            assertTrue(m.find(), "w2 missing in summary.json");
            double w2 = Double.parseDouble(m.group(1));
            assertTrue(w2 > 0 && Double.isFinite(w2), "w2 " + w2);
            assertEquals(w2, Double.parseDouble(f[1]), 1e-12 * w2, csv.get(k));
        }
    }

    @Test
    void badInputGivesOneErrorLineAndStatus2() {
        String[] common = {"tune", "--model", "l96", "--filter", "nudge", "--members", "4", "--cycles", "3", "--threads", "1"};
        assertBadInput(common, "--grid");
        assertBadInput(with(common, "--grid", "gain"), "--grid gain", "KEY=V1,V2");
        assertBadInput(with(common, "--grid", "gain="), "--grid gain=", "empty value");
        assertBadInput(with(common, "--grid", "gian=1"), "gian", "gain");
        assertBadInput(with(common, "--grid", "gain=0.2,-2"), "--set gain=-2");
        assertBadInput(with(common, "--grid", "gain=1", "--grid", "gain=2"), "--grid gain", "twice");
        assertBadInput(with(common, "--grid", "gain=0.1", "--metric", "nosuch"), "--metric nosuch", "rmse");
        assertBadInput(new String[] {"tune", "--model", "l96", "--filter", "nudge", "--members", "1", "--grid", "gain=0.1"}, "--members = 1");
    }

    private static String[] with(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
