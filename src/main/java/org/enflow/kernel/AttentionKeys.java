package org.enflow.kernel;

/**
 * The keys and values of the fused kernel ({@link FusedSoftmax#attend}) bound once and attended by many
 * queries: for nk keys k_j (d columns) and values v_j (dv columns),
 *
 * <pre>
 *   out_i = Σ_j softmax_j(−scale·‖q_i − k_j‖² + bias_j) v_j
 * </pre>
 *
 * for any queries, scale and bias. Binding packs the keys and values once (vector path: centred at the key
 * mean, transposed into register panels; O(nk·(d + dv))), which callers that attend the same keys many times
 * (an ODE over the KDE of fixed centres) then never repeat. {@link #attendRows} computes a range of query
 * rows with a caller-owned {@link Workspace}: ranges may run concurrently, each with its own workspace, and
 * every row comes out bit for bit as {@link FusedSoftmax#attend} computes it, however the rows are cut.
 *
 * <p>The arrays are used, not copied: keep them unchanged while bound. Not thread-safe except for concurrent
 * {@link #attendRows} calls with distinct workspaces.
 */
public final class AttentionKeys {
    private static final boolean VECTOR = Vectorization.enabled();

    /** Created on first bind, and only on the vector path: it links the Vector API kernels. */
    private FusedSoftmaxTiles tiles;
    private double[] keys, values;
    private int nk, d, dv;
    private Workspace[] blockWorkspaces = new Workspace[0];
    /** The key bias of the current {@link #attend} call (vector path), computed once and shared by its row blocks. */
    private double[] sharedBias = new double[0];
    /** The rows of {@link #bindCombination} (null when none are set) and, on the scalar path, its formed arrays. */
    private double[] combinationF, combinationG, ownKeys = new double[0], ownValues = new double[0];
    private int combinationNk, combinationD;

    /** Scratch of one {@link #attendRows} caller: sized on first use, reused after. */
    public static final class Workspace {
        final FusedSoftmaxTiles.Workspace tiles = new FusedSoftmaxTiles.Workspace();
        double[] acc = new double[0];
    }

    public AttentionKeys() {}

    /** A fresh workspace for {@link #attendRows}. */
    public static Workspace workspace() {
        return new Workspace();
    }

    /**
     * Binds nk keys (row-major, d columns) and values (nk rows, dv columns); packing runs on {@code parallel}.
     *
     * @throws IllegalArgumentException on null arrays, non-positive sizes or arrays too short
     */
    public void bind(double[] k, int nk, int d, double[] v, int dv, Parallel parallel) {
        Require.positive("nk", nk);
        Require.positive("d", d);
        Require.positive("dv", dv);
        Require.notNull("parallel", parallel);
        FusedSoftmax.checkRows("k", k, 0, d, nk, d);
        FusedSoftmax.checkRows("v", v, 0, dv, nk, dv);
        this.keys = k;
        this.values = v;
        this.nk = nk;
        this.d = d;
        this.dv = dv;
        combinationF = combinationG = null;
        if (VECTOR) {
            if (tiles == null) tiles = new FusedSoftmaxTiles();
            tiles.pack(k, nk, d, v, dv, parallel);
        }
    }

    /**
     * Sets the rows of later {@link #bindCombination} calls: f and g (nk×d each; g null stands for zeros). The
     * vector path lays them out once here, so that each bind of their combinations streams contiguously instead of
     * transposing formed keys. f and g are used, not copied: keep them unchanged until the next set or
     * {@link #bind}.
     *
     * @throws IllegalArgumentException on null f, non-positive sizes or arrays too short
     */
    public void setCombinationRows(double[] f, double[] g, int nk, int d, Parallel parallel) {
        Require.positive("nk", nk);
        Require.positive("d", d);
        Require.notNull("parallel", parallel);
        FusedSoftmax.checkRows("f", f, 0, d, nk, d);
        if (g != null) FusedSoftmax.checkRows("g", g, 0, d, nk, d);
        if (VECTOR) {
            if (tiles == null) tiles = new FusedSoftmaxTiles();
            tiles.setCombinationRows(f, g, nk, d, parallel);
        }
        combinationF = f;
        combinationG = g;
        combinationNk = nk;
        combinationD = d;
        keys = null; // unbound until bindCombination
        this.nk = 0;
    }

    /**
     * Binds keys k_j = a·f_j + b·g_j and values v_j = α·f_j + β·g_j of the rows set by
     * {@link #setCombinationRows} (the terms b·0 and β·0 for g null), each entry formed by exactly that expression:
     * later {@link #attend} and {@link #attendRows} calls give the bits of {@link #bind} with the formed arrays.
     * The flow engine binds keys of this form, from one fixed forecast and analysis, at every step.
     *
     * @throws IllegalStateException if no rows were set since the last {@link #bind}
     * @throws IllegalArgumentException on non-finite coefficients
     */
    public void bindCombination(double a, double b, double alpha, double beta, Parallel parallel) {
        if (combinationF == null) throw new IllegalStateException("AttentionKeys: setCombinationRows(...) first");
        Require.finite("a", a);
        Require.finite("b", b);
        Require.finite("alpha", alpha);
        Require.finite("beta", beta);
        Require.notNull("parallel", parallel);
        final double[] f = combinationF, g = combinationG;
        int n = combinationNk, dim = combinationD;
        if (VECTOR) {
            tiles.packCombination(a, b, alpha, beta, parallel);
            // Only the tiles are read on the vector path; keys marks the instance bound.
            keys = f;
            values = f;
        } else {
            double[] k = ownKeys = FusedSoftmax.ensure(ownKeys, (long) n * dim), v = ownValues = FusedSoftmax.ensure(ownValues, (long) n * dim);
            parallel.forRange(n * dim, 1 << 13, (blk, q0, q1) -> {
                FusedSoftmaxScalar.combine(f, g, q0, q1 - q0, a, b, k, q0);
                FusedSoftmaxScalar.combine(f, g, q0, q1 - q0, alpha, beta, v, q0);
            });
            keys = k;
            values = v;
        }
        nk = n;
        d = dim;
        dv = dim;
    }

    /** Number of bound keys (0 before the first bind). */
    public int keys() {
        return nk;
    }

    public int dim() {
        return d;
    }

    public int valueDim() {
        return dv;
    }

    /**
     * Query rows per block that {@link #attend} uses for nq queries: a multiple of {@link #rowGroup()}, sized
     * so that one block is some microseconds of work. Callers that cut rows themselves can start from it.
     */
    public int rowsPerBlock(int nq) {
        bound();
        Require.positive("nq", nq);
        if (VECTOR) return tiles.rowsPerBlock(nq);
        return Math.max(1, (1 << 15) / Math.max(1, nk * (d + dv)));
    }

    /** Rows the kernel computes together; ranges cut at multiples of it waste no padding. */
    public int rowGroup() {
        return VECTOR ? FusedSoftmaxTiles.R : 1;
    }

    /** Whether a range may also end in half a group: the vector kernel runs a last pair of rows unpadded. */
    public boolean halvesGroups() {
        return VECTOR;
    }

    /**
     * out rows [from, to) (dv columns each) from query rows [from, to) of q (d columns each). Safe to call
     * concurrently for disjoint row ranges with distinct workspaces.
     *
     * @param keyBias per-key bias (length ≥ nk; finite or −∞) or null for none
     * @throws IllegalStateException if a row's logits are all −∞
     */
    public void attendRows(double[] q, int from, int to, double[] keyBias, double scale, double[] out, Workspace ws) {
        bound();
        Require.notNull("ws", ws);
        if (from < 0 || to < from) throw new IllegalArgumentException("rows [" + from + ", " + to + "): expected 0 <= from <= to");
        if (from == to) return;
        Require.nonNegative("scale", scale);
        FusedSoftmax.checkRows("q", q, 0, d, to, d);
        FusedSoftmax.checkRows("out", out, 0, dv, to, dv);
        FusedSoftmax.checkBias(keyBias, nk);
        rows(q, from, to, keyBias, scale, out, ws);
    }

    /**
     * All nq query rows, in parallel row blocks on {@code parallel} (workspaces held by this instance);
     * bit-identical for any thread count.
     */
    public void attend(double[] q, int nq, double[] keyBias, double scale, double[] out, Parallel parallel) {
        bound();
        Require.positive("nq", nq);
        Require.nonNegative("scale", scale);
        Require.notNull("parallel", parallel);
        FusedSoftmax.checkRows("q", q, 0, d, nq, d);
        FusedSoftmax.checkRows("out", out, 0, dv, nq, dv);
        FusedSoftmax.checkBias(keyBias, nk);
        int group = rowGroup(), groups = (nq + group - 1) / group;
        int grain = Math.max(1, rowsPerBlock(nq) / group);
        int blocks = Parallel.blockCount(groups, grain);
        if (blockWorkspaces.length < blocks) {
            Workspace[] grown = java.util.Arrays.copyOf(blockWorkspaces, blocks);
            for (int b = blockWorkspaces.length; b < blocks; b++) grown[b] = new Workspace();
            blockWorkspaces = grown;
        }
        final Workspace[] ws = blockWorkspaces;
        if (VECTOR) {
            final double[] kb = sharedBias = FusedSoftmax.ensure(sharedBias, tiles.keyBiasLength());
            tiles.keyBias(keyBias, scale, kb);
            parallel.forRange(groups, grain,
                    (blk, g0, g1) -> tiles.attendRowsWithKeyBias(q, g0 * group, Math.min(nq, g1 * group), kb, scale, out, ws[blk].tiles));
        } else {
            parallel.forRange(groups, grain, (blk, g0, g1) -> rows(q, g0 * group, Math.min(nq, g1 * group), keyBias, scale, out, ws[blk]));
        }
    }

    private void rows(double[] q, int from, int to, double[] keyBias, double scale, double[] out, Workspace ws) {
        if (VECTOR) {
            tiles.attendRows(q, from, to, keyBias, scale, out, ws.tiles);
        } else {
            ws.acc = FusedSoftmax.ensure(ws.acc, dv);
            FusedSoftmaxScalar.attendRows(q, keys, nk, d, keyBias, scale, values, dv, out, from, to, ws.acc, 0);
        }
    }

    private void bound() {
        if (keys == null) throw new IllegalStateException("AttentionKeys: bind(...) the keys first");
    }
}
