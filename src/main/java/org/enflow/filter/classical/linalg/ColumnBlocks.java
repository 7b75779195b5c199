package org.enflow.filter.classical.linalg;

import org.enflow.kernel.Parallel;

/**
 * Shares a range of independent columns (or rows) out over fixed blocks of {@value #WIDTH} columns, or of fewer so a
 * range under {@value #MIN_BLOCKS}·{@value #WIDTH} still makes {@value #MIN_BLOCKS} blocks (a narrower range with much work:
 * two blocks); the cut depends on the range alone, never on the thread count. Every block width is a multiple of every
 * lane width (and of {@link SmallDense#PAD}), so a row operation run block by block puts each column in the same vector
 * lane or scalar tail, and through the same fma chain, as the undivided call: the results are the same bits.
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

    /** Blocks a wide range is cut into at least (while they are at least {@value #MIN_WIDTH} columns). */
    static final int MIN_BLOCKS = 16;
    /** Narrowest block of a wide range: two vectors of the widest lanes, the row kernels' unrolled step. */
    static final int MIN_WIDTH = 2 * SmallDense.PAD;

    /**
     * Columns per block for a range of {@code len} &gt; {@value #WIDTH} columns: {@value #WIDTH}, or narrower (a multiple of
     * {@value #MIN_WIDTH}) so there are at least {@value #MIN_BLOCKS} blocks. With eight blocks of 64 over N = 500 the
     * last block's wait was up to an eighth of a call: the Cholesky panels of the ETKF at N = 500 on two threads ran
     * 119 µs on one thread against 81 µs on the other.
     */
    static int width(int len) {
        int w = (len + MIN_BLOCKS - 1) / MIN_BLOCKS;
        w = (w + MIN_WIDTH - 1) / MIN_WIDTH * MIN_WIDTH;
        return Math.max(MIN_WIDTH, Math.min(WIDTH, w));
    }

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
        int width = width(len);
        par.forRange((len + width - 1) / width, 1, (b, j0, j1) -> {
            int f = from + j0 * width;
            body.run(f, Math.min(to, from + j1 * width) - f);
        });
    }
}
