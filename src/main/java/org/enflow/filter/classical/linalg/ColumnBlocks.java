package org.enflow.filter.classical.linalg;

import org.enflow.kernel.Parallel;

/**
 * Shares a range of independent columns (or rows) out over fixed blocks of {@value #WIDTH} (a narrower range
 * with much work: two blocks); the cut depends on the range alone, never on the thread count. {@value #WIDTH} is a multiple of every lane width (and of
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

    /**
     * Multiply-adds from which a range of at most {@value #WIDTH} columns is still cut in two, at a multiple of
     * {@link SmallDense#PAD} (so again each column keeps its lane): the particle filter's weighted mean over N = 10⁴
     * members at d = 40 was 5 % of its analysis on one thread.
     */
    public static final long NARROW_SPLIT_FMAS = 1 << 17;

    /** Runs {@code body} over [from, to): inline when it is one block or {@code fmas} is small, else in blocks. */
    public static void run(Parallel par, long fmas, int from, int to, Body body) {
        int len = to - from;
        if (len <= 0) return;
        if (fmas < SERIAL_FMAS) {
            body.run(from, len);
            return;
        }
        if (len <= WIDTH) {
            int first = (len + 2 * SmallDense.PAD - 1) / (2 * SmallDense.PAD) * SmallDense.PAD;
            if (fmas < NARROW_SPLIT_FMAS || first >= len) body.run(from, len);
            else par.forRange(2, 1, (b, j0, j1) -> body.run(b == 0 ? from : from + first, b == 0 ? first : len - first));
            return;
        }
        par.forRange((len + WIDTH - 1) / WIDTH, 1, (b, j0, j1) -> {
            int f = from + j0 * WIDTH;
            body.run(f, Math.min(to, from + j1 * WIDTH) - f);
        });
    }
}
