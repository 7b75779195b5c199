package org.enflow.model.ode;

import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * The adaptive Dormand–Prince 5(4) method (FSAL, 6 new right-hand sides per attempted step) with exactly
 * the step control and initial-step rule of scipy's {@code solve_ivp(method="RK45")} (kde_diffusion.md §5),
 * so step and evaluation counts match scipy's {@code t.size − 1} and {@code nfev}:
 * <ul>
 *   <li>error estimate err = h·Σ_k e_k k_k with k₇ = f(t + h, y_new); scale sc = atol + rtol·max(|y_old|, |y_new|);
 *       ‖err‖ = RMS over all components of err/sc; accept iff ‖err‖ &lt; 1;</li>
 *   <li>after acceptance h ← h·min(10, 0.9‖err‖^(−1/5)) (10 when ‖err‖ = 0), capped at factor 1 once a rejection
 *       happened within the step; after rejection h ← h·max(0.2, 0.9‖err‖^(−1/5)); the last step is clipped
 *       to land exactly on the end time;</li>
 *   <li>initial step by Hairer's rule with error order 4 (one extra evaluation), as scipy's
 *       {@code select_initial_step}.</li>
 * </ul>
 * Integrates forward or backward (t₁ &lt; t₀). The instance holds its workspaces (grown only when a larger
 * system arrives: no allocation per step) and the counters of its last {@link #integrate} call; it is not
 * thread-safe. The stage combinations run serially in index order (deterministic); they cost O(n) per
 * stage, negligible beside any right-hand side worth integrating this way.
 *
 * <p>For a {@link RowSystem} (independent rows) the row-blocked variant runs each attempted step as one
 * parallel call: a block of rows goes through all stages, its new point and its rows' error sums of squares
 * before the next, with the same arithmetic per component, so it returns exactly the serial variant's numbers
 * and counts, for any thread count.
 *
 * <p>The sum of squares in ‖err‖ is taken row by row (rows of {@link RowSystem#rowLength()} components when f
 * is a row system, in either variant; one row of all n otherwise), each row with four interleaved
 * accumulators, then over the rows in order. So the row-blocked variant forms the row sums inside its
 * parallel blocks: summed serially, one latency-bound chain over all n components was about 8 % of a KDE
 * analysis with N = 20 members on one thread and held two threads to about 1.7×. The order differs from
 * scipy's (numpy's dot) only by rounding, as any order would. The initial-step rule's three sums of squares are
 * taken the same way, inside the parallel calls of its two evaluations.
 */
public final class DormandPrince54 {
    /** Step-size safety factor. */
    public static final double SAFETY = 0.9;
    /** Smallest step-size factor after a rejection. */
    public static final double MIN_FACTOR = 0.2;
    /** Largest step-size factor after an acceptance. */
    public static final double MAX_FACTOR = 10;
    /** Error exponent −1/(q + 1) for the embedded order q = 4. */
    private static final double ERROR_EXPONENT = -1.0 / 5.0;
    /** Default cap on attempted steps per integration: a guard against stalls, far above any sane use. */
    public static final int DEFAULT_MAX_ATTEMPTS = 1_000_000;

    static final double[] C = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1};
    static final double[][] A = {
        {},
        {1.0 / 5},
        {3.0 / 40, 9.0 / 40},
        {44.0 / 45, -56.0 / 15, 32.0 / 9},
        {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
        {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
    };
    static final double[] B = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84};
    static final double[] E = {-71.0 / 57600, 0, 71.0 / 16695, -71.0 / 1920, 17253.0 / 339200, -22.0 / 525, 1.0 / 40};

    private final double rtol;
    private final double atol;
    private final int maxAttempts;

    /** k[0..6]: the stage derivatives; k[0] is f at the current point (FSAL), k[6] f at the new point. */
    private final double[][] k = new double[7][0];
    private double[] current = new double[0];
    private double[] next = new double[0];
    private double[] stage = new double[0];
    /** Per row, the sum of squared scaled error terms of the last attempted step (row-blocked variant). */
    private double[] rowSquares = new double[0];
    /** Per row, a second sum of squares: the initial-step rule's ‖f₀/sc‖² (row-blocked variant). */
    private double[] rowSquares2 = new double[0];
    /** Components per row of the error norm's sum of squares (see the class comment). */
    private int normRow;
    /** The row-blocked variant's system, pool and grain while it runs; null for the serial variant. */
    private RowSystem rows;
    private Parallel parallel;
    /** Row-blocked variant: rows, and the first row of each block (blockStarts[blocks] = rowCount). */
    private int rowCount, blocks;
    private int[] blockStarts = new int[0];

    private long evaluations;
    private int accepted;
    private int rejected;
    private double initialStep;

    /** rtol = atol = 1e-5, the KDE code's tolerances. */
    public DormandPrince54() {
        this(1e-5, 1e-5);
    }

    public DormandPrince54(double rtol, double atol) {
        this(rtol, atol, DEFAULT_MAX_ATTEMPTS);
    }

    /**
     * @param rtol        relative tolerance, finite and &gt; 0
     * @param atol        absolute tolerance, finite and ≥ 0
     * @param maxAttempts attempted steps (accepted + rejected) after which {@link #integrate} gives up
     */
    public DormandPrince54(double rtol, double atol, int maxAttempts) {
        this.rtol = Require.finite("rtol", Require.positive("rtol", rtol));
        this.atol = Require.finite("atol", Require.nonNegative("atol", atol));
        this.maxAttempts = Require.positive("maxAttempts", maxAttempts);
    }

    public double rtol() {
        return rtol;
    }

    public double atol() {
        return atol;
    }

    /**
     * Integrates y′ = f(t, y) from t₀ to t₁ (either direction), replacing y[0 .. n) by y(t₁).
     *
     * @throws IllegalArgumentException on bad arguments or a non-finite y(t₀)
     * @throws IllegalStateException    if the step size underflows (10 ulp of t) or {@code maxAttempts} is hit
     */
    public void integrate(OdeSystem f, double t0, double t1, double[] y, int n) {
        Require.notNull("f", f);
        rows = null;
        parallel = null;
        run(f, t0, t1, y, n);
    }

    /**
     * The row-blocked variant of {@link #integrate(OdeSystem, double, double, double[], int)} for a system of
     * independent rows: same steps, numbers and counts, each attempted step one parallel call over blocks of
     * about {@code rowGrain} rows.
     *
     * @param n        components, a multiple of {@code f.rowLength()}
     * @param rowGrain rows per block at least (rounded up to a multiple of {@code f.rowGroup()})
     */
    public void integrate(RowSystem f, double t0, double t1, double[] y, int n, Parallel parallel, int rowGrain) {
        Require.notNull("f", f);
        Require.notNull("parallel", parallel);
        Require.positive("rowGrain", rowGrain);
        int len = Require.positive("f.rowLength()", f.rowLength());
        Require.positive("f.rowGroup()", f.rowGroup());
        if (n % len != 0) throw new IllegalArgumentException("n = " + n + ": expected a multiple of f.rowLength() = " + len);
        this.rows = f;
        this.parallel = parallel;
        rowCount = n / len;
        if (rowSquares.length < rowCount) {
            rowSquares = new double[rowCount];
            rowSquares2 = new double[rowCount];
        }
        cutBlocks(f.rowGroup(), rowGrain, f.halvesGroups());
        f.prepareBlocks(blocks);
        try {
            run(f, t0, t1, y, n);
        } finally {
            this.rows = null;
            this.parallel = null;
        }
    }

    private void run(OdeSystem f, double t0, double t1, double[] y, int n) {
        normRow = f instanceof RowSystem r && r.rowLength() > 0 ? r.rowLength() : Math.max(1, n);
        Require.finite("t0", t0);
        Require.finite("t1", t1);
        Require.notNull("y", y);
        Require.positive("n", n);
        if (y.length < n) throw new IllegalArgumentException("y.length = " + y.length + ": expected >= n = " + n);
        // The row path checks on the pool: serial, the check and the two copies were ~6 ms of a 400 ms two-thread KDE
        // analysis at N = 20, d = 10⁵.
        if (rows == null || !Require.isFinite(parallel, y, n)) {
            for (int i = 0; i < n; i++) requireFinite(y, i);
        }
        evaluations = 0;
        accepted = 0;
        rejected = 0;
        initialStep = 0;
        if (t0 == t1) return;
        ensure(n);
        double dir = Math.signum(t1 - t0);
        double[] yc = current;
        copy(y, yc, n);
        if (rows == null) evaluate(f, t0, yc, k[0], n);
        else evaluateWithStartSquares(t0, yc, k[0]);
        evaluations++;
        double hAbs = selectInitialStep(f, t0, yc, k[0], t1, dir, n);
        initialStep = hAbs;
        double t = t0;
        int attempts = 0;
        while (true) {
            double minStep = 10 * Math.abs(Math.nextAfter(t, dir * Double.POSITIVE_INFINITY) - t);
            if (hAbs < minStep) hAbs = minStep;
            boolean stepRejected = false;
            double tNew;
            while (true) {
                if (hAbs < minStep)
                    throw new IllegalStateException("DOPRI5: step size " + hAbs + " fell below 10 ulp of t = " + t
                            + " after " + accepted + " accepted steps (rtol " + rtol + ", atol " + atol + ")");
                if (++attempts > maxAttempts)
                    throw new IllegalStateException("DOPRI5: more than " + maxAttempts + " attempted steps at t = " + t
                            + " (" + accepted + " accepted)");
                double h = hAbs * dir;
                tNew = t + h;
                if (dir * (tNew - t1) > 0) tNew = t1;
                h = tNew - t;
                hAbs = Math.abs(h);
                double err;
                if (rows == null) {
                    step(f, t, h, n);
                    err = errorNorm(h, n);
                } else {
                    err = stepRows(t, h, n);
                }
                if (err < 1) {
                    double factor = err == 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * Math.pow(err, ERROR_EXPONENT));
                    if (stepRejected) factor = Math.min(1, factor);
                    hAbs *= factor;
                    break;
                }
                // Python's max(0.2, nan) is 0.2: a non-finite error estimate shrinks the step by the minimum factor.
                double shrink = SAFETY * Math.pow(err, ERROR_EXPONENT);
                hAbs *= Double.isNaN(shrink) ? MIN_FACTOR : Math.max(MIN_FACTOR, shrink);
                stepRejected = true;
                rejected++;
            }
            accepted++;
            t = tNew;
            double[] swap = current;
            current = next;
            next = swap;
            swap = k[0];
            k[0] = k[6];
            k[6] = swap;
            if (dir * (t - t1) >= 0) break;
        }
        copy(current, y, n);
    }

    private static void requireFinite(double[] y, int i) {
        if (!Double.isFinite(y[i])) throw new IllegalArgumentException("y[" + i + "] = " + y[i] + ": expected a finite number");
    }

    /** Values per block of the row path's state copies. */
    private static final int COPY_GRAIN = 1 << 16;

    /** dst[0, n) = src[0, n): by blocks on the pool on the row path. */
    private void copy(double[] src, double[] dst, int n) {
        if (rows == null) System.arraycopy(src, 0, dst, 0, n);
        else parallel.forRange(n, COPY_GRAIN, (blk, from, to) -> System.arraycopy(src, from, dst, from, to - from));
    }

    /** One Dormand–Prince step from (t, current) with f(t, current) in k[0]: next and k[1..6]. */
    private void step(OdeSystem f, double t, double h, int n) {
        double[] y = current, ys = stage;
        for (int s = 1; s < 6; s++) {
            double[] a = A[s];
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int j = 0; j < s; j++) acc += k[j][i] * a[j];
                ys[i] = y[i] + acc * h;
            }
            f.evaluate(t + C[s] * h, ys, k[s]);
            evaluations++;
        }
        double[] yn = next;
        for (int i = 0; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < 6; j++) acc += k[j][i] * B[j];
            yn[i] = y[i] + h * acc;
        }
        f.evaluate(t + h, yn, k[6]);
        evaluations++;
    }

    /**
     * The blocks of the row-blocked variant: whole groups of {@code q} rows, about {@code rowGrain} rows each, cut
     * evenly (as {@link Parallel#forRange} cuts); with one group per block, an odd number of blocks and
     * {@code halves}, the middle group is cut in two so two threads get equal shares. The half group ends each
     * half (m = 20 in groups of 4: 4 + 4 + 2 | 4 + 4 + 2 rows instead of 12 | 8), because {@link Parallel} gives each
     * thread one half and a thread that finishes first takes blocks from the back of the other's: it then takes two
     * rows, not four (with 4 + 4 + 2 | 2 + 4 + 4 the calling thread waited for its helper's last block 11 % of the
     * KDE filter's parallel time at N = 20, d = 10³). The second half starts mid-group, which costs nothing: its
     * blocks hold whole groups' worth of rows, and rows are independent, so the cut moves no bit. With a short last
     * group the second half keeps the half group in front (so the halves keep equal block counts). The cut depends
     * on the sizes only.
     */
    private void cutBlocks(int q, int rowGrain, boolean halves) {
        int groups = (rowCount + q - 1) / q, grain = Math.max(1, (rowGrain + q - 1) / q);
        int even = Parallel.blockCount(groups, grain);
        int middle = halves && q % 2 == 0 && grain == 1 && even == groups && groups % 2 == 1 && groups >= 3 ? groups / 2 : -1;
        blocks = middle >= 0 ? even + 1 : even;
        if (blockStarts.length < blocks + 1) blockStarts = new int[blocks + 1];
        boolean halfLast = middle >= 0 && rowCount % q == 0;
        for (int b = 0, k = 0; b < even; b++) {
            int start = Math.min(rowCount, Parallel.blockStart(groups, even, b) * q);
            if (halfLast && b > middle) start += q / 2; // the second half: whole groups from mid-group, the half last
            blockStarts[k++] = start;
            if (b == middle) blockStarts[k++] = start + q / 2;
        }
        blockStarts[blocks] = rowCount;
    }

    /** f on all components: one call, or the rows in parallel blocks (row-blocked variant). */
    private void evaluate(OdeSystem f, double t, double[] y, double[] dydt, int n) {
        if (rows == null) {
            f.evaluate(t, y, dydt);
            return;
        }
        RowSystem rs = rows;
        int[] starts = blockStarts;
        parallel.forEach(blocks, (blk, from, to) -> rs.evaluateRows(t, y, dydt, starts[blk], starts[blk + 1], blk));
    }

    /**
     * {@link #step} and {@link #errorNorm} for a row system, block of rows by block of rows in parallel: the
     * same per-component arithmetic; each block leaves its rows' sums of squares, added in row order after.
     */
    private double stepRows(double t, double h, int n) {
        RowSystem rs = rows;
        int len = rs.rowLength();
        int[] starts = blockStarts;
        parallel.forEach(blocks, (blk, from, to) -> {
            int r0 = starts[blk], r1 = starts[blk + 1];
            stageRows(rs, t, h, r0 * len, r1 * len, r0, r1, blk);
        });
        evaluations += 6;
        double[] sq = rowSquares;
        double ss = 0;
        for (int r = 0; r < rowCount; r++) ss += sq[r];
        return Math.sqrt(ss) / Math.sqrt(n);
    }

    /** All stages, the new point and the error sums of squares of components [i0, i1) = rows [r0, r1). */
    private void stageRows(RowSystem rs, double t, double h, int i0, int i1, int r0, int r1, int blk) {
        double[] y = current, ys = stage, yn = next;
        for (int s = 1; s < 6; s++) {
            double[] a = A[s];
            for (int i = i0; i < i1; i++) {
                double acc = 0;
                for (int j = 0; j < s; j++) acc += k[j][i] * a[j];
                ys[i] = y[i] + acc * h;
            }
            rs.evaluateRows(t + C[s] * h, ys, k[s], r0, r1, blk);
        }
        for (int i = i0; i < i1; i++) {
            double acc = 0;
            for (int j = 0; j < 6; j++) acc += k[j][i] * B[j];
            yn[i] = y[i] + h * acc;
        }
        rs.evaluateRows(t + h, yn, k[6], r0, r1, blk);
        int len = rs.rowLength();
        for (int r = r0; r < r1; r++) rowSquares[r] = errorSquares(h, r * len, (r + 1) * len);
    }

    /** RMS over i of (h Σ_k e_k k_k[i]) / (atol + rtol·max(|y_old[i]|, |y_new[i]|)), summed row by row. */
    private double errorNorm(double h, int n) {
        double ss = 0;
        for (int i0 = 0; i0 < n; i0 += normRow) ss += errorSquares(h, i0, Math.min(n, i0 + normRow));
        return Math.sqrt(ss) / Math.sqrt(n);
    }

    /**
     * Σ over components [from, to) of the squared scaled error term: four accumulators over the components
     * from + 4q + a (a = 0 … 3), the tail into the first, combined as (s0 + s1) + (s2 + s3).
     */
    private double errorSquares(double h, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            double e0 = scaledError(h, i), e1 = scaledError(h, i + 1), e2 = scaledError(h, i + 2), e3 = scaledError(h, i + 3);
            s0 += e0 * e0;
            s1 += e1 * e1;
            s2 += e2 * e2;
            s3 += e3 * e3;
        }
        for (; i < to; i++) {
            double e = scaledError(h, i);
            s0 += e * e;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** (h Σ_k e_k k_k[i]) / (atol + rtol·max(|y_old[i]|, |y_new[i]|)). */
    private double scaledError(double h, int i) {
        double acc = 0;
        for (int j = 0; j < 7; j++) acc += k[j][i] * E[j];
        double sc = atol + Math.max(Math.abs(current[i]), Math.abs(next[i])) * rtol;
        return acc * h / sc;
    }

    /**
     * Row-blocked variant's first evaluation f₀ = f(t₀, y₀), each block then leaving its rows' sums of squares
     * of y₀/sc and f₀/sc for {@link #selectInitialStep} (sc = atol + rtol·|y₀|): one parallel call instead of a
     * serial pass over all n components after it (with d = 10³, N = 20 that pass and the probe's were 4 % of a
     * KDE analysis on one thread, serial on two).
     */
    private void evaluateWithStartSquares(double t0, double[] y0, double[] f0) {
        RowSystem rs = rows;
        int len = rs.rowLength();
        int[] starts = blockStarts;
        parallel.forEach(blocks, (blk, from, to) -> {
            int r0 = starts[blk], r1 = starts[blk + 1];
            rs.evaluateRows(t0, y0, f0, r0, r1, blk);
            for (int r = r0; r < r1; r++) {
                rowSquares[r] = scaledSquares(y0, r * len, (r + 1) * len);
                rowSquares2[r] = scaledSquares(y0, f0, r * len, (r + 1) * len);
            }
        });
    }

    /**
     * Hairer's rule as scipy's select_initial_step (order 4); uses k[1] and stage as scratch; one evaluation.
     * Its three sums of squares are taken row by row, as ‖err‖'s (the class comment): the row-blocked variant
     * forms the row sums inside its parallel blocks, the probe point and evaluation in the same call.
     */
    private double selectInitialStep(OdeSystem f, double t0, double[] y0, double[] f0, double t1, double dir, int n) {
        double interval = Math.abs(t1 - t0);
        double s0 = 0, s1 = 0;
        if (rows == null) {
            for (int i0 = 0; i0 < n; i0 += normRow) {
                int i1 = Math.min(n, i0 + normRow);
                s0 += scaledSquares(y0, i0, i1);
                s1 += scaledSquares(y0, f0, i0, i1);
            }
        } else {
            for (int r = 0; r < rowCount; r++) {
                s0 += rowSquares[r];
                s1 += rowSquares2[r];
            }
        }
        double rootN = Math.sqrt(n);
        double d0 = Math.sqrt(s0) / rootN, d1 = Math.sqrt(s1) / rootN;
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.min(h0, interval);
        double[] y1 = stage, f1 = k[1];
        double step = h0 * dir, tProbe = t0 + h0 * dir;
        double s2 = 0;
        if (rows == null) {
            for (int i = 0; i < n; i++) y1[i] = y0[i] + step * f0[i];
            f.evaluate(tProbe, y1, f1);
            for (int i0 = 0; i0 < n; i0 += normRow) s2 += scaledDifferenceSquares(y0, f0, f1, i0, Math.min(n, i0 + normRow));
        } else {
            RowSystem rs = rows;
            int len = rs.rowLength();
            int[] starts = blockStarts;
            parallel.forEach(blocks, (blk, from, to) -> {
                int r0 = starts[blk], r1 = starts[blk + 1];
                for (int i = r0 * len; i < r1 * len; i++) y1[i] = y0[i] + step * f0[i];
                rs.evaluateRows(tProbe, y1, f1, r0, r1, blk);
                for (int r = r0; r < r1; r++) rowSquares[r] = scaledDifferenceSquares(y0, f0, f1, r * len, (r + 1) * len);
            });
            for (int r = 0; r < rowCount; r++) s2 += rowSquares[r];
        }
        evaluations++;
        double d2 = Math.sqrt(s2) / rootN / h0;
        double h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1.0 / 5);
        return Math.min(Math.min(100 * h0, h1), interval);
    }

    /** Σ over [from, to) of (y₀[i]/sc_i)², sc_i = atol + rtol·|y₀[i]|, in index order. */
    private double scaledSquares(double[] y0, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            double a = y0[i] / (atol + Math.abs(y0[i]) * rtol);
            s += a * a;
        }
        return s;
    }

    /** Σ over [from, to) of (f₀[i]/sc_i)², sc_i = atol + rtol·|y₀[i]|, in index order. */
    private double scaledSquares(double[] y0, double[] f0, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            double b = f0[i] / (atol + Math.abs(y0[i]) * rtol);
            s += b * b;
        }
        return s;
    }

    /** Σ over [from, to) of ((f₁[i] − f₀[i])/sc_i)², sc_i = atol + rtol·|y₀[i]|, in index order. */
    private double scaledDifferenceSquares(double[] y0, double[] f0, double[] f1, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            double c = (f1[i] - f0[i]) / (atol + Math.abs(y0[i]) * rtol);
            s += c * c;
        }
        return s;
    }

    private void ensure(int n) {
        if (current.length >= n) return;
        for (int j = 0; j < 7; j++) k[j] = new double[n];
        current = new double[n];
        next = new double[n];
        stage = new double[n];
    }

    /** Right-hand-side evaluations of the last {@link #integrate}, initial-step probe included (scipy's nfev). */
    public long evaluations() {
        return evaluations;
    }

    /** Accepted steps of the last {@link #integrate} (scipy's {@code t.size − 1} without {@code t_eval}). */
    public int acceptedSteps() {
        return accepted;
    }

    /** Rejected step attempts of the last {@link #integrate}. */
    public int rejectedSteps() {
        return rejected;
    }

    /** |h| chosen by the initial-step rule in the last {@link #integrate}. */
    public double lastInitialStep() {
        return initialStep;
    }
}
