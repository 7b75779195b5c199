package org.enflow.filter.classical;

import org.enflow.kernel.Parallel;

/**
 * Small dense kernels on flat row-major arrays used by the ensemble-space filters. Dot products use four
 * independent accumulators in a fixed order (deterministic, and not latency-bound); row updates are
 * axpy loops the JIT vectorizes.
 */
final class Dense {
    private Dense() {}

    /** Σ_k a[ao+k]·b[bo+k] for k in [0, len): the kernel's (vectorized, fixed-order) dot product. */
    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        return len == 0 ? 0 : org.enflow.kernel.Blas.dot(a, ao, b, bo, len);
    }

    /** out (n×n) = G Gᵀ for the n rows of length len in g (symmetric, both triangles written). */
    static void gramRows(double[] g, int n, int len, double[] out) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = dot(g, i * len, g, j * len, len);
                out[i * n + j] = s;
                out[j * n + i] = s;
            }
        }
    }

    /** Values (rows × length) per parallel block of {@link #rowDots}: ~30 µs of streaming. */
    private static final int DOT_BLOCK_VALUES = 1 << 15;

    /**
     * out[i] = a_i · v for the n rows of length len in a, in parallel over fixed blocks of rows; each dot is
     * the kernel's fixed-order one, so the result does not depend on the thread count.
     */
    static void rowDots(double[] a, int n, int len, double[] v, double[] out, Parallel parallel) {
        int grain = Math.max(1, DOT_BLOCK_VALUES / Math.max(1, len));
        if (Parallel.blockCount(n, grain) == 1) {
            for (int i = 0; i < n; i++) out[i] = dot(a, i * len, v, 0, len);
            return;
        }
        parallel.forRange(n, grain, (b, from, to) -> {
            for (int i = from; i < to; i++) out[i] = dot(a, i * len, v, 0, len);
        });
    }

    /** Row counts up to which {@link #cross} splits the columns: a product of few rows has too few row panels to share. */
    static final int CROSS_SPLIT_ROWS = 32;
    /** Columns per chunk of the column split (the unit of its fixed blocks) from 16 such chunks on. */
    static final int CROSS_CHUNK = 2048;
    /** Columns per chunk below 16·{@value #CROSS_CHUNK} columns: 5 blocks at p = 10⁴ held two threads to 1.3–1.5×. */
    static final int CROSS_CHUNK_SHORT = 512;
    /** At least this many blocks of chunks (fewer than twice as many), each with its own partial sum. */
    static final int CROSS_BLOCKS = 16;

    /** Columns per chunk of the column split of rows of length len (whole RowGram blocks). */
    static int crossChunk(int len) {
        return len >= CROSS_BLOCKS * CROSS_CHUNK ? CROSS_CHUNK : CROSS_CHUNK_SHORT;
    }

    /**
     * out (n×n, row-major, leading dimension ld ≥ n) = A Bᵀ for the n rows of length len in a and b (a == b
     * for a Gram matrix, which comes out exactly symmetric), through the register-tiled
     * {@link org.enflow.kernel.Gram} panels. Many rows: the panels are shared out by rows. Few rows (n ≤
     * {@value #CROSS_SPLIT_ROWS}) and long ones: the columns are cut into chunks of {@link #crossChunk} columns, the
     * chunks into {@value #CROSS_BLOCKS} to 2·{@value #CROSS_BLOCKS} − 1 fixed blocks (or one per chunk), each block's
     * columns go through {@link org.enflow.kernel.RowGram} (rows multiplied in place: at N = 20 the packed panels
     * spent more than half their time packing; docs/kernels.md), and the blocks' sums are added in block order. Either way the cuts depend on n and len only, so
     * the result is the same for every thread count. {@code dense} receives the unpadded product (n·n
     * doubles) and is copied into out when ld &gt; n (it may be out itself).
     */
    static void cross(double[] a, double[] b, int n, int len, double[] dense, double[] out, int ld, CrossWork w,
                      Parallel parallel) {
        if (n > CROSS_SPLIT_ROWS || len <= 2 * CROSS_CHUNK) {
            w.whole = grow(w.whole, org.enflow.kernel.Gram.workspaceLength(n, n, len));
            org.enflow.kernel.Gram.compute(parallel, a, 0, n, b, 0, n, len, dense, w.whole);
        } else {
            int chunk = crossChunk(len), chunks = (len + chunk - 1) / chunk;
            int grain = Math.max(1, chunks / CROSS_BLOCKS);
            int blocks = Parallel.blockCount(chunks, grain);
            w.prepare(blocks, n * n);
            parallel.forRange(chunks, grain, (blk, c0, c1) -> org.enflow.kernel.RowGram.compute(a, 0, b, 0, n, len,
                    c0 * chunk, Math.min(len, c1 * chunk), w.partial[blk]));
            w.sum(blocks, n * n, dense);
        }
        if (dense != out || ld != n) {
            for (int i = n - 1; i >= 0; i--) System.arraycopy(dense, i * n, out, i * ld, n);
        }
    }

    /** {@code a} if it holds {@code length} doubles, else a new array of that length. */
    static double[] grow(double[] a, int length) {
        return a.length < length ? new double[length] : a;
    }

    /** Workspaces of {@link #cross}, grown on demand and reused: nothing is allocated once sizes are stable. */
    static final class CrossWork {
        double[] whole = new double[0];
        double[][] partial = new double[0][];

        void prepare(int blocks, int nn) {
            if (partial.length < blocks) partial = java.util.Arrays.copyOf(partial, blocks);
            for (int k = 0; k < blocks; k++) if (partial[k] == null || partial[k].length < nn) partial[k] = new double[nn];
        }

        /** out[0, size) = the blocks' partials added in block order (the one order every caller uses). */
        void sum(int blocks, int size, double[] out) {
            System.arraycopy(partial[0], 0, out, 0, size);
            for (int k = 1; k < blocks; k++) {
                double[] pk = partial[k];
                for (int i = 0; i < size; i++) out[i] += pk[i];
            }
        }
    }

    /** Values of A per column tile (256 KiB) and the widest tile; larger tiles measured no faster at N = 500. */
    static final int TILE_VALUES = 32768, TILE_MAX = 512;

    static int tile(int n) {
        return Math.max(org.enflow.filter.classical.linalg.SmallDense.PAD,
                Math.min(TILE_MAX, (TILE_VALUES / Math.max(1, n)) / org.enflow.filter.classical.linalg.SmallDense.PAD
                        * org.enflow.filter.classical.linalg.SmallDense.PAD));
    }

    /**
     * out rows [r0, r1) on the columns [from, to) = base + Σ_l t[i·k + l]·a_l (base = 0 when null), for A's k rows
     * of length d: per column tile one register-blocked product over those output rows (4-row tiles), so the tile
     * of A, which stays in L2, is read (r1 − r0)/4 times instead of each output row streaming it. Each element is the fma
     * chain base + Σ_l t_il a_l in l order, whatever the tiles. {@code initAt} and {@code outAt} (m ints each) are
     * this caller's scratch.
     */
    private static void productColumns(double[] t, int r0, int r1, int k, double[] a, int d, double[] base, double[] out,
                                       int from, int to, int[] initAt, int[] outAt) {
        int w = tile(k), m = r1 - r0;
        double[] init = base == null ? ZERO_ROW : base;
        for (int c0 = from; c0 < to; c0 += w) {
            int initOff = base == null ? 0 : c0;
            for (int i = 0; i < m; i++) {
                initAt[i] = initOff;
                outAt[i] = (r0 + i) * d + c0;
            }
            org.enflow.filter.classical.linalg.SmallDense.multiplyAddRows(m, Math.min(w, to - c0), k, t, r0 * k, k, a, c0, d,
                    init, initAt, out, outAt, false);
        }
    }

    /**
     * out (m rows of d) = 1·baseᵀ + T A (base = 0 when null) for T (m×k, row-major) and A's k rows of length d:
     * {@link #productColumns} over column blocks in whole units of {@value #COLUMN_UNIT}, ~2 MFLOP each, in
     * parallel. Blocks cut at arbitrary columns ended in 2–3 columns that only the scalar tail could take: at
     * N = 500, d = 1000 that remainder (one latency-bound fma chain of length N per element) took about as long as
     * the vector tiles. {@code out} must not overlap {@code a}.
     */
    private static void columnProduct(double[] t, int m, int k, double[] a, int d, double[] base, double[] out,
                                      Parallel parallel, Rows rows) {
        int units = (d + COLUMN_UNIT - 1) / COLUMN_UNIT;
        int grain = (int) Math.max(1, (1L << 20) / ((long) m * k) / COLUMN_UNIT);
        int blocks = Parallel.blockCount(units, grain);
        if (blocks == 1) {
            // Too few columns to share: fixed blocks of output rows instead (each row the same fma chains).
            int rowGrain = (int) Math.max(ROW_SPLIT_MIN_ROWS, ROW_SPLIT_FMAS / Math.max(1L, (long) k * d));
            int rowBlocks = Parallel.blockCount(m, rowGrain);
            rows.prepareTiles(rowBlocks, m);
            if (rowBlocks == 1) productColumns(t, 0, m, k, a, d, base, out, 0, d, rows.tileInit[0], rows.tileOut[0]);
            else parallel.forRange(m, rowGrain, (b, r0, r1) -> productColumns(t, r0, r1, k, a, d, base, out, 0, d,
                    rows.tileInit[b], rows.tileOut[b]));
            return;
        }
        rows.prepareTiles(blocks, m);
        parallel.forRange(units, grain, (b, u0, u1) -> productColumns(t, 0, m, k, a, d, base, out, u0 * COLUMN_UNIT,
                Math.min(d, u1 * COLUMN_UNIT), rows.tileInit[b], rows.tileOut[b]));
    }

    /**
     * Multiply-adds per row block when a product too narrow for column blocks is split by rows (~50–100 µs): at
     * N = 500, d = p = 40 the ETKF's two N×p×d products ran on one thread, 7 % of the analysis.
     */
    static final long ROW_SPLIT_FMAS = 1 << 18;
    /** Rows per row block at least: whole 4-row register tiles, mostly. */
    static final int ROW_SPLIT_MIN_ROWS = 16;

    /** Ensembles up to this many values (N·d) are transformed in one register-blocked pass (they sit in L2). */
    static final int SMALL_VALUES = 1 << 15;

    /** Multiply-adds from which the small-ensemble product is shared out over fixed blocks of rows. */
    static final long PARALLEL_SMALL_FMAS = 1 << 21;
    /** Rows per block (at least) of the shared-out small-ensemble product: forRange's even split; any cut gives the same rows. */
    static final int ROW_BLOCK = 64;

    /**
     * out rows = base + Σ_j t[i·n + j]·a_j for all N rows: out = 1·baseᵀ + T A. Small ensembles take one
     * register-blocked product that starts each row from base and stores it once (over fixed blocks of
     * {@value #ROW_BLOCK} rows in parallel from {@value #PARALLEL_SMALL_FMAS} multiply-adds: N = 500, d = 40;
     * every row is the same fma chain in any block); large ones the column-tiled {@link #columnProduct} in
     * parallel over fixed column blocks (the same chain per element). {@code out} must not overlap {@code a}. Allocation-free once
     * {@code rows} has seen this (N, d).
     */
    static void transform(double[] t, int n, double[] a, int d, double[] base, double[] out, Parallel parallel, Rows rows) {
        if ((long) n * d <= SMALL_VALUES) {
            rows.prepare(n, d);
            if ((long) n * n * d < PARALLEL_SMALL_FMAS) {
                org.enflow.filter.classical.linalg.SmallDense.multiplyAddRows(n, d, n, t, 0, n, a, 0, d, base, rows.zeros, out, rows.starts, false);
            } else {
                parallel.forRange(n, ROW_BLOCK, (b, from, to) -> org.enflow.filter.classical.linalg.SmallDense.multiplyAddRows(
                        to - from, d, n, t, from * n, n, a, 0, d, base, rows.zeros, out, rows.blockStarts[b], false));
            }
            return;
        }
        columnProduct(t, n, n, a, d, base, out, parallel, rows);
    }

    /** Columns per unit of the large path's column blocks: a multiple of every vector length and of the tile widths' PAD. */
    static final int COLUMN_UNIT = 64;

    /** The zero row a product without base starts every output row from (read only; as wide as the widest tile). */
    private static final double[] ZERO_ROW = new double[TILE_MAX];

    /**
     * out (m rows of d, row-major) = T A for T (m×k, row-major) and A's k rows of length d, by the same column-tiled
     * product as the large path of {@link #transform} (no base). Each element is the fma chain Σ_l t_il a_l in l order starting from 0,
     * exactly what {@link org.enflow.kernel.Blas#weightedSumOfRows} computes row by row (which streams all of A
     * once per output row). {@code out} must not overlap {@code a}.
     */
    static void multiply(double[] t, int m, int k, double[] a, int d, double[] out, Parallel parallel, Rows rows) {
        columnProduct(t, m, k, a, d, null, out, parallel, rows);
    }

    /**
     * Row offsets for {@link #transform}: every row starts from base[0..d), row i is stored at i·d; blockStarts[b]
     * holds the offsets of the rows of row block b (forRange's blocks of {@value #ROW_BLOCK}).
     */
    static final class Rows {
        int[] zeros = new int[0], starts = new int[0];
        int[][] blockStarts = new int[0][];
        /** Per column block of the large path: the offsets productColumns fills for each tile. */
        int[][] tileInit = new int[0][], tileOut = new int[0][];
        private int n = -1, d = -1;

        void prepareTiles(int blocks, int n) {
            if (tileInit.length < blocks || tileInit[0].length < n) {
                tileInit = new int[Math.max(blocks, tileInit.length)][n];
                tileOut = new int[tileInit.length][n];
            }
        }

        void prepare(int n, int d) {
            if (zeros.length < n) {
                zeros = new int[n];
                starts = new int[n];
            }
            if (this.n != n || this.d != d) {
                for (int i = 0; i < n; i++) starts[i] = i * d;
                int blocks = Parallel.blockCount(n, ROW_BLOCK);
                blockStarts = new int[blocks][];
                for (int b = 0; b < blocks; b++) {
                    int from = Parallel.blockStart(n, blocks, b), to = Parallel.blockStart(n, blocks, b + 1);
                    blockStarts[b] = java.util.Arrays.copyOfRange(starts, from, to);
                }
                this.n = n;
                this.d = d;
            }
        }
    }
}
