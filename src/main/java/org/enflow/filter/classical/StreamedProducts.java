package org.enflow.filter.classical;

import org.enflow.filter.classical.linalg.SmallDense;
import org.enflow.kernel.Blas;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RowGram;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * The ensemble-space statistics of the ETKF and the EnKF-PO in one streaming pass over the ensemble, and their
 * transform x ← 1x̄ᵀ + T(x − x̄) in a second, for an aligned observation operator (h_c(x) = φ(x_c), p = d: identity,
 * arctan, masks, their chains) and few members with long rows ({@link #applies}).
 *
 * <p>Why: the materialized path ({@link ObservedEnsemble}, {@link Dense#cross}, {@link Dense#transform}) writes and
 * reads back the anomalies, h(x) and Ŷ as N×d arrays before the products, and the anomalies again for the transform:
 * at N = 20, d = 10⁶ about 2.2 GB of memory traffic for 4·10⁸ multiply-adds, so the analysis ran at the memory's
 * speed, which two cores of this machine raise only 1.4× (docs/benchmarks.md). Here each tile of columns is read
 * from x once into a scratch of a few N-row tiles that stays in L2, where x̄, h(x), ȳ, d̂, Ŷ (and U) are formed and
 * their Gram products accumulated; the transform reads x once more and writes the analysis in place: 3 N×d passes
 * instead of about 14.
 *
 * <p>Same bits as the materialized path for N ≤ {@value Dense#CROSS_SPLIT_ROWS} (where {@link Dense#cross} uses
 * RowGram too): the column blocks are those of {@link Dense#cross} ({@link Dense#crossChunk} columns per chunk),
 * tiles are whole {@link RowGram#K_BLOCK}s from each block's start and are accumulated with
 * {@link RowGram#accumulate}, blocks are added in block order, and every elementwise quantity is the same
 * expression; the transform is each element's fma chain x̄ + Σ_j t_ij a_j in j order, as in {@link Dense#transform}.
 * The exceptions: g = Ŷd̂ (ETKF), for which the row d̂ joins the Gram product here while there it is a dot over all p
 * columns, and the products for N &gt; {@value Dense#CROSS_SPLIT_ROWS}, which the materialized path forms with packed
 * Gram panels. Results do not depend on the thread count. Not thread-safe; workspaces grow on demand and are
 * reused.
 */
final class StreamedProducts {
    /** Scratch doubles per tile (its rows of Ŷ, d̂ and U): 256 KiB, half a core's L2, with x streaming through. */
    static final int TILE_VALUES = 1 << 15;

    int n, d;
    /** x̄ (d). */
    double[] mean = new double[0];
    /** Ŷ Ŷᵀ (n×n, row-major). */
    double[] gram = new double[0];
    /** Ŷ d̂ (n), when computed without noise (ETKF). */
    double[] projected = new double[0];
    /** Ŷ Uᵀ (n×n) with u_i = d̂ + ξ_i − ŷ_i, when computed with noise (EnKF-PO). */
    double[] cross = new double[0];

    /** Per column block: the Gram partials (with the d̂ row for the ETKF), and ŶUᵀ's (EnKF-PO). */
    private final Dense.CrossWork partials = new Dense.CrossWork(), crossPartials = new Dense.CrossWork();
    private double[] combined = new double[0];
    private final ThreadLocal<Work> work = ThreadLocal.withInitial(Work::new);

    /** Per-thread tile scratch: rows of P/Ŷ (and d̂), U, ȳ, R^{-1/2}, transform offsets. */
    private static final class Work {
        double[] rows = new double[0], noise = new double[0], ybar = new double[0], isr = new double[0];
        int[] initAt = new int[0], outAt = new int[0];

        void ensure(int rowValues, int noiseValues, int tile, int n) {
            if (rows.length < rowValues) rows = new double[rowValues];
            if (noise.length < noiseValues) noise = new double[noiseValues];
            if (ybar.length < tile) {
                ybar = new double[tile];
                isr = new double[tile];
            }
            if (initAt.length < n) {
                initAt = new int[n];
                outAt = new int[n];
            }
        }
    }

    /**
     * Members up to which the streamed path is taken. Past {@value Dense#CROSS_SPLIT_ROWS} the 2×2 row tiles of
     * RowGram run from L2 at about half the packed Gram panels' rate, but the N×d passes they save cost more: at
     * N = 100, d = 10⁶ the ETKF went from 2.71 to 1.64 s and the EnKF-PO from 4.92 to 3.12 s on one thread
     * (jmh/results/scaling-s16/jmh-n100; at N = 500 the N²d products dominate and the panels are the better kernel).
     */
    static final int MAX_MEMBERS = 128;

    /**
     * Where the streamed path takes over: an aligned h, N ≤ {@value #MAX_MEMBERS}, p = d &gt;
     * 2·{@value Dense#CROSS_CHUNK} (the length from which {@link Dense#cross} splits columns), beyond the
     * small-ensemble transform ({@link Dense#SMALL_VALUES}).
     */
    static boolean applies(int n, int d, ObservationOperator h) {
        return h.isAligned() && h.inputDim() == d && h.outputDim() == d && n <= MAX_MEMBERS
                && d > 2 * Dense.CROSS_CHUNK && (long) n * d > Dense.SMALL_VALUES;
    }

    /** Columns per tile: whole K_BLOCKs, the tile's rows within {@link #TILE_VALUES}. */
    static int tile(int rows) {
        int blocks = Math.max(1, TILE_VALUES / Math.max(1, rows) / RowGram.K_BLOCK);
        return Math.min(8, blocks) * RowGram.K_BLOCK;
    }

    /**
     * One pass over the n members of length d in x: {@link #mean}, {@link #gram} and either {@link #projected}
     * ({@code noise == null}) or {@link #cross} (noise: the n×d draws ξ_i; with {@code center} each component's
     * draws are first centred over the members, in the scratch: x and noise are only read).
     *
     * @throws IllegalStateException if h(x) has a non-finite component (naming the member and the component)
     */
    void compute(double[] x, int n, int d, Observation obs, double[] noise, boolean center, Parallel parallel) {
        ObservationOperator h = obs.operator();
        if (!applies(n, d, h)) throw new IllegalArgumentException("the streamed products do not apply to N = " + n + ", d = " + d + ", h = " + h.describe());
        this.n = n;
        this.d = d;
        boolean withNoise = noise != null;
        int gramRows = withNoise ? n : n + 1, size = gramRows * gramRows;
        if (mean.length < d) mean = new double[d];
        if (gram.length < n * n) {
            gram = new double[n * n];
            cross = new double[n * n];
            projected = new double[n];
        }
        int chunk = Dense.crossChunk(d), chunks = (d + chunk - 1) / chunk;
        int grain = Math.max(1, chunks / Dense.CROSS_BLOCKS), blocks = Parallel.blockCount(chunks, grain);
        partials.prepare(blocks, size);
        if (withNoise) crossPartials.prepare(blocks, n * n);
        int tile = tile(withNoise ? 2 * n + 1 : n + 1);
        double[] y = obs.values(), r = obs.variances();
        parallel.forRange(chunks, grain, (blk, c0, c1) -> {
            Work w = work.get();
            w.ensure((n + 1) * tile, withNoise ? n * tile : 0, tile, n);
            double[] g = partials.partial[blk], gc = withNoise ? crossPartials.partial[blk] : null;
            java.util.Arrays.fill(g, 0, size, 0.0);
            if (gc != null) java.util.Arrays.fill(gc, 0, n * n, 0.0);
            int end = Math.min(d, c1 * chunk);
            for (int c = c0 * chunk; c < end; c += tile)
                tile(x, h, y, r, noise, center, c, Math.min(tile, end - c), tile, w, g, gc);
        });
        // Blocks added in block order, as Dense.cross does.
        combined = Dense.grow(combined, size);
        partials.sum(blocks, size, combined);
        for (int i = 0; i < n; i++) System.arraycopy(combined, i * gramRows, gram, i * n, n);
        if (withNoise) {
            crossPartials.sum(blocks, n * n, cross);
        } else {
            for (int i = 0; i < n; i++) projected[i] = combined[i * gramRows + n];
        }
    }

    /**
     * Columns [c, c + len) of all members: x̄; P_i = h(x_i); ȳ; R^{-1/2}; d̂ = (y − ȳ)R^{-1/2}; Ŷ_i = (P_i − ȳ)R^{-1/2}
     * (in place of P_i); with noise, U_i = d̂ + ξ_i − Ŷ_i; then the tile's Gram products added to g (and gc). The
     * expressions and their order are those of ObservedEnsemble and EnkfPo.
     */
    private void tile(double[] x, ObservationOperator h, double[] y, double[] r, double[] noise, boolean center, int c, int len,
                      int ld, Work w, double[] g, double[] gc) {
        double[] p = w.rows, ybar = w.ybar, isr = w.isr;
        ObservedEnsemble.columnMean(x, n, d, mean, c, c + len);
        for (int i = 0; i < n; i++) {
            int o = i * ld;
            h.applyBlock(x, i * d + c, c, c + len, p, o);
            for (int l = 0; l < len; l++) {
                if (!Double.isFinite(p[o + l]))
                    throw new IllegalStateException("h(x) of member " + i + " has component " + (c + l) + " = " + p[o + l]
                            + ": the observation operator returned a non-finite value");
            }
        }
        ObservedEnsemble.columnMean(p, n, ld, ybar, 0, len);
        int dh = n * ld; // d̂ is row n of the scratch
        for (int l = 0; l < len; l++) {
            isr[l] = 1 / Math.sqrt(r[c + l]);
            p[dh + l] = (y[c + l] - ybar[l]) * isr[l];
        }
        for (int i = 0; i < n; i++) {
            int o = i * ld;
            for (int l = 0; l < len; l++) p[o + l] = (p[o + l] - ybar[l]) * isr[l];
        }
        if (noise == null) {
            RowGram.accumulate(p, 0, p, 0, n + 1, ld, 0, len, g);
            return;
        }
        double[] u = w.noise;
        for (int i = 0; i < n; i++) System.arraycopy(noise, i * d + c, u, i * ld, len);
        if (center) {
            for (int l = 0; l < len; l++) {
                double m = 0;
                for (int i = 0; i < n; i++) m += u[i * ld + l];
                m /= n;
                for (int i = 0; i < n; i++) u[i * ld + l] -= m;
            }
        }
        for (int i = 0; i < n; i++) {
            int o = i * ld;
            for (int l = 0; l < len; l++) u[o + l] = p[dh + l] + u[o + l] - p[o + l];
        }
        RowGram.accumulate(p, 0, p, 0, n, ld, 0, len, g);
        RowGram.accumulate(p, 0, u, 0, n, ld, 0, len, gc);
    }

    /**
     * x ← 1x̄ᵀ + T(x − x̄) in place, with the x̄ of the last {@link #compute} (T: n×n, row-major): per column tile the
     * anomalies go to a scratch, then each element of the analysis is the fma chain x̄ + Σ_j t_ij a_j in j order
     * ({@link SmallDense#multiplyAddRows}, as {@link Dense#transform}), over fixed column blocks in parallel.
     */
    void transform(double[] t, double[] x, Parallel parallel) {
        int units = (d + Dense.COLUMN_UNIT - 1) / Dense.COLUMN_UNIT;
        int grain = (int) Math.max(1, (1L << 20) / ((long) n * n) / Dense.COLUMN_UNIT);
        int tile = Dense.tile(n);
        if (Parallel.blockCount(units, grain) == 1) {
            transformColumns(t, x, 0, d, tile);
            return;
        }
        parallel.forRange(units, grain, (b, u0, u1) -> transformColumns(t, x, u0 * Dense.COLUMN_UNIT, Math.min(d, u1 * Dense.COLUMN_UNIT), tile));
    }

    private void transformColumns(double[] t, double[] x, int from, int to, int tile) {
        Work w = work.get();
        w.ensure(n * tile, 0, 0, n);
        double[] a = w.rows;
        int[] initAt = w.initAt, outAt = w.outAt;
        for (int c = from; c < to; c += tile) {
            int len = Math.min(tile, to - c);
            for (int i = 0; i < n; i++) {
                Blas.addScaled(x, i * d + c, -1.0, mean, c, a, i * tile, len);
                initAt[i] = c;
                outAt[i] = i * d + c;
            }
            SmallDense.multiplyAddRows(n, len, n, t, 0, n, a, 0, tile, mean, initAt, x, outAt, false);
        }
    }
}
