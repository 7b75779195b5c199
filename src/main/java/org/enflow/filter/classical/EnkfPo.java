package org.enflow.filter.classical;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.classical.linalg.Cholesky;
import org.enflow.filter.classical.linalg.SmallDense;
import org.enflow.filter.common.GaspariCohn;
import org.enflow.filter.common.Inflation;
import org.enflow.filter.common.RandomRotation;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;
import org.enflow.observe.Observation;

/**
 * The stochastic EnKF with perturbed observations (Burgers et al. 1998; DAPPER's {@code EnKF('PertObs')}):
 * <pre>
 *   P_xy = A Bᵀ/(N−1),  P_yy = B Bᵀ/(N−1),  x_i^a = x_i + P_xy (P_yy + R)⁻¹ (y + ε_i − h(x_i)),  ε_i ~ N(0, R)
 * </pre>
 * Each member draws its ε_i from its own FILTER stream. Optionally the ε_i are centred (DAPPER does;
 * enff-code does not; default: not). Without localization the gain is applied in ensemble space by the
 * Woodbury identity (cost O(pN² + N³ + dN²), never singular since I_N + B̃ᵀB̃ ≥ I). With a finite
 * {@code loc_radius} the covariances are Schur-multiplied by Gaspari–Cohn tapers, P_xy∘ρ_xy and
 * P_yy∘ρ_yy, with periodic distances between state index k and observation position (period d); that
 * path forms the p×p innovation covariance and the d×p gain densely (O(p³ + Ndp), memory O(dp + p²)).
 * Then multiplicative inflation and optional random rotation of the anomalies. With an aligned h (h_c(x) =
 * φ(x_c)), no localization and few members over many components, the ensemble-space products and the transform
 * stream over the ensemble ({@link StreamedProducts}; for N ≤ 32 with the same bits as the materialized arrays give).
 */
public final class EnkfPo implements Filter {
    /** Dense localized gains above this many entries (d·p) are refused: that is the LETKF's regime. */
    static final long MAX_LOCALIZED_GAIN_ENTRIES = 50_000_000L;

    private final int n;
    private final double inflationFactor;
    private final boolean rotate;
    private final boolean center;
    private final double halfWidth;
    private final Parallel parallel;
    private final Gaussian[] memberNoise;
    private final Gaussian rotationNoise;
    private final RandomRotation rotation;
    private final Inflation inflation;
    private final ObservedEnsemble oe = new ObservedEnsemble();
    private final Dense.Rows rows = new Dense.Rows();
    private final Dense.CrossWork cross = new Dense.CrossWork();
    private final StreamedProducts streams = new StreamedProducts();
    /** Tests turn this off to compare the streamed path with the materialized one on the same problem. */
    boolean streamed = true;
    private final double[] omega;
    private double[] u = new double[0], tmat = new double[0], transform = new double[0], gain = new double[0], s = new double[0];
    private double[] kf = new double[0], row = new double[0];
    private double[] xi = new double[0], work = new double[0], at = new double[0], bt = new double[0];
    private double[] zt = new double[0], dx = new double[0], zrow = new double[0];

    /**
     * @param locRadius DAPPER loc_rad (GC half-width 1.82·locRadius) or +∞ for none
     */
    public EnkfPo(int members, double inflation, boolean rotate, boolean centerPerturbations, double locRadius,
                  RandomStreams streams, Parallel parallel) {
        this.n = Keys.members(members);
        this.inflationFactor = Require.positive("inflation", inflation);
        this.inflation = new Inflation(inflation);
        this.rotate = rotate;
        this.center = centerPerturbations;
        this.halfWidth = GaspariCohn.halfWidth(locRadius);
        this.parallel = parallel == null ? Parallel.common() : parallel;
        Require.notNull("streams", streams);
        UniformRandomProvider[] rngs = streams.streams(RandomStreams.Purpose.FILTER, n + 1);
        this.memberNoise = new Gaussian[n];
        for (int i = 0; i < n; i++) memberNoise[i] = new Gaussian(rngs[i]);
        this.rotationNoise = rotate ? new Gaussian(rngs[n]) : null;
        this.rotation = rotate ? new RandomRotation(n) : null;
        this.omega = new double[n * n];
    }

    @Override
    public void assimilate(Ensemble e, Observation obs) {
        if (e.members() != n) throw new IllegalArgumentException("ensemble has " + e.members() + " members: expected " + n);
        int dim = e.dim();
        if (streamed && Double.isInfinite(halfWidth) && StreamedProducts.applies(n, dim, obs.operator())
                && ensembleSpaceIsCheaper(n, dim, dim)) {
            streamedUpdate(e, obs, dim);
            if (rotate) rotateAnomalies(e, dim);
            return;
        }
        oe.compute(e, obs, parallel, true);
        int d = oe.d, p = oe.p;
        if (u.length < n * p) u = new double[n * p];
        if (xi.length < n * p) xi = new double[n * p];
        // Whitened perturbed innovations u_i = R^{-1/2}(y + ε_i − h(x_i)) = d̂ + ξ_i − ŷ_i with ξ_i ~ N(0, I).
        // Each member's ξ_i comes from its own stream, so the members can be drawn in parallel.
        double[] yh = oe.whitened, dh = oe.innovation;
        int grain = Math.max(1, MEMBER_BLOCK_VALUES / p);
        if (center) {
            parallel.forRange(n, grain, (b, from, to) -> {
                for (int i = from; i < to; i++) memberNoise[i].fill(xi, i * p, p);
            });
            for (int l = 0; l < p; l++) {
                double m = 0;
                for (int i = 0; i < n; i++) m += xi[i * p + l];
                m /= n;
                for (int i = 0; i < n; i++) xi[i * p + l] -= m;
            }
            parallel.forRange(n, grain, (b, from, to) -> innovations(yh, dh, p, from, to));
        } else {
            parallel.forRange(n, grain, (b, from, to) -> {
                for (int i = from; i < to; i++) memberNoise[i].fill(xi, i * p, p);
                innovations(yh, dh, p, from, to);
            });
        }
        if (Double.isInfinite(halfWidth) && ensembleSpaceIsCheaper(n, d, p)) {
            ensembleSpaceUpdate(e, p, d);
        } else {
            gainUpdate(e, obs, p, d);
            inflation.apply(e, parallel);
        }
        if (rotate) rotateAnomalies(e, d);
    }

    /** Values (members × p) per parallel block of the perturbed innovations: ~30 µs of Gaussian draws. */
    private static final int MEMBER_BLOCK_VALUES = 1 << 13;

    /** u_i = d̂ + ξ_i − ŷ_i for members [from, to). */
    private void innovations(double[] yh, double[] dh, int p, int from, int to) {
        for (int i = from; i < to; i++) {
            int o = i * p;
            for (int l = 0; l < p; l++) u[o + l] = dh[l] + xi[o + l] - yh[o + l];
        }
    }

    /**
     * Ensemble space (Woodbury): with B̃ = Ŷ/√(N−1), K = I + B̃B̃ᵀ and t_ij = ŷ_j·u_i/√(N−1),
     * x_i^a = x_i + Σ_j c_ij a_j where c_i = K⁻¹t_i/√(N−1). K is symmetric, so the columns of K⁻¹Tᵀ are
     * the c_i; the update is the N×N transform G = I + Cᵀ applied to the anomalies. The inflation is
     * folded in, G' = (sI + (1−s)11ᵀ/N) G (anomalies about the analysis mean scaled by s), so the
     * ensemble is written once. K = ŶŶᵀ and Tᵀ = ŶUᵀ are Gram panels of the rows of Ŷ and U (parallel,
     * the same bits on any thread count), K = RᵀR by the row-oriented Cholesky, and K X = Tᵀ by two
     * substitutions over whole rows.
     */
    private void ensembleSpaceUpdate(Ensemble e, int p, int d) {
        int ld = ensembleSpaceWork();
        double[] yh = oe.whitened;
        Dense.cross(yh, yh, n, p, transform, kf, ld, cross, parallel);
        // Row j of Tᵀ: ŷ_j·u_i over i — equation j of K X = Tᵀ.
        Dense.cross(yh, u, n, p, transform, tmat, ld, cross, parallel);
        ensembleSpaceTransform();
        apply(e, transform, d);
    }

    /**
     * The ensemble-space update with an aligned h and few members over many components: the ξ_i are drawn as
     * always (member by member), then one streaming pass gives x̄, ŶŶᵀ and ŶUᵀ without the N×p arrays Ŷ, U and the
     * anomalies ({@link StreamedProducts}; for N ≤ 32 the bits those arrays and {@link Dense#cross} give), and the
     * transform is applied in place.
     */
    private void streamedUpdate(Ensemble e, Observation obs, int d) {
        if (xi.length < n * d) xi = new double[n * d];
        int grain = Math.max(1, MEMBER_BLOCK_VALUES / d);
        parallel.forRange(n, grain, (b, from, to) -> {
            for (int i = from; i < to; i++) memberNoise[i].fill(xi, i * d, d);
        });
        streams.compute(e.data(), n, d, obs, xi, center, parallel);
        int ld = ensembleSpaceWork();
        for (int i = 0; i < n; i++) {
            System.arraycopy(streams.gram, i * n, kf, i * ld, n);
            System.arraycopy(streams.cross, i * n, tmat, i * ld, n);
        }
        ensembleSpaceTransform();
        streams.transform(transform, e.data(), parallel);
    }

    /** Sizes the ensemble-space matrices; returns their padded row length. */
    private int ensembleSpaceWork() {
        int ld = SmallDense.padded(n);
        if (tmat.length < n * ld) {
            tmat = new double[n * ld];
            kf = new double[n * ld];
            transform = new double[n * n];
            row = new double[ld];
        }
        return ld;
    }

    /**
     * From kf = ŶŶᵀ and tmat = ŶUᵀ (rows padded to ld): K = I + ŶŶᵀ/(N−1) = RᵀR, K X = Tᵀ, and the transform G
     * (inflation folded in) in {@link #transform}.
     */
    private void ensembleSpaceTransform() {
        int ld = SmallDense.padded(n);
        double inv = 1.0 / (n - 1);
        // The O(N²) loops of this method run over rows on the pool, each entry computed as serially: at N = 500 they take
        // ~1.1 ms on one thread (per-call instrumentation), all of it serial inside a 45 ms two-thread analysis before.
        final double[] k = kf, tm = tmat, tr = transform;
        final int nn = n, rowGrain = Math.max(1, 8192 / n);
        parallel.forRange(n, rowGrain, (b, i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int r = i * ld;
                for (int j = 0; j < nn; j++) k[r + j] *= inv;
                k[r + i] += 1;
                for (int j = nn; j < ld; j++) k[r + j] = 0;
            }
        });
        int bad = Cholesky.factorUpper(parallel, kf, n, ld);
        if (bad >= 0)
            throw new IllegalStateException("EnKF-PO: I + B̃ᵀB̃ lost positive definiteness at pivot " + bad
                    + " (value " + kf[bad * ld + bad] + "); the ensemble or R is not finite");
        Cholesky.solveUpperTransposedRows(parallel, kf, n, ld, tmat, n);
        Cholesky.solveUpperRows(parallel, kf, n, ld, tmat, n);
        double s = inflationFactor;
        // G = I + Xᵀ/(N−1) in blocks of 32 rows, the solution read by its rows (contiguous) within a block.
        parallel.forRange(n, 32, (b, i0, i1) -> {
            for (int j = 0; j < nn; j++) {
                int rj = j * ld;
                for (int i = i0; i < i1; i++) tr[i * nn + j] = (i == j ? 1 : 0) + tm[rj + i] * inv;
            }
        });
        if (s != 1.0) {
            // Column sums of G in row order (as one serial pass adds them), over blocks of columns.
            final double[] sums = row;
            parallel.forRange(n, 64, (b, c0, c1) -> org.enflow.kernel.Blas.sumOfRows(tr, c0, nn, c1 - c0, nn, sums, c0));
            double c = (1 - s) / n;
            parallel.forRange(n, rowGrain, (b, i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    int r = i * nn;
                    for (int j = 0; j < nn; j++) tr[r + j] = s * tr[r + j] + c * sums[j];
                }
            });
        }
    }

    private double[] gramWork(int m, int nn, int len) {
        int need = org.enflow.kernel.Gram.workspaceLength(m, nn, len);
        if (work.length < need) work = new double[need];
        return work;
    }

    /** e ← 1x̄ᵀ + G A, written straight into e (the anomalies and mean are copies in oe). */
    private void apply(Ensemble e, double[] g, int d) {
        Dense.transform(g, n, oe.anomalies, d, oe.mean, e.data(), parallel, rows);
    }

    /**
     * Flop counts of the two exact forms without localization: the ensemble-space (Woodbury) form costs
     * N²(p + d) + N³/3, the gain form N·d·p + p³/3 + N·p². Large N with few observations (N = 10⁴, p = 2)
     * wants the gain form; the usual N ≪ p wants ensemble space. Ties go to ensemble space.
     */
    public static boolean ensembleSpaceIsCheaper(int n, int d, int p) {
        double ens = (double) n * n * (p + d) + (double) n * n * n / 3;
        double gain = (double) n * d * p + (double) p * p * p / 3 + (double) n * p * p;
        return ens <= gain * (1 + 1e-12);
    }

    /**
     * Gain form: Kᵀ = (P_yy∘ρ_yy + R)⁻¹ (P_xy∘ρ_xy)ᵀ is not formed; instead S = P_yy∘ρ_yy + R (p×p) is
     * factored, Z = S⁻¹ D for the N perturbed innovations D (p×N), and x_i += (P_xy∘ρ_xy) z_i with
     * (P_xy∘ρ_xy)ᵀ = (ρ ∘ Bᵀ A)/(N−1) (p×d). ρ ≡ 1 without localization. Covariances come from Gram
     * panels of the transposed anomalies; the solve runs on whole rows.
     */
    private void gainUpdate(Ensemble e, Observation obs, int p, int d) {
        boolean localize = !Double.isInfinite(halfWidth);
        if ((long) d * p > MAX_LOCALIZED_GAIN_ENTRIES)
            throw new IllegalArgumentException("EnKF-PO in gain form needs a dense " + d + "×" + p
                    + " matrix: more than " + MAX_LOCALIZED_GAIN_ENTRIES + " entries; use the LETKF for this size");
        double[] pos = localize ? obs.operator().positions() : null;
        if (localize && (pos == null || pos.length != p))
            throw new IllegalArgumentException("observation operator positions() has length "
                    + (pos == null ? "null" : pos.length) + ": expected " + p + " for localization");
        if (s.length < p * p) s = new double[p * p];
        if (gain.length < d * p) gain = new double[d * p];
        if (at.length < d * n) at = new double[d * n];
        if (bt.length < p * n) bt = new double[p * n];
        if (zt.length < p * n) zt = new double[p * n];
        double[] r = obs.variances(), isr = oe.invSqrtR, an = oe.anomalies, pred = oe.predicted, pm = oe.predictedMean;
        double inv = 1.0 / (n - 1);
        // The transposes over fixed member blocks: serial, they were a tenth of the analysis at N = 10⁴, d = p = 40.
        int tGrain = Math.max(16, MEMBER_BLOCK_VALUES * 4 / (d + 2 * p));
        parallel.forRange(n, tGrain, (b, from, to) -> {
            for (int i = from; i < to; i++) {
                for (int k = 0; k < d; k++) at[k * n + i] = an[i * d + k];
                for (int l = 0; l < p; l++) {
                    bt[l * n + i] = pred[i * p + l] - pm[l];
                    zt[l * n + i] = u[i * p + l] / isr[l]; // physical perturbed innovation y + ε_i − h(x_i)
                }
            }
        });
        org.enflow.kernel.Gram.compute(parallel, bt, 0, p, bt, 0, p, n, s, gramWork(p, p, n));
        for (int l = 0; l < p; l++)
            for (int m = 0; m < p; m++) {
                double rho = localize ? GaspariCohn.taper(GaspariCohn.periodicDistance(pos[l], pos[m], d), halfWidth) : 1;
                s[l * p + m] = s[l * p + m] * inv * rho + (l == m ? r[l] : 0);
            }
        int bad = Cholesky.factor(parallel, s, p);
        if (bad >= 0)
            throw new IllegalStateException("EnKF-PO: the innovation covariance P_yy∘ρ + R is not positive definite"
                    + " at observation " + bad + " (pivot value " + s[bad * p + bad] + ")");
        Cholesky.solveColumns(parallel, s, p, zt, n);
        // gain holds (P_xy∘ρ)ᵀ, p×d.
        org.enflow.kernel.Gram.compute(parallel, bt, 0, p, at, 0, d, n, gain, gramWork(p, d, n));
        for (int l = 0; l < p; l++) {
            int o = l * d;
            for (int k = 0; k < d; k++) {
                double rho = localize ? GaspariCohn.taper(GaspariCohn.periodicDistance(k, pos[l], d), halfWidth) : 1;
                gain[o + k] *= inv * rho;
            }
        }
        // x_i += Σ_l z_il (P_xy∘ρ)ᵀ_l, members in parallel; each block of members has its own scratch rows.
        double[] x = e.data();
        int grain = (int) Math.max(1, MEMBER_BLOCK_VALUES * 8L / Math.max(1L, (long) p * d));
        int blocks = Parallel.blockCount(n, grain);
        if (zrow.length < blocks * p) zrow = new double[blocks * p];
        if (dx.length < blocks * d) dx = new double[blocks * d];
        parallel.forRange(n, grain, (b, from, to) -> {
            int zo = b * p, dof = b * d;
            for (int i = from; i < to; i++) {
                for (int l = 0; l < p; l++) zrow[zo + l] = zt[l * n + i];
                org.enflow.kernel.Blas.weightedSumOfRows(zrow, zo, gain, 0, p, d, d, dx, dof);
                org.enflow.kernel.Blas.axpy(1.0, dx, dof, x, i * d, d);
            }
        });
    }

    private void rotateAnomalies(Ensemble e, int d) {
        oe.mean = Dense.grow(oe.mean, d); // the streamed path leaves oe unsized
        oe.anomalies = Dense.grow(oe.anomalies, n * d);
        if (rotation.rotatesDirectly(d)) {
            oe.meanAndAnomalies(e.data(), n, d, oe.mean, oe.anomalies, parallel);
            rotation.rotateColumns(rotationNoise, oe.anomalies, d, 1.0, oe.mean, e.data(), parallel);
            return;
        }
        rotation.draw(rotationNoise, omega, parallel);
        oe.meanAndAnomalies(e.data(), n, d, oe.mean, oe.anomalies, parallel);
        apply(e, omega, d);
    }

    @Override
    public String describe() {
        return "enkf-po(N=" + n + ", inflation=" + inflationFactor + (rotate ? ", rotate" : "")
                + (Double.isInfinite(halfWidth) ? "" : ", loc_radius=" + halfWidth / GaspariCohn.DAPPER_FACTOR)
                + (center ? ", centred perturbations" : "") + ")";
    }

    /** Factory for {@code --filter enkf}. */
    public static final class Factory implements FilterFactory {
        @Override
        public String name() {
            return "enkf";
        }

        @Override
        public String description() {
            return "stochastic EnKF with perturbed observations, optional Gaspari-Cohn localization";
        }

        @Override
        public List<FilterParameter> parameters() {
            return List.of(Keys.INFLATION_PARAM, Keys.ROTATE_PARAM,
                    new FilterParameter(Keys.LOC_RADIUS, "inf",
                            "Gaspari-Cohn localization radius loc_rad in grid units (half-width 1.82 loc_rad); inf = none"),
                    new FilterParameter(Keys.CENTER_PERTURBATIONS, "false",
                            "subtract the ensemble mean of the observation perturbations (DAPPER does)"));
        }

        @Override
        public Filter create(FilterContext c, FilterSettings s) {
            return new EnkfPo(c.members(), s.positive(Keys.INFLATION), s.bool(Keys.ROTATE), s.bool(Keys.CENTER_PERTURBATIONS),
                    Keys.locRadius(s), c.streams(), Keys.parallel(c));
        }
    }
}
