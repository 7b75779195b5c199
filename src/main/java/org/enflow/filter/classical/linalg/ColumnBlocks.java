package org.enflow.filter.classical.linalg;

import org.enflow.kernel.Parallel;

/**
 * Shares a range of independent columns (or rows) out over fixed blocks of {@value #WIDTH}: the cut depends
 * on the range alone, never on the thread count. {@value #WIDTH} is a multiple of every lane width (and of
 * {@link SmallDense#PAD}), so a row operation run block by block puts each column in the same vector lane or
 * scalar tail, and through the same fma chain, as the undivided call: the results are the same bits.
 */
public final class ColumnBlocks {
    /** Columns per block. */
    public static final int WIDTH = 64;
    /** Multiply-adds below which the range runs on the calling thread: a fork costs a few µs. */
    public static final long SERIAL_FMAS = 1 << 15;

    private ColumnBlocks() {}

    /** Work on the columns [from, from + width). */
    @FunctionalInterface
    public interface Body {
        void run(int from, int width);
    }

    /** Runs {@code body} over [from, to): inline when it is one block or {@code fmas} is small, else in blocks. */
    public static void run(Parallel par, long fmas, int from, int to, Body body) {
        int len = to - from;
        if (len <= 0) return;
        if (fmas < SERIAL_FMAS || len <= WIDTH) {
            body.run(from, len);
            return;
        }
        par.forRange((len + WIDTH - 1) / WIDTH, 1, (b, j0, j1) -> {
            int f = from + j0 * WIDTH;
            body.run(f, Math.min(to, from + j1 * WIDTH) - f);
        });
    }
}
