package org.enflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.enflow.experiment.Catalog;
import org.enflow.experiment.ExperimentConfig;
import org.enflow.experiment.ModelDefaults;
import org.enflow.experiment.TestCatalog;
import org.enflow.filter.FilterFactory;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Model;
import org.enflow.observe.ObservationOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process on the test catalog: exit codes, error lines, files. */
class MainTest {
    record Outcome(int status, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    static Outcome run(Catalog catalog, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), catalog);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Outcome run(String... args) {
        return run(new TestCatalog(), args);
    }

    /** Exit 2 and exactly one line "enflow: error: ..." that contains every fragment; no stack trace. */
    static void assertBadInput(String[] args, String... fragments) {
        Outcome o = run(args);
        assertEquals(Main.USAGE, o.status(), String.join(" ", args) + " -> " + o.err());
        assertEquals(1, o.errLines().size(), o.err());
        String line = o.errLines().get(0);
        assertTrue(line.startsWith("enflow: error: "), line);
        for (String f : fragments) assertTrue(line.contains(f), "'" + f + "' not in: " + line);
        assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    }

    private static String[] args(String... a) {
        return a;
    }

    @Test
    void tinyRunWritesTheThreeFiles(@TempDir Path dir) throws Exception {
        Outcome o = run("run", "--model", "l96", "--members", "5", "--cycles", "30", "--filter", "nudge",
                "--set", "gain=0.3", "--threads", "2", "--out", dir.toString());
        assertEquals(0, o.status(), o.err());
        assertEquals("", o.err()); // short run: no progress output
        for (String f : new String[] {"summary.json", "cycles.csv", "rmse.png"}) assertTrue(Files.size(dir.resolve(f)) > 0, f);
        assertEquals(31, Files.readAllLines(dir.resolve("cycles.csv")).size());
        String json = Files.readString(dir.resolve("summary.json"));
        assertTrue(json.contains("\"gain\": \"0.3\""), json);
        assertTrue(json.contains("\"threads\": 2"), json);
        assertTrue(json.contains("\"members\": 5"), json);
        assertTrue(o.out().contains("RMSE") && o.out().contains("energy score") && o.out().contains("nudge(gain=0.3)"), o.out());
        assertTrue(o.out().startsWith("enflow run: l96 d=40"), o.out());
    }

    @Test
    void flagsOverrideThePresetAndAnotherModelBringsItsDefaults() {
        RunCommand cmd = new RunCommand(new TestCatalog());
        new picocli.CommandLine(cmd).parseArgs("--model", "l96", "--cycles", "7", "--obs-sigma", "0.5");
        ExperimentConfig c = cmd.config();
        assertEquals("l96", c.model());
        assertEquals(500, c.spinUp()); // the test model's default, not the preset's 1000
        assertEquals(7, c.cycles());
        assertEquals(1, c.burnIn()); // min(7/5, 400)
        assertEquals(0.5, c.obsSigma());
        assertEquals(20, c.members()); // from the default preset
        assertEquals(org.enflow.experiment.Presets.DEFAULT_FILTER, c.filter());
    }

    @Test
    void badInputGivesOneErrorLineAndStatus2() {
        assertBadInput(args("run", "--model", "nosuch"), "--model nosuch", "unknown model");
        assertBadInput(args("run", "--preset", "nosuch"), "--preset nosuch", "l96-default");
        assertBadInput(args("run", "--model", "l96", "--members", "-3"), "--members = -3");
        assertBadInput(args("run", "--model", "l96", "--dim", "0"), "--dim = 0");
        assertBadInput(args("run", "--model", "l96", "--obs-sigma", "0"), "--obs-sigma = 0.0");
        assertBadInput(args("run", "--model", "l96", "--obs-sigma", "-1"), "--obs-sigma = -1.0");
        assertBadInput(args("run", "--model", "l96", "--obs-sigma", "NaN"), "--obs-sigma = NaN");
        assertBadInput(args("run", "--model", "l96", "--dt", "NaN"), "--dt = NaN");
        assertBadInput(args("run", "--model", "l96", "--forcing", "Infinity"), "--forcing = Infinity");
        assertBadInput(args("run", "--model", "l96", "--cycles", "10", "--burn-in", "10"), "--burn-in = 10", "cycles = 10");
        assertBadInput(args("run", "--model", "l96", "--filter", "nope"), "--filter nope", "[none, nudge]");
        assertBadInput(args("run", "--model", "l96", "--filter", "nudge", "--set", "gian=1"), "--set gian=1", "gain");
        assertBadInput(args("run", "--model", "l96", "--filter", "nudge", "--set", "gain"), "--set gain", "KEY=VALUE");
        assertBadInput(args("run", "--model", "l96", "--filter", "nudge", "--set", "=3"), "--set =3", "KEY=VALUE");
        assertBadInput(args("run", "--model", "l96", "--members", "abc"), "--members", "abc");
        assertBadInput(args("run", "--frobnicate"), "--frobnicate");
        assertBadInput(args("run", "--model", "l96", "--init", "sideways"), "--init sideways");
        assertBadInput(args("run", "--model", "l96", "--filter", "none", "--cycles", "3", "--obs", "half", "--out",
                System.getProperty("java.io.tmpdir")), "--obs half", "--dim = 40");
        assertBadInput(args("frobnicate"), "frobnicate");
        assertBadInput(args("run", "--model", "l96", "--filter", "none", "--out", "/proc/enflow-cannot-write-here"), "--out /proc/enflow-cannot-write-here");
    }

    @Test
    void badFilterValueIsReportedWithTheKey(@TempDir Path dir) {
        // A --set value the filter cannot parse: the factory's error names key and value.
        assertBadInput(args("run", "--model", "l96", "--filter", "nudge", "--set", "gain=-2", "--cycles", "3",
                "--out", dir.toString()), "--set gain=-2");
    }

    /** A catalog whose model construction fails with a bug-like exception. */
    private static final class BrokenCatalog extends TestCatalogDelegate {
        @Override
        public Model model(ExperimentConfig config, Parallel parallel) {
            throw new IllegalStateException("boom\nsecond line");
        }
    }

    @Test
    void unexpectedErrorsGiveOneLineAndStatus1(@TempDir Path dir) {
        Outcome o = run(new BrokenCatalog(), "run", "--model", "l96", "--filter", "none", "--out", dir.toString());
        assertEquals(Main.FAILURE, o.status());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().startsWith("enflow: error: unexpected IllegalStateException: boom; second line"), o.err());
        assertTrue(o.err().contains("--debug"));

        Outcome debug = run(new BrokenCatalog(), "run", "--model", "l96", "--filter", "none", "--out", dir.toString(), "--debug");
        assertEquals(Main.FAILURE, debug.status());
        assertTrue(debug.err().contains("\tat "), debug.err()); // the stack trace, only on request
    }

    @Test
    void divergenceIsAFailureWithResults(@TempDir Path dir) throws Exception {
        Outcome o = run("run", "--model", "explode", "--filter", "none", "--members", "3", "--cycles", "10", "--out", dir.toString());
        assertEquals(Main.FAILURE, o.status());
        assertTrue(o.err().startsWith("enflow: error: the run diverged at cycle"), o.err());
        assertTrue(Files.exists(dir.resolve("summary.json")));
    }

    @Test
    void listShowsEverything() {
        Outcome o = run("list");
        assertEquals(0, o.status(), o.err());
        for (String s : new String[] {"Models", "test Lorenz-96", "Observation operators", "arctan", "Filters",
                "nudge", "gain=0.5", "none", "Presets", "l96-default", "l96-1m", "ks-1024"}) {
            assertTrue(o.out().contains(s), s + " missing in\n" + o.out());
        }
    }

    @Test
    void helpAndUsage() {
        Outcome top = run();
        assertEquals(0, top.status());
        assertTrue(top.out().contains("run") && top.out().contains("list"), top.out());
        Outcome help = run("run", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--obs-sigma") && help.out().contains("--set"), help.out());
        Outcome version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("enflow " + Main.VERSION), version.out());
    }

    @Test
    void setParsing() {
        assertEquals(Map.of("a", "b=c", "k", "2"), RunCommand.parseSets(List.of("a=b=c", "k=1", "k=2")));
    }

    /** Forwards to TestCatalog; subclasses replace one part. */
    private static class TestCatalogDelegate implements Catalog {
        private final TestCatalog inner = new TestCatalog();

        @Override public ModelDefaults modelDefaults(String model) { return inner.modelDefaults(model); }
        @Override public Model model(ExperimentConfig c, Parallel p) { return inner.model(c, p); }
        @Override public double[] referenceState(ExperimentConfig c, Model m) { return inner.referenceState(c, m); }
        @Override public ObservationOperator observation(ExperimentConfig c, RandomStreams s) { return inner.observation(c, s); }
        @Override public List<FilterFactory> filters() { return inner.filters(); }
        @Override public List<String> modelHelp() { return inner.modelHelp(); }
        @Override public List<String> observationHelp() { return inner.observationHelp(); }
    }
}
