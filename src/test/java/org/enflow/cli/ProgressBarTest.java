package org.enflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.enflow.experiment.CycleRecord;
import org.enflow.experiment.ExperimentConfig;
import org.enflow.experiment.TestCatalog;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static CycleRecord cycle(int k) {
        return new CycleRecord(k, k, 1, 0.5, 1, 1, 1, 1, 0, 0, 0);
    }

    /** 100 cycles, one (fake) second each, shown after 3 s. */
    private static String drive(boolean interactive) {
        StringWriter sw = new StringWriter();
        long[] now = {0};
        ProgressBar bar = new ProgressBar(new PrintWriter(sw), interactive, () -> now[0], 3.0);
        ExperimentConfig c = TestCatalog.l96("none").cycles(100).build();
        bar.onStart(c);
        for (int k = 0; k < 100; k++) {
            now[0] += 1_000_000_000L;
            bar.onCycle(cycle(k), null, null, null);
        }
        bar.finish();
        return sw.toString();
    }

    @Test
    void logModePrintsOneLinePerTenPercent() {
        String s = drive(false);
        String[] lines = s.split("\n");
        assertEquals(10, lines.length, s); // 10 %, 20 %, …, 100 %
        assertTrue(lines[0].startsWith("enflow: 10% (10/100 cycles, 10 s, ~90 s left"), lines[0]);
        assertTrue(lines[9].startsWith("enflow: 100% (100/100 cycles"), lines[9]);
    }

    @Test
    void terminalModeRedrawsOneLine() {
        String s = drive(true);
        assertTrue(s.startsWith("\r["), s);
        assertTrue(s.endsWith("\n"));
        assertEquals(1, s.split("\n").length);
        assertTrue(s.contains("100/100 cycles"));
        // Nothing before the 3 s delay: the first frame is cycle 3.
        assertTrue(!s.contains(" 2/100 cycles") && s.contains(" 3/100 cycles"), s);
    }

    @Test
    void shortRunsPrintNothing() {
        StringWriter sw = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(sw), false, () -> 0L, 3.0);
        bar.onStart(TestCatalog.l96("none").cycles(10).build());
        for (int k = 0; k < 10; k++) bar.onCycle(cycle(k), null, null, null);
        bar.finish();
        assertEquals("", sw.toString());
    }
}
