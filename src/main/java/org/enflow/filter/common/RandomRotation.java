package org.enflow.filter.common;

import org.enflow.filter.classical.linalg.ColumnBlocks;
import org.enflow.filter.classical.linalg.SmallDense;
import org.enflow.kernel.Blas;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * Random mean-preserving rotations of ensemble anomalies (DAPPER's {@code rot=True}): an N×N orthogonal
 * matrix Ω with Ω1 = 1, Haar-distributed on that subgroup. Built as Ω = H·diag(1, Q)·H, where Q is a
 * Haar-random (N−1)×(N−1) orthogonal matrix and H is the reflection that swaps e₀ and 1/√N. Because the
 * Haar law is invariant, the law of Ω does not depend on the choice of H.
 *
 * <p>Q comes from Stewart's (1980) construction: the Householder QR of an m×m Gaussian matrix G, with
 * the signs of R's diagonal divided out, is Haar (Mezzadri 2007); its k-th reflector depends only on the
 * k-th column of the partly reduced G, whose trailing m−k entries are again iid N(0, 1) and independent
 * of the earlier reflectors (an orthogonal map independent of a standard Gaussian vector keeps its law).
 * So each reflector is built from m−k fresh normals: m(m+1)/2 draws instead of m², and no R. From
 * m = {@value #BLOCKED_MIN} on, the draws come in fixed segments, each from its own jump of the stream, and
 * are drawn in parallel (still iid N(0, 1); below, one stream in order, as DAPPER-sized rows always had).
 * Then Q = H_0 ⋯ H_{m−1} D (D = the signs) by backward accumulation: two reflectors per pass for
 * m &lt; {@value #BLOCKED_MIN}, and above in blocks of {@value #NB} reflectors in compact WY form
 * (H_{k0} ⋯ H_{k1−1} = I − V T Vᵀ, T upper triangular): two passes of matrix products over the trailing rows per
 * block instead of one pass per reflector pair, and one parallel call per block instead of one per pair (the
 * ETKF at N = 500, d = 40 on one core: 12.4 ms with pairs, 7.1 with blocks); and
 * Ω = M − τ(u bᵀ + a uᵀ) + τ²γ u uᵀ with M = diag(1, Q), a = Mu, b = Mᵀu, γ = uᵀMu.
 *
 * <p>An instance owns the workspace for one N; not thread-safe.
 */
public final class RandomRotation {
    /** Reflectors per compact-WY block of the accumulation. */
    static final int NB = 16;
    /** From this m = N − 1 on, the reflectors are accumulated in blocks; below, two per pass (measured crossover ≈ 100). */
    static final int BLOCKED_MIN = 96;
    /** Column groups of {@link SmallDense#PAD} per task of a block's application. */
    private static final int TASK_UNITS = 4;
    /** Entries of Ω (or Q) per parallel block of its row and column sums and of its assembly. */
    private static final int SUM_GRAIN = 1 << 15;
    /** Normals per independently drawn segment when m ≥ {@value #BLOCKED_MIN} (~40 µs of ziggurat draws). */
    static final int DRAW_SEGMENT = 1 << 13;
    /** Reflectors per parallel block of their construction (m ≥ {@value #BLOCKED_MIN}). */
    private static final int REFLECTOR_GRAIN = 32;

    private final int n, m, ld;
    /** H = I − τ_H u uᵀ with u = e₀ − e·1, e = 1/√N, u₀ = 1 − e: the reflection that swaps e₀ and 1/√N. */
    private final double e, u0, tauH;
    private final double[] draws; // m(m+1)/2 normals
    private final double[] vs; // reflector k in row k (stride ld), zero outside [k, m): only [k, m) is ever written
    private final double[] taus;
    private final double[] signs;
    private final double[] q; // m×m orthogonal, row stride ld
    private final double[] r, r2; // scratch rows of the pairwise accumulation
    private final double[][] t; // −T (NB×NB, upper triangular) of a block, two buffers (the current block's and the next's)
    private final double[] gram; // VᵀV of one block
    private final double[] w, tw; // Vᵀ P and −T Vᵀ P of one block, NB rows of stride ld (columns split over tasks)
    private final double[][] vRows; // V of a block row by row, two buffers: vRows[b][r·NB + i] = reflector k0+i at row k0+r
    private final int[][] rowAt; // per task of a block's application (task 0 unused with a look-ahead): offsets of the rows of P at its columns
    private final double[] rowSum, colSum;

    public RandomRotation(int members) {
        this.n = Require.positive("members", members);
        this.m = Math.max(members - 1, 1);
        this.e = 1 / Math.sqrt(n);
        this.u0 = 1 - e;
        this.tauH = 2 / (u0 * u0 + (n - 1) * e * e);
        this.ld = SmallDense.padded(m);
        this.draws = new double[m * (m + 1) / 2];
        this.vs = new double[m * ld];
        this.q = new double[m * ld];
        this.r = new double[ld];
        this.r2 = new double[ld];
        this.t = new double[2][NB * NB];
        this.gram = new double[NB * NB];
        this.w = new double[NB * ld];
        this.tw = new double[NB * ld];
        this.vRows = new double[2][m * NB];
        this.rowAt = new int[1 + Math.max(1, ld / SmallDense.PAD / TASK_UNITS)][m];
        this.taus = new double[m];
        this.signs = new double[m];
        this.rowSum = new double[m];
        this.colSum = new double[ld];
    }

    public int members() {
        return n;
    }

    /**
     * A fresh Haar-random orthogonal (N−1)×(N−1) matrix Q, drawn exactly as {@link #draw} draws the Q
     * inside Ω (the same normals from {@code gauss}); row-major with row stride {@link #stride()} and zero
     * padding. Owned by this instance, overwritten by the next draw. For callers that compose
     * H diag(1, ·) H themselves.
     */
    public double[] drawOrthogonal(Gaussian gauss) {
        return drawOrthogonal(gauss, Parallel.sequential());
    }

    /**
     * {@link #drawOrthogonal(Gaussian)} with the accumulation shared out over fixed column blocks (reflector
     * pairs over fixed column blocks ({@link ColumnBlocks}), compact-WY blocks over tasks of 32; the columns are
     * independent): the same matrix, bit for bit, on any number of threads.
     */
    public double[] drawOrthogonal(Gaussian gauss, Parallel par) {
        haarOrthogonal(gauss, Require.notNull("par", par));
        return q;
    }

    /** Row stride of {@link #drawOrthogonal}: N−1 rounded up to a multiple of {@link SmallDense#PAD}. */
    public int stride() {
        return ld;
    }

    /** Writes a fresh random Ω into {@code out} (N×N row-major), drawing (N−1)N/2 normals from {@code gauss}. */
    public void draw(Gaussian gauss, double[] out) {
        draw(gauss, out, Parallel.sequential());
    }

    /** {@link #draw(Gaussian, double[])} with Q built as {@link #drawOrthogonal(Gaussian, Parallel)} builds it. */
    public void draw(Gaussian gauss, double[] out, Parallel par) {
        Require.length("out", out, n * n);
        Require.notNull("par", par);
        if (n == 1) {
            out[0] = 1;
            return;
        }
        haarOrthogonal(gauss, par);
        double tau = tauH;
        // Row sums (each on its own) and column sums (rows added in order, per fixed column block): the same bits
        // on any number of threads.
        par.forRange(m, Math.max(1, SUM_GRAIN / m), (b, from, to) -> rowSums(from, to));
        ColumnBlocks.run(par, (long) m * m, 0, m, this::columnSums);
        double total = 0;
        for (int i = 0; i < m; i++) total += rowSum[i];
        // a = Mu: a₀ = u₀, a_{i+1} = −e·rowSum_i; b = Mᵀu likewise with column sums; γ = u₀² + e²·Σ Q.
        double gamma = u0 * u0 + e * e * total;
        double t2g = tau * tau * gamma;
        // Row 0: M₀ⱼ = δ₀ⱼ, u₀ = u0.
        for (int j = 0; j < n; j++) {
            double uj = j == 0 ? u0 : -e, bj = j == 0 ? u0 : -e * colSum[j - 1];
            out[j] = (j == 0 ? 1 : 0) - tau * (u0 * bj + u0 * uj) + t2g * u0 * uj;
        }
        par.forRange(n - 1, Math.max(1, SUM_GRAIN / n), (b, from, to) -> {
            for (int i = from + 1; i <= to; i++) {
                int o = i * n, qo = (i - 1) * ld;
                double ai = -e * rowSum[i - 1];
                // column 0: M_i0 = 0, u₀ = u0, b₀ = u0
                out[o] = -tau * (-e * u0 + ai * u0) + t2g * -e * u0;
                double base = tau * ai * e + t2g * e * e; // −τ a_i u_j + τ²γ u_i u_j for u_i = u_j = −e
                for (int j = 1; j < n; j++) out[o + j] = q[qo + j - 1] - tau * e * e * colSum[j - 1] + base;
            }
        });
    }

    /**
     * Whether {@link #rotateColumns} applies to anomalies with d columns: N − 1 ≥ {@value #BLOCKED_MIN} (the
     * segmented draws) and d ≤ 2(N − 1)/3. There, applying the m reflectors to the d columns (2m²d flops)
     * costs at most half of forming Ω ((4/3)m³) and multiplying by it (2N²d).
     */
    public boolean rotatesDirectly(int d) {
        return rotatesDirectly(n, d);
    }

    /** {@link #rotatesDirectly(int)} for an ensemble of N members (for cost models). */
    public static boolean rotatesDirectly(int members, int d) {
        long m = members - 1L;
        return m >= BLOCKED_MIN && 3L * d <= 2L * m;
    }

    /** Columns that go through the reflectors together, sharing each reflector's loads (d = 40: 10 even tasks). */
    static final int COLUMN_GROUP = 4;

    /**
     * out[i·d + k] = mean[k] + scale·(Ω A)_{ik} for the N×d row-major anomalies A in {@code a} (may alias
     * {@code out}), with a fresh Ω drawn from the same normals as {@link #draw(Gaussian, double[], Parallel)}
     * would draw it: the same Ω up to rounding, never formed. Each column a_k goes through
     * Ω a_k = H diag(1, H_0 ⋯ H_{m−1} D) H a_k by its own dots and updates, in groups of
     * {@value #COLUMN_GROUP} columns that share each reflector's loads; the same operations on any thread, so
     * the result does not depend on the thread count. Requires {@link #rotatesDirectly}(d).
     */
    public void rotateColumns(Gaussian gauss, double[] a, int d, double scale, double[] mean, double[] out, Parallel par) {
        if (!rotatesDirectly(d))
            throw new IllegalArgumentException("d = " + d + " with N = " + n + ": expected N − 1 >= " + BLOCKED_MIN
                    + " and d <= 2(N − 1)/3 (see rotatesDirectly)");
        Require.length("a", a, n * d);
        Require.length("out", out, n * d);
        Require.length("mean", mean, d);
        Require.notNull("par", par);
        drawReflectors(gauss, par);
        int groups = (d + COLUMN_GROUP - 1) / COLUMN_GROUP;
        // ~2m² flops per column: blocks of at least ~10⁵ flops.
        int grain = (int) Math.max(1, 100_000 / (2L * m * m * COLUMN_GROUP));
        par.forRange(groups, grain, (b, from, to) -> {
            double[] x = columns(b);
            for (int grp = from; grp < to; grp++) {
                int k0 = grp * COLUMN_GROUP, w = Math.min(COLUMN_GROUP, d - k0);
                for (int c = 0; c < w; c++)
                    for (int i = 0; i < n; i++) x[c * n + i] = a[i * d + k0 + c];
                applyOmega(x, w);
                for (int c = 0; c < w; c++) {
                    double mk = mean[k0 + c];
                    for (int i = 0; i < n; i++) out[i * d + k0 + c] = mk + scale * x[c * n + i];
                }
            }
        });
    }

    private final double[][] columns = new double[Parallel.MAX_BLOCKS][];

    private double[] columns(int block) {
        double[] x = columns[block];
        if (x == null) columns[block] = x = new double[COLUMN_GROUP * n];
        return x;
    }

    /** Columns c &lt; w of x (each of length N): x_c ← Ω x_c = H diag(1, H_0 ⋯ H_{m−1} D) H x_c. */
    private void applyOmega(double[] x, int w) {
        for (int c = 0; c < w; c++) {
            int o = c * n;
            reflectMean(x, o);
            for (int i = 0; i < m; i++) x[o + 1 + i] *= signs[i];
        }
        for (int k = m - 1; k >= 0; k--) {
            double tk = taus[k];
            if (tk == 0) continue;
            int len = m - k, vk = k * ld + k;
            for (int c = 0; c < w; c++) {
                int o = c * n + 1 + k;
                double s = tk * Blas.dot(vs, vk, x, o, len);
                Blas.axpy(-s, vs, vk, x, o, len);
            }
        }
        for (int c = 0; c < w; c++) reflectMean(x, c * n);
    }

    /** x[o..o+N) ← H x (see {@link #tauH}). */
    private void reflectMean(double[] x, int o) {
        double ux = u0 * x[o] - e * Blas.sum(x, o + 1, m);
        double f = tauH * ux;
        x[o] -= f * u0;
        for (int i = 1; i < n; i++) x[o + i] += f * e;
    }

    /** rowSum[i] = Σ_j Q_ij for rows [from, to), four partial sums per row. */
    private void rowSums(int from, int to) {
        for (int i = from; i < to; i++) {
            int o = i * ld;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int j = 0;
            for (; j + 4 <= m; j += 4) {
                s0 += q[o + j];
                s1 += q[o + j + 1];
                s2 += q[o + j + 2];
                s3 += q[o + j + 3];
            }
            for (; j < m; j++) s0 += q[o + j];
            rowSum[i] = (s0 + s1) + (s2 + s3);
        }
    }

    /** colSum[j] = Σ_i Q_ij for columns [from, from + width), rows added in order. */
    private void columnSums(int from, int width) {
        java.util.Arrays.fill(colSum, from, from + width, 0.0);
        for (int i = 0; i < m; i++) {
            int o = i * ld;
            for (int j = from; j < from + width; j++) colSum[j] += q[o + j];
        }
    }

    /**
     * q ← a Haar-random orthogonal m×m matrix (row-major, stride ld): reflector k from m−k fresh normals,
     * then Q = B_0 (B_1 ⋯ (B_last D)) for the blocks B of {@value #NB} reflectors, last first, where the
     * partial product is D outside the trailing block (so every row update runs over whole vectors from
     * the aligned column ≤ k0).
     */
    private void haarOrthogonal(Gaussian gauss, Parallel par) {
        drawReflectors(gauss, par);
        // q ← D, row blocks in parallel (each row's zeros and sign are written the same way on any thread count).
        par.forRange(m, Math.max(1, SUM_GRAIN / ld), (b, from, to) -> {
            java.util.Arrays.fill(q, from * ld, to * ld, 0.0);
            for (int i = from; i < to; i++) q[i * ld + i] = signs[i];
        });
        if (m < BLOCKED_MIN) accumulatePairs(par);
        else accumulateBlocks(par);
    }

    /** The normals, then the m reflectors, signs and τ's; segmented and in parallel from m = {@value #BLOCKED_MIN} on. */
    private void drawReflectors(Gaussian gauss, Parallel par) {
        boolean blocked = m >= BLOCKED_MIN;
        if (blocked && gauss.jumpable()) drawSegments(gauss, par);
        else gauss.fill(draws, 0, draws.length);
        if (blocked) par.forRange(m, REFLECTOR_GRAIN, (b, from, to) -> reflectors(from, to));
        else reflectors(0, m);
    }

    /**
     * draws ← the normals in fixed segments of {@value #DRAW_SEGMENT}, segment s from the s-th jump of the
     * rotation stream (see {@link Gaussian#jump}), filled in parallel: at N = 500, 125 000 normals from one
     * stream were a tenth of the ETKF analysis on two threads, all of it serial. The segments depend only on N.
     */
    private void drawSegments(Gaussian gauss, Parallel par) {
        int segments = (draws.length + DRAW_SEGMENT - 1) / DRAW_SEGMENT;
        Gaussian[] streams = new Gaussian[segments];
        for (int s = 0; s < segments; s++) streams[s] = gauss.jump();
        par.forEach(segments, (s, from, to) -> {
            int off = s * DRAW_SEGMENT;
            streams[s].fill(draws, off, Math.min(DRAW_SEGMENT, draws.length - off));
        });
    }

    /** Reflectors [from, to) from their normals (each from its own m − k draws: independent of the others). */
    private void reflectors(int from, int to) {
        for (int k = from; k < to; k++) {
            int len = m - k, rk = k * ld, pos = k * m - k * (k - 1) / 2; // Σ_{i<k} (m − i)
            double sumsq = 0;
            for (int i = 0; i < len; i++) sumsq += draws[pos + i] * draws[pos + i];
            double norm = Math.sqrt(sumsq), x0 = draws[pos];
            double alpha = x0 >= 0 ? -norm : norm;
            signs[k] = alpha >= 0 ? 1 : -1;
            System.arraycopy(draws, pos, vs, rk + k, len);
            vs[rk + k] = x0 - alpha;
            taus[k] = norm == 0 ? 0 : 1.0 / (norm * (norm + Math.abs(x0)));
        }
    }

    /** q ← H_0 (H_1 ⋯ (H_{m−1} q)) two reflectors per pass (small m: the block overheads would dominate). */
    private void accumulatePairs(Parallel par) {
        int k = m - 1;
        while (k >= 0) {
            double tau = taus[k];
            if (k >= 1 && tau != 0 && taus[k - 1] != 0) {
                // H_{k−1}(H_k P) in one pass: r = v_kᵀP, s = v_{k−1}ᵀP from the same P, then
                // r' = s − τ_k (v_{k−1}·v_k) r and P −= τ_k v_k rᵀ + τ_{k−1} v_{k−1} r'ᵀ (v_k is 0 at k−1).
                int k1 = k - 1, kk = k, c0 = k1 / SmallDense.PAD * SmallDense.PAD;
                double dv = 0;
                for (int i = k; i < m; i++) dv += vs[k1 * ld + i] * vs[k * ld + i];
                double f = tau * dv;
                ColumnBlocks.run(par, 2L * (m - k1) * (ld - c0), c0, ld, (from, w) -> {
                    SmallDense.multiply(1, w, m - kk, vs, kk * ld + kk, 0, 1, q, kk * ld + from, ld, r, from, 0);
                    SmallDense.multiply(1, w, m - k1, vs, k1 * ld + k1, 0, 1, q, k1 * ld + from, ld, r2, from, 0);
                    for (int c = from; c < from + w; c++) r2[c] -= f * r[c];
                    SmallDense.rank1x2(m - k1, -tau, vs, kk * ld + k1, r, from, -taus[k1], vs, k1 * ld + k1, r2, from,
                            q, k1 * ld + from, ld, w);
                });
                k -= 2;
            } else {
                if (tau != 0) {
                    int c0 = k / SmallDense.PAD * SmallDense.PAD, rows = m - k, kk = k;
                    ColumnBlocks.run(par, 2L * rows * (ld - c0), c0, ld, (from, w) -> {
                        SmallDense.multiply(1, w, rows, vs, kk * ld + kk, 0, 1, q, kk * ld + from, ld, r, from, 0);
                        SmallDense.rank1(rows, -tau, vs, kk * ld + kk, r, from, q, kk * ld + from, ld, w);
                    });
                }
                k--;
            }
        }
    }

    /**
     * q ← B_0 (B_1 ⋯ (B_last q)) for the compact-WY blocks B of {@value #NB} reflectors. A block's V rows and T
     * depend only on the reflectors, not on q, so the next block's are built inside this block's parallel call, as
     * one more task (a look-ahead, two buffers in turn). Built between the calls, on the calling thread, they
     * left the helper idle long enough to park: at N = 500 the 31 calls of ETKF 500 × 1000 took 5.5 ms on one
     * thread and 5.0 ms on two.
     */
    private void accumulateBlocks(Parallel par) {
        int cur = 0;
        prepareBlock(Math.max(0, m - NB), m, cur);
        for (int k1 = m; k1 > 0; k1 -= NB) {
            int k0 = Math.max(0, k1 - NB), nb = k1 - k0, rows = m - k0, c0 = k0 / SmallDense.PAD * SmallDense.PAD;
            int next = 1 - cur, nextK0 = Math.max(0, k0 - NB);
            boolean ahead = k0 > 0;
            double[] vr = vRows[cur], tb = t[cur];
            // Tasks of 32 columns (whole vectors: ld and c0 are multiples of PAD), so the trailing blocks of few
            // columns still split evenly; every column is the same fma chains in any task.
            int units = (ld - c0) / SmallDense.PAD;
            if (2L * nb * rows * (ld - c0) < ColumnBlocks.SERIAL_FMAS) {
                applyBlock(k0, nb, rows, c0, ld - c0, vr, tb, rowAt[0]);
                if (ahead) prepareBlock(nextK0, k0, next);
            } else {
                int blocks = Parallel.blockCount(units, TASK_UNITS), first = ahead ? 1 : 0;
                par.forEach(first + blocks, (task, item, unused) -> {
                    if (item < first) {
                        prepareBlock(nextK0, k0, next);
                    } else {
                        int b = item - first, u0 = Parallel.blockStart(units, blocks, b), u1 = Parallel.blockStart(units, blocks, b + 1);
                        applyBlock(k0, nb, rows, c0 + u0 * SmallDense.PAD, (u1 - u0) * SmallDense.PAD, vr, tb, rowAt[item]);
                    }
                });
            }
            cur = next;
        }
    }

    /** V rows and −T of the block of reflectors [k0, k1) into buffer {@code buf}. */
    private void prepareBlock(int k0, int k1, int buf) {
        int nb = k1 - k0, rows = m - k0;
        double[] vr = vRows[buf];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < nb; i++) vr[r * NB + i] = vs[(k0 + i) * ld + k0 + r];
        blockT(k0, nb, rows, vr, t[buf]);
    }

    /**
     * −T for H_{k0} ⋯ H_{k0+nb−1} = I − V T Vᵀ (V's columns the reflectors; LAPACK's dlarft, forward and
     * columnwise): T_ii = τ_i and T_{0:i, i} = −τ_i T_{0:i, 0:i} V_{0:i}ᵀ v_i.
     */
    private void blockT(int k0, int nb, int rows, double[] vr, double[] t) {
        // gram = VᵀV (nb×nb) from V's rows and vr (its columns as rows).
        SmallDense.multiply(nb, nb, rows, vs, k0 * ld + k0, ld, 1, vr, 0, NB, gram, 0, NB);
        java.util.Arrays.fill(t, 0.0);
        for (int i = 0; i < nb; i++) {
            double tau = taus[k0 + i];
            t[i * NB + i] = tau;
            if (i == 0) continue;
            // tmp_j = −τ_i v_jᵀ v_i, kept in column i, then T_{0:i,0:i}·tmp.
            for (int j = 0; j < i; j++) t[j * NB + i] = -tau * gram[j * NB + i];
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int l = j; l < i; l++) s += t[j * NB + l] * t[l * NB + i];
                t[j * NB + i] = s;
            }
        }
        for (int i = 0; i < nb; i++) for (int j = i; j < nb; j++) t[i * NB + j] = -t[i * NB + j];
    }

    /**
     * P ← (I − V T Vᵀ) P on rows [k0, m) and columns [from, from + width): W = VᵀP, W' = −TW, then P += VW' in
     * place by 4-row tiles (each tile's rows of P are loaded before they are stored); vr and t from {@link #prepareBlock}.
     */
    private void applyBlock(int k0, int nb, int rows, int from, int width, double[] vr, double[] t, int[] at) {
        SmallDense.multiply(nb, width, rows, vs, k0 * ld + k0, ld, 1, q, k0 * ld + from, ld, w, from, ld);
        SmallDense.multiply(nb, width, nb, t, 0, NB, 1, w, from, ld, tw, from, ld);
        for (int r = 0; r < rows; r++) at[r] = (k0 + r) * ld + from;
        SmallDense.multiplyAddRows(rows, width, nb, vr, 0, NB, tw, from, ld, q, at, q, at, false);
    }

    /**
     * Anomaly rows a_i ← Σ_j Ω_ij a_j for i in [0, N), with the N×d anomalies in {@code a} (row-major);
     * {@code out} receives the result (must not alias {@code a}).
     */
    public static void applyToRows(double[] omega, int n, double[] a, double[] out, int d) {
        java.util.Arrays.fill(out, 0, n * d, 0.0);
        for (int i = 0; i < n; i++) {
            int oi = i * d;
            for (int j = 0; j < n; j++) {
                double w = omega[i * n + j];
                int oj = j * d;
                for (int k = 0; k < d; k++) out[oi + k] += w * a[oj + k];
            }
        }
    }
}
