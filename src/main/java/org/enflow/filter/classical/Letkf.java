package org.enflow.filter.classical;

import java.util.List;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.common.GaspariCohn;
import org.enflow.filter.common.RandomRotation;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * The local ensemble transform Kalman filter (Hunt, Kostelich &amp; Szunyogh 2007) with domain
 * localization and R-localization by Gaspari–Cohn (DAPPER's {@code LETKF}). For every grid point k the
 * ETKF is solved with the observations whose taper ρ_kl = GC(dist(k, l); c) exceeds
 * {@link GaspariCohn#DAPPER_CUTOFF}, each whitened row weighted by √ρ_kl (R_loc⁻¹ = diag(ρ)R⁻¹), and
 * only component k is updated. A grid point without local observations keeps its forecast.
 *
 * <p>Conventions: {@code loc_radius} is DAPPER's loc_rad, the GC half-width is c = 1.82·loc_rad; the
 * distance between state index k and observation l is periodic, min(|k − pos_l|, d − |k − pos_l|), with
 * pos_l from {@link ObservationOperator#positions()} and the state dimension d as the period (1-D grids).
 * One grid point per analysis (DAPPER's L96 setup batches 2 neighbouring points per analysis; see
 * docs/filters.md). Inflation and the optional rotation act on the analysis anomalies
 * globally, after the local analyses.
 *
 * <p>Performance: when every grid point has at most (N − 1)/2 candidate observations (large ensembles),
 * each local problem is solved through its p_k×p_k observation-space eigenproblem
 * ({@link LocalTransformObservationSpace}: ~9p_k³ + 4p_kN flops, in blocks of 4 grid points). Otherwise
 * grid points are processed in groups of one SIMD vector (8 points on AVX-512), each lane an independent
 * ensemble-space problem (see {@link LocalTransform}: ~(4/3)N³ flops). Either way blocks run in parallel,
 * each thread with its own workspace, so nothing is allocated per grid point and results do not depend
 * on the thread count.
 */
public final class Letkf implements Filter {
    private final int n;
    private final double locRadius, halfWidth, cutoffDistance;
    private final double inflation;
    private final boolean rotate;
    private final Parallel parallel;
    private final Gaussian rotationNoise;
    private final RandomRotation rotation;
    private final double[] omega;
    private final ObservedEnsemble oe = new ObservedEnsemble();
    private final Dense.Rows rows = new Dense.Rows();
    private final LocalProblem pb = new LocalProblem();
    private final Worker[] pool = new Worker[Parallel.MAX_BLOCKS];
    private int pooled;
    private ObservationOperator cachedOperator;
    private int cachedPeriod;
    private double[] wrapped = new double[0], sorted = new double[0];
    private int[] order = new int[0];
    /** Most observations within the cutoff distance of one grid point (cached with the positions). */
    private int maxCandidates;

    /**
     * @param locRadius DAPPER loc_rad &gt; 0 (c = 1.82·loc_rad), or +∞ for no localization (ρ ≡ 1)
     */
    public Letkf(int members, double inflation, boolean rotate, double locRadius, RandomStreams streams, Parallel parallel) {
        this.n = Keys.members(members);
        this.inflation = Require.positive("inflation", inflation);
        this.rotate = rotate;
        this.locRadius = locRadius;
        this.halfWidth = GaspariCohn.halfWidth(locRadius);
        this.cutoffDistance = GaspariCohn.cutoffDistance(halfWidth, GaspariCohn.DAPPER_CUTOFF);
        this.parallel = parallel == null ? Parallel.common() : parallel;
        this.rotationNoise = rotate ? new Gaussian(Require.notNull("streams", streams).stream(RandomStreams.Purpose.FILTER, n)) : null;
        this.rotation = rotate ? new RandomRotation(n) : null;
        this.omega = rotate ? new double[n * n] : null;
    }

    /** A thread's kernels, each created on first use (the ensemble-space one holds ~3·N²·lanes doubles). */
    private static final class Worker {
        private final int members;
        private LocalTransform kernel;
        private LocalTransformObservationSpace small;
        int[] obs = new int[0], obs1 = new int[0];

        Worker(int members) {
            this.members = members;
        }

        LocalTransform kernel() {
            if (kernel == null) kernel = LocalTransform.create(members);
            return kernel;
        }

        LocalTransformObservationSpace small() {
            if (small == null) small = new LocalTransformObservationSpace(members);
            return small;
        }
    }

    @Override
    public void assimilate(Ensemble e, Observation obs) {
        if (e.members() != n) throw new IllegalArgumentException("ensemble has " + e.members() + " members: expected " + n);
        oe.compute(e, obs, parallel, true);
        int d = oe.d, p = oe.p;
        preparePositions(obs.operator(), d, p);
        pb.n = n;
        pb.d = d;
        pb.p = p;
        pb.anomalies = oe.anomalies;
        pb.mean = oe.mean;
        pb.whitened = oe.whitened;
        pb.innovation = oe.innovation;
        pb.positions = wrapped;
        pb.period = d;
        pb.halfWidth = halfWidth;
        pb.cutoff = GaspariCohn.DAPPER_CUTOFF;
        pb.inflation = inflation;
        pb.out = e.data();
        if (observationSpace()) {
            int blocks = (d + LocalTransformObservationSpace.BLOCK - 1) / LocalTransformObservationSpace.BLOCK;
            // Grain: ~0.5 ms of work per parallel block, at ~1 GFLOP/s for the small eigenproblems.
            long flopsPerBlock = LocalTransformObservationSpace.BLOCK * (9L * maxCandidates * maxCandidates * maxCandidates
                    + 4L * maxCandidates * n) + (long) maxCandidates * maxCandidates * n;
            int grain = (int) Math.max(1, Math.min(1 << 20, 500_000 / Math.max(1, flopsPerBlock)));
            if (Parallel.blockCount(blocks, grain) == 1) analyzeBlocks(0, blocks, p, d);
            else parallel.forRange(blocks, grain, (block, from, to) -> analyzeBlocks(from, to, p, d));
            if (rotate) rotateAnomalies(e, d);
            return;
        }
        int lanes = lanesOf();
        int groups = (d + lanes - 1) / lanes;
        int units = (groups + 1) / 2; // pairs of groups
        // Grain: ~0.5 ms of work per block at roughly 2 µs per grid point for N = 20, scaled as N³.
        int grain = Math.max(1, (int) (16L * 8000 / ((long) n * n * n + 1000) * 8 / lanes));
        if (Parallel.blockCount(units, grain) == 1) analyzeUnits(0, units, lanes, p, d); // inline: no lambda
        else parallel.forRange(units, grain, (block, from, to) -> analyzeUnits(from, to, lanes, p, d));
        if (rotate) rotateAnomalies(e, d);
    }

    /**
     * Whether the local problems are solved in observation space ({@link LocalTransformObservationSpace}):
     * when every grid point has at most (N − 1)/2 candidate observations, where its p_k×p_k eigenproblem
     * (~9p_k³ flops) is cheaper than the ensemble-space kernel's (4/3)N³. The test depends on N, the
     * positions and the radius only, not on the SIMD width or the thread count.
     */
    boolean observationSpace() {
        return forcedPath != null ? forcedPath : 2L * maxCandidates <= n - 1;
    }

    /** Tests only: forces the observation-space (true) or ensemble-space (false) path; null chooses. */
    Boolean forcedPath;

    /** Blocks [from, to) of {@link LocalTransformObservationSpace#BLOCK} grid points, on a pooled worker. */
    private void analyzeBlocks(int from, int to, int p, int d) {
        Worker wk = acquire();
        if (wk.obs.length < p) {
            wk.obs = new int[p];
            wk.obs1 = new int[p];
        }
        try {
            LocalTransformObservationSpace kernel = wk.small();
            for (int blk = from; blk < to; blk++) {
                int k0 = blk * LocalTransformObservationSpace.BLOCK;
                int valid = Math.min(LocalTransformObservationSpace.BLOCK, d - k0);
                int count = localObservations(wk.obs, k0, valid, p, d);
                kernel.block(pb, k0, valid, wk.obs, count);
            }
        } finally {
            release(wk);
        }
    }

    /** Pairs of groups [from, to) of {@code lanes} grid points each, on a pooled worker. */
    private void analyzeUnits(int from, int to, int lanes, int p, int d) {
        Worker wk = acquire();
        if (wk.obs.length < p) {
            wk.obs = new int[p];
            wk.obs1 = new int[p];
        }
        try {
            for (int unit = from; unit < to; unit++) {
                int k0 = 2 * unit * lanes;
                int valid0 = Math.min(lanes, d - k0);
                int count0 = localObservations(wk.obs, k0, valid0, p, d);
                if (valid0 < lanes || k0 + lanes >= d) {
                    wk.kernel().group(pb, k0, valid0, wk.obs, count0);
                    continue;
                }
                int valid1 = Math.min(lanes, d - k0 - lanes);
                int count1 = localObservations(wk.obs1, k0 + lanes, valid1, p, d);
                wk.kernel().pair(pb, k0, wk.obs, count0, valid1, wk.obs1, count1);
            }
        } finally {
            release(wk);
        }
    }

    private int lanesOf() {
        Worker wk = acquire();
        int l = wk.kernel().lanes();
        release(wk);
        return l;
    }

    private synchronized Worker acquire() {
        if (pooled > 0) return pool[--pooled];
        return new Worker(n);
    }

    private synchronized void release(Worker w) {
        if (pooled < pool.length) pool[pooled++] = w;
    }

    /** Wraps positions into [0, d) and sorts them, once per operator instance and dimension. */
    private void preparePositions(ObservationOperator h, int d, int p) {
        if (h == cachedOperator && d == cachedPeriod) return;
        double[] pos = h.positions();
        if (pos == null || pos.length != p)
            throw new IllegalArgumentException("observation operator " + h.describe() + ": positions() has length "
                    + (pos == null ? "null" : pos.length) + ": expected " + p + " for localization");
        wrapped = new double[p];
        for (int l = 0; l < p; l++) {
            if (!Double.isFinite(pos[l]))
                throw new IllegalArgumentException("observation position " + l + " = " + pos[l] + ": expected a finite number");
            double w = pos[l] % d;
            if (w < 0) w += d;
            if (w >= d) w = 0;
            wrapped[l] = w;
        }
        Integer[] idx = new Integer[p];
        for (int l = 0; l < p; l++) idx[l] = l;
        final double[] wr = wrapped;
        java.util.Arrays.sort(idx, (x, y) -> x.intValue() == y.intValue() ? 0
                : wr[x] != wr[y] ? Double.compare(wr[x], wr[y]) : Integer.compare(x, y));
        order = new int[p];
        sorted = new double[p];
        for (int l = 0; l < p; l++) {
            order[l] = idx[l];
            sorted[l] = wrapped[idx[l]];
        }
        cachedOperator = h;
        cachedPeriod = d;
        int most = 0;
        for (int k = 0; k < d; k++) most = Math.max(most, countWithin(k - cutoffDistance, k + cutoffDistance, p, d));
        maxCandidates = most;
    }

    /** Number of observations with wrapped position in [lo, hi] on the circle of period d. */
    private int countWithin(double lo, double hi, int p, int d) {
        if (hi - lo >= d) return p;
        if (lo < 0) return upTo(d) - below(lo + d) + upTo(hi);
        if (hi >= d) return upTo(d) - below(lo) + upTo(hi - d);
        return upTo(hi) - below(lo);
    }

    /** Sorted positions &lt; x. */
    private int below(double x) {
        int a = 0, b = sorted.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (sorted[m] < x) a = m + 1;
            else b = m;
        }
        return a;
    }

    /** Sorted positions ≤ x. */
    private int upTo(double x) {
        int a = 0, b = sorted.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (sorted[m] <= x) a = m + 1;
            else b = m;
        }
        return a;
    }

    /** Observations within the cutoff distance of any point of the group, in sorted-position order. */
    private int localObservations(int[] out, int k0, int valid, int p, int d) {
        double lo = k0 - cutoffDistance, hi = k0 + valid - 1 + cutoffDistance;
        if (hi - lo >= d) {
            System.arraycopy(order, 0, out, 0, p);
            return p;
        }
        int count = 0;
        if (lo < 0) {
            count = collect(lo + d, d, out, count);
            count = collect(0, hi, out, count);
        } else if (hi >= d) {
            count = collect(lo, d, out, count);
            count = collect(0, hi - d, out, count);
        } else {
            count = collect(lo, hi, out, count);
        }
        return count;
    }

    /** Appends the observations with sorted position in [from, to]. */
    private int collect(double from, double to, int[] out, int count) {
        for (int i = below(from); i < sorted.length && sorted[i] <= to; i++) out[count++] = order[i];
        return count;
    }

    /** Ω applied to the analysis anomalies, written straight into e (the anomalies are a copy in oe). */
    private void rotateAnomalies(Ensemble e, int d) {
        double[] x = e.data();
        if (rotation.rotatesDirectly(d)) {
            oe.meanAndAnomalies(x, n, d, oe.mean, oe.anomalies, parallel);
            rotation.rotateColumns(rotationNoise, oe.anomalies, d, 1.0, oe.mean, x, parallel);
            return;
        }
        rotation.draw(rotationNoise, omega, parallel);
        oe.meanAndAnomalies(x, n, d, oe.mean, oe.anomalies, parallel);
        Dense.transform(omega, n, oe.anomalies, d, oe.mean, x, parallel, rows);
    }

    @Override
    public String describe() {
        return "letkf(N=" + n + ", inflation=" + inflation + ", loc_radius=" + locRadius + (rotate ? ", rotate" : "") + ")";
    }

    /** Factory for {@code --filter letkf}. */
    public static final class Factory implements FilterFactory {
        @Override
        public String name() {
            return "letkf";
        }

        @Override
        public String description() {
            return "local ETKF: domain + R-localization by Gaspari-Cohn (DAPPER convention c = 1.82 loc_radius), periodic 1-D grid";
        }

        @Override
        public List<FilterParameter> parameters() {
            return List.of(Keys.INFLATION_PARAM, Keys.ROTATE_PARAM,
                    new FilterParameter(Keys.LOC_RADIUS, "4",
                            "localization radius loc_rad in grid units (GC half-width 1.82 loc_rad, cutoff 1e-3); inf = none"));
        }

        @Override
        public Filter create(FilterContext c, FilterSettings s) {
            return new Letkf(c.members(), s.positive(Keys.INFLATION), s.bool(Keys.ROTATE), Keys.locRadius(s), c.streams(),
                    Keys.parallel(c));
        }
    }
}
