package org.enflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.enflow.experiment.RegistryCatalog;
import org.enflow.filter.flowdas.DriftFile;
import org.enflow.filter.flowdas.MlpDrift;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enflow train-drift} on the real registries: bad input, a tiny training run, and using its file. */
class TrainDriftCommandTest {
    static MainTest.Outcome run(String... args) {
        return MainTest.run(new RegistryCatalog(), args);
    }

    static void assertBadInput(String[] args, String... fragments) {
        MainTest.Outcome o = run(args);
        assertEquals(Main.USAGE, o.status(), String.join(" ", args) + " -> " + o.err());
        assertEquals(1, o.errLines().size(), o.err());
        String line = o.errLines().get(0);
        assertTrue(line.startsWith("enflow: error: "), line);
        for (String f : fragments) assertTrue(line.contains(f), "'" + f + "' not in: " + line);
        assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path dir) {
        String out = dir.resolve("d.drift").toString();
        assertBadInput(new String[] {"train-drift"}, "--out");
        assertBadInput(new String[] {"train-drift", "--out", out, "--preset", "nope"}, "--preset nope", "flowdas-l63");
        assertBadInput(new String[] {"train-drift", "--out", out, "--steps", "0"}, "--steps = 0");
        assertBadInput(new String[] {"train-drift", "--out", out, "--steps", "ten"}, "--steps");
        assertBadInput(new String[] {"train-drift", "--out", out, "--hidden", "64,0"}, "--hidden 0");
        assertBadInput(new String[] {"train-drift", "--out", out, "--lr", "-1"}, "--lr = -1.0");
        assertBadInput(new String[] {"train-drift", "--out", out, "--eps", "NaN"}, "--eps = NaN");
        assertBadInput(new String[] {"train-drift", "--out", out, "--threads", "0"}, "--threads = 0");
        assertBadInput(new String[] {"train-drift", "--out", dir.toString()}, "is a directory");
        assertBadInput(new String[] {"train-drift", "--out", dir.resolve("no/such/dir/x").toString()}, "does not exist");
        assertBadInput(new String[] {"run", "--preset", "flowdas-l63", "--set", "drift=" + dir.resolve("missing.drift"), "--cycles", "2",
                "--out", dir.toString()}, "drift file", "no such file");
        assertBadInput(new String[] {"run", "--preset", "l63", "--filter", "flowdas", "--cycles", "2", "--out", dir.toString()},
                "needs a Gaussian transition", "--process-noise");
    }

    @Test
    void tinyTrainingWritesAFileThatRunUses(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("l63.drift");
        MainTest.Outcome o = run("train-drift", "--preset", "flowdas-l63", "--out", file.toString(), "--steps", "20", "--batch", "64",
                "--hidden", "16,16", "--trajectories", "4", "--validation-trajectories", "2", "--length", "32", "--threads", "2");
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("oracle 3 MSE(b, b*)/Var(b*) = "), o.out());
        assertTrue(o.out().contains("process CPU"), o.out());
        assertTrue(o.out().contains("wrote    " + file), o.out());
        MlpDrift d = DriftFile.read(file);
        assertEquals(3, d.dim());
        assertEquals("20", d.info().get("steps"));
        assertEquals(0.025, d.dt());
        Path runDir = dir.resolve("run");
        MainTest.Outcome r = run("run", "--preset", "flowdas-l63", "--set", "drift=" + file, "--set", "grid=20", "--set", "samples=3",
                "--members", "4", "--cycles", "3", "--threads", "2", "--out", runDir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("flowdas(mlp(15-16-16-3"), r.out());
        assertTrue(Files.readString(runDir.resolve("summary.json")).contains("\"process_noise\": 0.158113883"));
    }
}
