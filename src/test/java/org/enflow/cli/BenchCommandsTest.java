package org.enflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.enflow.experiment.TestCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench-report and the hidden bench-twin through the CLI: files, exit codes, one-line errors. */
class BenchCommandsTest {
    static final String RUN = "src/test/resources/bench/run";

    static MainTest.Outcome run(String... args) {
        return MainTest.run(new TestCatalog(), args);
    }

    @Test
    void writesThePageAndPlots(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("docs/benchmarks.md"), img = dir.resolve("docs/img");
        MainTest.Outcome o = run("bench-report", RUN, "--out", out.toString(), "--plots", img.toString());
        assertEquals(0, o.status(), o.err());
        String page = Files.readString(out);
        assertTrue(page.startsWith("# Benchmarks\n"));
        assertTrue(page.contains("](img/roofline.png)"), page);
        assertTrue(Files.size(img.resolve("roofline.png")) > 1000);
        assertTrue(o.out().startsWith("wrote " + out));
        // A template beside --out is picked up, and its prose kept.
        Files.writeString(dir.resolve("docs/benchmarks.template.md"), "# B\n\nNotes that survive.\n\n<!-- bench:roofs -->\n");
        assertEquals(0, run("bench-report", RUN, "--out", out.toString()).status());
        String again = Files.readString(out);
        assertTrue(again.startsWith("# B\n\nNotes that survive.\n\n| machine |"), again);
        assertTrue(again.contains("the prose lives in `" + dir.resolve("docs/benchmarks.template.md") + "`"));
    }

    @Test
    void stdoutWithDash() {
        MainTest.Outcome o = run("bench-report", RUN, "--out", "-");
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("## Java and PyTorch side by side"));
    }

    @Test
    void badInputIsOneLineAndStatus2() {
        MainTest.Outcome missing = run("bench-report", "no/such/file.json", "--out", "-");
        assertEquals(2, missing.status());
        assertEquals(1, missing.errLines().size());
        assertEquals("enflow: error: cannot read no/such/file.json: no such file", missing.errLines().get(0));
        MainTest.Outcome bad = run("bench-report", "src/test/resources/bench/bad.json", "--out", "-");
        assertEquals(2, bad.status());
        assertEquals(1, bad.errLines().size());
        assertTrue(bad.errLines().get(0).startsWith("enflow: error: src/test/resources/bench/bad.json: invalid JSON at line 1"), bad.err());
        MainTest.Outcome none = run("bench-report");
        assertEquals(2, none.status());
        assertEquals(1, none.errLines().size(), none.err());
    }

    @Test
    void benchTwinWritesProblems(@TempDir Path dir) {
        MainTest.Outcome o = run("bench-twin", "--out", dir.toString(), "--problem", "kde:6x3", "--threads", "1");
        assertEquals(0, o.status(), o.err());
        assertTrue(Files.isRegularFile(dir.resolve("kde_6x3.json")));
        assertTrue(Files.isRegularFile(dir.resolve("kde_6x3.out.rhs.f64")));
        MainTest.Outcome bad = run("bench-twin", "--out", dir.toString(), "--problem", "xyz:6x3");
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith("enflow: error: problem 'xyz:6x3': unknown kind"), bad.err());
        // Hidden: not in the usage.
        assertTrue(!run("--help").out().contains("bench-twin"));
    }
}
