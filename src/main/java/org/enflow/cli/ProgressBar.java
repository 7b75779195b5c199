package org.enflow.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.enflow.ensemble.Ensemble;
import org.enflow.experiment.CycleListener;
import org.enflow.experiment.CycleRecord;
import org.enflow.experiment.ExperimentConfig;
import org.enflow.observe.Observation;

/**
 * Progress on stderr, shown only once a run has lasted {@code delaySeconds}: a carriage-return bar on a
 * terminal, otherwise one line per 10 % so CI logs stay short. Cycles of a twin experiment
 * ({@link CycleListener}) or any other counted work ({@link #start}, {@link #update}: training steps).
 */
final class ProgressBar implements CycleListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean interactive;
    private final LongSupplier clock;
    private final long delayNanos;
    private long start, lastDraw;
    private int total, lastDecile;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean interactive, LongSupplier nanoClock, double delaySeconds) {
        this.err = err;
        this.interactive = interactive;
        this.clock = nanoClock;
        this.delayNanos = (long) (delaySeconds * 1e9);
    }

    /** Terminal detection as the CLI uses it: a console is attached. */
    static ProgressBar forStderr(PrintWriter err) {
        return new ProgressBar(err, System.console() != null, System::nanoTime, 3.0);
    }

    @Override
    public void onStart(ExperimentConfig config) {
        start(config.cycles());
    }

    @Override
    public void onCycle(CycleRecord record, double[] truth, Observation observation, Ensemble analysis) {
        update(record.cycle() + 1, "cycles", "RMSE", record.rmseAnalysis());
    }

    /** Starts a run of {@code total} units of work (cycles, training steps). */
    void start(int total) {
        this.total = total;
        start = clock.getAsLong();
        lastDecile = 0;
    }

    /** Reports {@code done} of the total {@code unit}s finished, with one current figure (e.g. "RMSE", "loss"). */
    void update(int done, String unit, String metric, double value) {
        long now = clock.getAsLong();
        long elapsed = now - start;
        if (elapsed < delayNanos) return;
        double seconds = elapsed * 1e-9;
        double left = seconds / done * (total - done);
        if (interactive) {
            if (now - lastDraw < REDRAW_NANOS && done < total) return;
            lastDraw = now;
            int filled = (int) ((long) WIDTH * done / total);
            err.print(String.format(Locale.ROOT, "\r[%s%s] %3d%% %d/%d %s, %.0f s, ~%.0f s left, %s %.4g ",
                    "#".repeat(filled), ".".repeat(WIDTH - filled), 100L * done / total, done, total, unit, seconds, left,
                    metric, value));
            err.flush();
            drawn = true;
        } else {
            int decile = (int) (10L * done / total);
            if (decile <= lastDecile) return;
            lastDecile = decile;
            err.println(String.format(Locale.ROOT, "enflow: %d%% (%d/%d %s, %.0f s, ~%.0f s left, %s %.4g)",
                    10 * decile, done, total, unit, seconds, left, metric, value));
            err.flush();
        }
    }

    /** Ends the bar's line, if one was drawn. */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
