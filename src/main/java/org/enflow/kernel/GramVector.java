package org.enflow.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API Gram panels G = (A − 1cᵀ)(B − 1cᵀ)ᵀ, the twin of {@link GramScalar} with the same signatures
 * and no argument checks. Loading this class requires {@code jdk.incubator.vector}: call it only when
 * {@link Vectorization#enabled()} (the {@link Gram} facade does).
 *
 * <p>How it reaches a large fraction of the FMA peak: A is packed into panels of {@value #MR} rows stored
 * k-major ({@code [k][r]}), B into panels of {@code NR = 3·lanes} rows stored k-major ({@code [k][c]}), the
 * centre subtracted while packing. The micro-kernel {@link #tile} keeps a {@value #MR} × NR block of G in
 * 12 vector registers and, per k, loads 3 vectors of the B panel and broadcasts 4 values of the A panel
 * for 12 FMAs; no horizontal reduction is needed. Loops are blocked so a B panel slice
 * ({@value #KC} × NR doubles) stays in L1 and the A panels of one row block in L2.
 *
 * <p>Work is split over row panels of A (whole rows of G), so each entry of G is computed by exactly one
 * block in the same order whatever the thread count: results are bit-identical for any {@link Parallel}.
 */
public final class GramVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of A per register tile. */
    static final int MR = 4;
    /** Rows of B per register tile: three vectors. */
    static final int NR = 3 * L;
    /**
     * k-extent of one pass over a B panel: KC·NR doubles (48 KiB with 8 lanes, about L1) are reused by
     * MCP row panels. 256 measured slightly faster than 128 or 192 at N = 2000, d = 256 (the whole d in one
     * pass, so G is stored once without a reload).
     */
    static final int KC = 256;
    /** Upper bound on the packed slab (doubles), so the workspace stays bounded for huge d. */
    static final long SLAB_DOUBLES = 1L << 22;
    /** Row panels of A per L2 block: MCP·MR·KC doubles (512 KiB of the 1 MiB L2). */
    static final int MCP = 64;
    /**
     * Target flops per parallel block (~0.25 ms at the single-core rate): fork/join stays negligible, and there
     * are enough blocks to even out the triangle of a self product between threads.
     */
    private static final double BLOCK_FLOPS = 1.25e7;
    /**
     * Small products still get up to {@value #MIN_BLOCKS} blocks of at least this many flops (~15–30 µs): the calling
     * thread works on the blocks itself, so a split costs little. By {@link #BLOCK_FLOPS} alone the 100 × 100 Gram
     * over 1000 columns (2·10⁷ flops, the EnKF-PO's at N = 100, p = 1000) was one block: half that analysis ran on
     * one thread.
     */
    private static final double MIN_BLOCK_FLOPS = 5e5;
    private static final int MIN_BLOCKS = 4;
    /** Values packed per parallel packing block (~320 KB): B is packed by several threads even for few panels. */
    private static final double PACK_BLOCK_VALUES = 4e4;

    private GramVector() {}

    static int rowPanels(int m) {
        return (m + MR - 1) / MR;
    }

    static int colPanels(int n) {
        return (n + NR - 1) / NR;
    }

    /**
     * Columns of A and B packed at a time (a slab): all of d when the packed copy stays under
     * {@value #SLAB_DOUBLES} doubles, else a multiple of {@link #KC} that keeps it there. Bounds the
     * workspace for huge d at the price of two fork/join rounds per slab.
     */
    static int slab(int m, int n, int d) {
        long rows = (long) rowPanels(m) * MR + (long) colPanels(n) * NR;
        long width = Math.max(KC, SLAB_DOUBLES / rows / KC * KC);
        return (int) Math.min(d, width);
    }

    /**
     * Row panels per parallel block: about {@link #BLOCK_FLOPS} each, but at least min({@value #MIN_BLOCKS},
     * flops / {@link #MIN_BLOCK_FLOPS}) blocks.
     */
    static int rowGrain(int m, int n, int d) {
        int mp = rowPanels(m);
        double flopsPerPanel = 2.0 * MR * colPanels(n) * NR * (double) d, total = mp * flopsPerPanel;
        double wanted = Math.max(Math.ceil(total / BLOCK_FLOPS), Math.min(MIN_BLOCKS, Math.floor(total / MIN_BLOCK_FLOPS)));
        return (int) Math.max(1, Math.min(mp, Math.floor(mp / Math.max(1, wanted))));
    }

    static int blocks(int m, int n, int d) {
        return Parallel.blockCount(rowPanels(m), rowGrain(m, n, slab(m, n, d)));
    }

    /**
     * Doubles of workspace {@link #compute} needs: one slab of packed A (⌈m/4⌉·4 rows) and B (⌈n/NR⌉·NR
     * rows), {@code min(d, slab)} columns each, and one MR × NR edge tile per parallel block.
     */
    public static int workspaceLength(int m, int n, int d) {
        long rows = (long) rowPanels(m) * MR + (long) colPanels(n) * NR;
        long len = rows * slab(m, n, d) + (long) blocks(m, n, d) * MR * NR;
        if (len > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("Gram workspace for m = " + m + ", n = " + n + ", d = " + d + " needs " + len
                    + " doubles: more than one array holds");
        return (int) len;
    }

    /** g[i·n + j] = a_i · b_j for rows a_i of A (m × d at aOff) and b_j of B (n × d at bOff). */
    public static void compute(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                               double[] g, double[] work) {
        computeCentred(par, a, aOff, m, b, bOff, n, d, null, 0, g, work, 0);
    }

    /** g[i·n + j] = (a_i − c)·(b_j − c); {@code centre == null} means c = 0. */
    public static void computeCentred(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                                      double[] centre, int cOff, double[] g, double[] work) {
        computeCentred(par, a, aOff, m, b, bOff, n, d, centre, cOff, g, work, 0);
    }

    /** As above with the workspace starting at work[wOff]. */
    static void computeCentred(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                               double[] centre, int cOff, double[] g, double[] work, int wOff) {
        computeColumns(par, a, aOff, m, b, bOff, n, d, 0, d, centre, cOff, g, work, wOff);
    }

    /**
     * g[i·n + j] = a_i[k0, k0+kw) · b_j[k0, k0+kw) for rows stored ld apart: the Gram panel of a range of
     * columns. Workspace: {@link #workspaceLength}(m, n, kw).
     */
    public static void computeColumns(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int ld,
                                      int k0, int kw, double[] g, double[] work) {
        computeColumns(par, a, aOff, m, b, bOff, n, ld, k0, kw, null, 0, g, work, 0);
    }

    private static void computeColumns(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int ld,
                                       int kFrom, int kWidth, double[] centre, int cOff, double[] g, double[] work, int wOff) {
        int mp = rowPanels(m), np = colPanels(n);
        int width = slab(m, n, kWidth);
        int bStart = wOff + mp * MR * width;
        int scratchStart = bStart + np * NR * width;
        int packGrain = Math.max(1, (int) Math.ceil(PACK_BLOCK_VALUES / ((double) NR * width)));
        int rowGrain = rowGrain(m, n, width);
        boolean self = a == b && aOff == bOff && m == n;
        for (int s0 = 0; s0 < kWidth; s0 += width) {
            int k0 = kFrom + s0, kw = Math.min(width, kWidth - s0), first = s0;
            par.forRange(np, packGrain, (blk, p0, p1) -> {
                for (int p = p0; p < p1; p++)
                    packPanel(b, bOff, n, ld, centre, cOff, k0, kw, work, bStart + p * NR * kw, p * NR, NR);
            });
            par.forRange(mp, rowGrain, (blk, q0, q1) -> {
                for (int q = q0; q < q1; q++)
                    packPanel(a, aOff, m, ld, centre, cOff, k0, kw, work, wOff + q * MR * kw, q * MR, MR);
                rowBlock(m, n, first, kw, work, wOff, bStart, scratchStart + blk * MR * NR, q0, q1, g, self);
            });
        }
        if (self) mirrorUpper(par, g, n);
    }

    /**
     * G = A·Aᵀ (the same rows on both sides): only tiles touching the upper triangle are computed, then the
     * upper triangle is copied onto the lower one. Entry (i, j) and (j, i) are the same products summed in
     * the same k order, so this equals the full computation bit for bit at half the flops.
     */
    private static void mirrorUpper(Parallel par, double[] g, int n) {
        final int t = 32; // 32 × 32 blocks: the strided side of the copy stays in L1
        int tiles = (n + t - 1) / t;
        // Bands of about 2¹⁵ entries (at 2¹⁸, n = 500 was one serial band: 0.19 ms of a 41 ms ETKF analysis on 2 threads).
        par.forRange(tiles, Math.max(1, (1 << 15) / (t * Math.max(1, n))), (blk, b0, b1) -> {
            for (int ib = b0; ib < b1; ib++) {
                int i0 = ib * t, i1 = Math.min(n, i0 + t);
                for (int j0 = 0; j0 < i1; j0 += t) {
                    for (int i = i0; i < i1; i++) {
                        int row = i * n;
                        for (int j = j0, jEnd = Math.min(i, j0 + t); j < jEnd; j++) g[row + j] = g[j * n + i];
                    }
                }
            }
        });
    }

    /**
     * Packs columns [k0, k0+kw) of rows [row0, row0+rows) of X − c k-major at w[dst]: w[dst + k·rows + r];
     * rows past the matrix are zero. Done KC columns at a time so the strided writes stay in L1.
     */
    private static void packPanel(double[] x, int xOff, int total, int d, double[] c, int cOff, int k0, int kw,
                                  double[] w, int dst, int row0, int rows) {
        for (int j0 = 0; j0 < kw; j0 += KC) {
            int j1 = Math.min(kw, j0 + KC);
            for (int r = 0; r < rows; r++) {
                int row = row0 + r, o = dst + r;
                if (row >= total) {
                    for (int k = j0; k < j1; k++) w[o + k * rows] = 0;
                } else if (c == null) {
                    int src = xOff + row * d + k0;
                    for (int k = j0; k < j1; k++) w[o + k * rows] = x[src + k];
                } else {
                    int src = xOff + row * d + k0, cs = cOff + k0;
                    for (int k = j0; k < j1; k++) w[o + k * rows] = x[src + k] - c[cs + k];
                }
            }
        }
    }

    /**
     * G's rows in row panels [q0, q1) for the slab at s0 columns into the range, kw wide: written when
     * s0 = 0 (the range's first slab), added otherwise. Blocked for L1 (KC columns of a B panel) and L2
     * (MCP row panels of A).
     */
    private static void rowBlock(int m, int n, int s0, int kw, double[] w, int aStart, int bStart, int scratch,
                                 int q0, int q1, double[] g, boolean self) {
        int np = colPanels(n);
        for (int k0 = 0; k0 < kw; k0 += KC) {
            int kc = Math.min(KC, kw - k0);
            boolean add = s0 + k0 > 0;
            for (int qm = q0; qm < q1; qm += MCP) {
                int qEnd = Math.min(q1, qm + MCP);
                // With self, panels left of the diagonal of the first row panel are not needed by any row.
                for (int p = self ? qm * MR / NR : 0; p < np; p++) {
                    int bBase = bStart + p * NR * kw + k0 * NR;
                    int cols = Math.min(NR, n - p * NR);
                    // With self, a tile is needed iff its last column reaches its first row: p·NR + NR > q·MR.
                    int qLimit = self ? Math.min(qEnd, (p * NR + NR + MR - 1) / MR) : qEnd;
                    for (int q = qm; q < qLimit; q++) {
                        int aBase = aStart + q * MR * kw + k0 * MR;
                        int rows = Math.min(MR, m - q * MR);
                        int gOff = q * MR * n + p * NR;
                        if (rows == MR && cols == NR) {
                            tile(w, aBase, bBase, kc, g, gOff, n, add);
                        } else {
                            tile(w, aBase, bBase, kc, w, scratch, NR, false);
                            edge(w, scratch, rows, cols, g, gOff, n, add);
                        }
                    }
                }
            }
        }
    }

    /** Copies (or adds) the valid rows × cols corner of an MR × NR scratch tile into G. */
    private static void edge(double[] w, int scratch, int rows, int cols, double[] g, int gOff, int ldg, boolean add) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = w[scratch + r * NR + c];
                int o = gOff + r * ldg + c;
                g[o] = add ? g[o] + v : v;
            }
        }
    }

    /**
     * The register tile: dst[r·ld + c] (+)= Σ_k A[k][r]·B[k][c] for r < MR, c < NR over kc values of k,
     * A and B packed k-major at aBase and bBase of {@code w}.
     */
    private static void tile(double[] w, int aBase, int bBase, int kc, double[] dst, int off, int ld, boolean add) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00;
        DoubleVector c30 = c00, c31 = c00, c32 = c00;
        for (int k = 0; k < kc; k++) {
            int bo = bBase + k * NR, ao = aBase + k * MR;
            DoubleVector b0 = DoubleVector.fromArray(S, w, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, w, bo + L);
            DoubleVector b2 = DoubleVector.fromArray(S, w, bo + 2 * L);
            DoubleVector x = DoubleVector.broadcast(S, w[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = DoubleVector.broadcast(S, w[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = DoubleVector.broadcast(S, w[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = DoubleVector.broadcast(S, w[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
        }
        int o0 = off, o1 = off + ld, o2 = off + 2 * ld, o3 = off + 3 * ld;
        if (add) {
            c00 = c00.add(DoubleVector.fromArray(S, dst, o0));
            c01 = c01.add(DoubleVector.fromArray(S, dst, o0 + L));
            c02 = c02.add(DoubleVector.fromArray(S, dst, o0 + 2 * L));
            c10 = c10.add(DoubleVector.fromArray(S, dst, o1));
            c11 = c11.add(DoubleVector.fromArray(S, dst, o1 + L));
            c12 = c12.add(DoubleVector.fromArray(S, dst, o1 + 2 * L));
            c20 = c20.add(DoubleVector.fromArray(S, dst, o2));
            c21 = c21.add(DoubleVector.fromArray(S, dst, o2 + L));
            c22 = c22.add(DoubleVector.fromArray(S, dst, o2 + 2 * L));
            c30 = c30.add(DoubleVector.fromArray(S, dst, o3));
            c31 = c31.add(DoubleVector.fromArray(S, dst, o3 + L));
            c32 = c32.add(DoubleVector.fromArray(S, dst, o3 + 2 * L));
        }
        c00.intoArray(dst, o0);
        c01.intoArray(dst, o0 + L);
        c02.intoArray(dst, o0 + 2 * L);
        c10.intoArray(dst, o1);
        c11.intoArray(dst, o1 + L);
        c12.intoArray(dst, o1 + 2 * L);
        c20.intoArray(dst, o2);
        c21.intoArray(dst, o2 + L);
        c22.intoArray(dst, o2 + 2 * L);
        c30.intoArray(dst, o3);
        c31.intoArray(dst, o3 + L);
        c32.intoArray(dst, o3 + 2 * L);
    }
}
