package org.enflow.filter.generative;

import java.util.Arrays;
import org.enflow.kernel.AttentionKeys;
import org.enflow.kernel.FusedSoftmax;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * The streaming engine behind EnFF and EnSF: m particles (rows of {@code state}) are moved by a sequence
 * of field evaluations whose weights are softmaxes over n members,
 *
 * <pre>
 *   w_ij  = softmax_j( −scale·‖src_i − (κ_f x^f_j + κ_p x^a_j)‖² [− E(x^f_j)] )      (or w = I: paired)
 *   B_i   = c_z·src_i + Σ_j w_ij (c_f x^f_j + c_p x^a_j)                          (velocity / prior score)
 *   F_i   = clamp( B_i + γ_g·J_hᵀR⁻¹(y − h(P_i)) ),  P_i = src_i + γ_p·B_i          (guidance / likelihood)
 *   tgt_i = c_x·X_i + c_F·F_i [+ c_1·F1_i] [+ σ_ξ·ξ_i]                             (Euler, Heun, EM, ODE …)
 * </pre>
 *
 * <p>The weights of one evaluation need squared distances over all d components, so each pass streams
 * over d in chunks of {@link #chunk} components (sized so the chunk's rows of x^f, x^a, particles and path
 * means stay in L2) and, in the same pass, (1) applies this evaluation's update
 * to the chunk using the weights computed from the previous pass, then (2) accumulates the partial squared
 * distances of the updated chunk to the <em>next</em> evaluation's path means, by direct differences. One
 * field evaluation is thus one streaming pass over x^f, x^a and the particles. Passes run in parallel
 * over blocks of components (and of particles when d is small); block partial distances are combined in
 * block order with compensated sums, so results are bit-identical for any thread count. With an
 * observation operator that is not componentwise, the guidance is computed on whole vectors between two
 * half passes.
 *
 * <p>Not thread-safe; allocates only when the problem size grows.
 */
final class FlowEngine {
    /** Bytes of one chunk's working set (x^f, x^a, particle and path-mean rows): about 60% of a 1 MiB L2. */
    static final int CHUNK_BYTES = 640 << 10;

    /** The particle arrays a pass can read or write. */
    enum Slot { STATE, STAGE }

    /** One field evaluation (see the class comment); mutable and reused, so building a schedule allocates nothing. */
    static final class Evaluation {
        double t;
        boolean pairedWeights;
        double keyForecast, keyPrevious, scale;
        boolean likelihoodBias;
        double selfCoefficient, forecastCoefficient, previousCoefficient;
        boolean gradient;
        double gradientShift, gradientGain, clamp = Double.POSITIVE_INFINITY;
        /** The field is a score that is clamped (possibly at +∞): always form it explicitly, so C = ∞ changes nothing. */
        boolean clampedScore;
        Slot source = Slot.STATE, base = Slot.STATE, target = Slot.STATE;
        double baseCoefficient = 1.0, fieldCoefficient, storedCoefficient;
        boolean storeField, noise;
        double noiseScale;

        void reset() {
            t = 0;
            pairedWeights = false;
            keyForecast = keyPrevious = scale = 0;
            likelihoodBias = false;
            selfCoefficient = forecastCoefficient = previousCoefficient = 0;
            gradient = false;
            gradientShift = gradientGain = 0;
            clamp = Double.POSITIVE_INFINITY;
            clampedScore = false;
            source = base = target = Slot.STATE;
            baseCoefficient = 1;
            fieldCoefficient = storedCoefficient = 0;
            storeField = noise = false;
            noiseScale = 0;
        }

        boolean needsDistances() {
            return !pairedWeights;
        }
    }

    private static final int FUSED = 0, PHASE_A = 1, PHASE_B = 2;

    /** Many particles and members at moderate d: weights by the fused tiled kernel instead of streamed distances. */
    static final int DENSE_MIN_POINTS = 128, DENSE_MAX_DIM = 4096;

    private final Parallel parallel;
    private final ThreadLocal<double[]> scratch = ThreadLocal.withInitial(() -> new double[0]);
    /** Per thread: the nonzero terms of one row group's weighted sums (see {@link #groupBase}). */
    private final ThreadLocal<GroupTerms> groupTerms = ThreadLocal.withInitial(GroupTerms::new);

    /** The terms of a row group in CSR form: row r's terms are [start[r], start[r+1]) of xo and coef. */
    private static final class GroupTerms {
        int[] start = new int[ROW_GROUP + 1], xo = new int[0];
        double[] coef = new double[0];
    }

    private int m, n, d;
    private double[] forecast, previous, state;
    private double[] stage = new double[0], field = new double[0], noise = new double[0];
    private NoiseSource noiseSource;
    private double[] baseFull = new double[0], pointFull = new double[0], gradFull = new double[0];
    private double[] predicted = new double[0];
    /** The dense regime's keys and values: combinations of the forecast and the previous analysis (rows set at bind). */
    private final AttentionKeys denseKeys = new AttentionKeys();
    /** Whether denseKeys holds the rows of the current bind (laid out on the first dense evaluation after it). */
    private boolean denseRowsSet;
    private boolean dense;
    /** Tests turn this off to compare the dense (tiled) and streamed regimes on the same problem. */
    boolean allowDense = true;
    /** Tests turn this off to compare weights computed in the pass with weights computed before it. */
    boolean allowWeighInPass = true;
    /** The pass under way computes its rows' weights first (see weighsInPass), and then clears their distances. */
    private boolean weighInPass, clearInPass, clearPartialsInPass;
    private double[] d2 = new double[0], weights = new double[0], partials = new double[0], bias = new double[0];
    private int[] nonzero = new int[0], nonzeroCount = new int[0];
    private long[] clampCounts = new long[0];
    private int dGrain, rowGrain, dBlocks, rowBlocks;
    /** Particles are cut into several row blocks although d is one block (see bind and rowCuts). */
    private boolean groupedRows;
    /** Per row block: its particles [rowFrom, rowTo) (empty for a tapered layout's padding). */
    private int[] rowFrom = new int[0], rowTo = new int[0];
    /** Particles whose distances one kernel call accumulates together. */
    private static final int ROW_GROUP = 4;
    /** Members' values (n·d) up to which x^f and x^a stay in a core's L2 and row blocks can be small; see rowCuts. */
    private static final long SMALL_KEYS = 1 << 16;
    /** Components per chunk: a power of two in [256, 4096], ≈ CHUNK_BYTES / (8·(3n + 8)) (1024 for n = 20). */
    private int chunk = 512;

    // One-hot certification (see certifies): the next evaluation's distances to its anchors only, when a bound proves
    // that its softmax weights are exactly one-hot; then the pass skips the other members' keys and distances.
    /** Tests turn this off to compare with always-full distances. */
    boolean allowCertify = true;
    /** Tests turn this on to take the fallback (full distances after anchored ones) every time. */
    boolean failAnchoredCertification;
    /** Fewest evaluations still to come for which the members' pair sums (about two evaluations' distances) pay off. */
    static final int CERTIFY_MIN_EVALUATIONS = 5;
    /** Logit gap the bound must prove: exp underflows to exactly +0 below −746, and 54 to spare. */
    static final double CERTIFY_GAP = 800;
    /**
     * Growth of a particle's squared distance to its anchor's path mean that the prediction "the next evaluation will
     * certify too" allows for: guidance moves the particles off their path means as the flow goes on (by 3–10 % per
     * step after the first on the benchmark data), and a failed certification costs an extra distance pass. The first
     * step is never predicted from: it moves the particles from the source, where they sit on their path means, by
     * the first guidance kick (on the l96-1m preset, σ_min = 0.1, by a factor of 380 in squared distance).
     */
    static final double ANCHOR_GROWTH = 1.25;
    /** Per particle: the member its one-hot weights select. */
    private int[] anchor = new int[0];
    /** The last evaluation's weights were certified (anchors and anchorD2 are its own). */
    private boolean weightsCertified;
    /** What d2 holds for the coming evaluation: only each particle's squared distance to its anchor, in anchorD2. */
    private boolean anchoredDistances;
    /** The pass under way accumulates anchored distances (for its next evaluation), not full ones. */
    private boolean anchoredPass;
    private double[] anchorPartials = new double[0], anchorD2 = new double[0];
    /** Certification is off until the next bind (it failed, or too few evaluations were left to pay for the pair sums). */
    private boolean certifyOff;
    private int evaluationsLeft, evaluationsDone;
    /**
     * Σ_c over all components of (x^f_j − x^f_k)², (x^a_j − x^a_k)² and (x^f_j − x^a_k)², n×n each (only the first
     * without x^a), then ‖x^f_j‖² and ‖x^a_j‖², n each; null until needed.
     */
    double[] pairSums;
    /** The array behind pairSums, kept across analyses. */
    private double[] pairSumsStore;
    private double[] pairPartials = new double[0];
    /** Diagnostics for tests: evaluations whose weights were certified, certifications that failed, weights computed in the pass. */
    long certifiedEvaluations, certifyFailures, weighedInPass;

    private ObservationOperator operator;
    private double[] observed, precision, likelihoodWeights;
    private boolean componentwise;
    private long clampHits;
    // Finishing (inflation, output copy, finiteness) fused into the last pass when every task holds all rows.
    private boolean finishInPass, finishBad;
    private double finishInflation;
    private double[] finishOutput;

    FlowEngine(Parallel parallel) {
        this.parallel = parallel;
    }

    // ---------------------------------------------------------------------------- setup

    /** Binds m particles (the rows of {@code state}, m×d) and n members (n×d; previous may be null). */
    void bind(double[] state, int m, double[] forecast, double[] previous, int n, int d) {
        this.state = state;
        this.m = m;
        denseRowsSet = false;
        this.forecast = forecast;
        this.previous = previous;
        this.n = n;
        this.d = d;
        long work = (long) m * n;
        int fit = Integer.highestOneBit((int) Math.max(1, CHUNK_BYTES / (8L * (3L * Math.min(n, 1 << 20) + 8))));
        chunk = Math.max(256, Math.min(4096, fit));
        // Component blocks depend only on (m, n, d), never on the thread count (grouped row cuts may: see rowCuts).
        if (d >= 4 * chunk || m < 64) {
            rowGrain = m;
            dGrain = (int) Math.max(chunk, Math.min(d, (1L << 18) / Math.max(1, m + n)));
        } else {
            dGrain = d;
            // Particles per block: about 2^18 multiply-adds against all members (~50–100 µs). 2^16 cut EnSF at
            // N = 500, d = 40 into 125 blocks of a few µs each, and the per-block overhead held two threads to 1.7×.
            rowGrain = (int) Math.max(4, (1L << 18) / Math.max(1, (long) d * n));
        }
        // Partial distances take dBlocks·m·n doubles: keep them under 2^24 (128 MiB) for many particles.
        long maxBlocks = Math.max(1, (1L << 24) / Math.max(1, work));
        dGrain = (int) Math.max(dGrain, (d + maxBlocks - 1) / maxBlocks);
        dBlocks = evenBlocks(Parallel.blockCount(d, dGrain));
        rowBlocks = Parallel.blockCount(m, rowGrain);
        // A moderate d (EnFF at d = 10^4, EnSF at 10^3, KS at 1024) fits in one block of components, which left
        // the second thread idle. Then cut the particles instead (see rowCuts), and form the next evaluation's
        // keys in the distance kernel's registers (distanceRows) rather than per task and chunk.
        groupedRows = dBlocks == 1 && rowBlocks == 1 && m >= 2 * ROW_GROUP;
        rowBlocks = rowCuts();
        dense = allowDense && m >= DENSE_MIN_POINTS && n >= DENSE_MIN_POINTS && d <= DENSE_MAX_DIM;
        // The m×n distances, weights and nonzero lists only where a pass uses them: the dense regime streams its
        // weights through the tiles (or, paired, uses none), and at N = 10⁴ these arrays were 2.4 GB per engine.
        if (!dense) {
            d2 = ensure(d2, work);
            weights = ensure(weights, work);
            // One block of components: its partial distances are the distances, accumulated straight into d2 (Kahan
            // over one block is 0 + x = x, and sums of squares are never −0), saving a serial copy per evaluation.
            partials = dBlocks == 1 ? d2 : ensure(partials == d2 ? new double[0] : partials, work * dBlocks);
            if (nonzero.length < work) nonzero = new int[(int) work];
        }
        bias = ensure(bias, n);
        if (nonzeroCount.length < m) nonzeroCount = new int[m];
        if (clampCounts.length < (long) dBlocks * rowBlocks) clampCounts = new long[dBlocks * rowBlocks];
        if (anchor.length < m) anchor = new int[m];
        anchorD2 = ensure(anchorD2, m);
        anchorPartials = ensure(anchorPartials, (long) dBlocks * m);
        pairSums = null; // the members changed
        certifyOff = false;
        anchoredDistances = weightsCertified = false;
        evaluationsLeft = evaluationsDone = 0; // until distances(e, evaluations) starts a schedule
    }

    /**
     * An odd number of component blocks above one rounded up to the next even one (within {@link Parallel#MAX_BLOCKS}):
     * whole blocks are the unit of work, so 7 blocks (N = 100, d = 10⁴) share out 4 : 3 over two threads, a cap of
     * 1.75× that EnFF-F2P, EnFF-OT and EnSF there sat under in every measurement. Depends on (m, n, d) only.
     */
    static int evenBlocks(int blocks) {
        return blocks > 1 && blocks % 2 == 1 && blocks < Parallel.MAX_BLOCKS ? blocks + 1 : blocks;
    }

    /** Sets the observation for gradient and likelihood terms (null: none). */
    void observe(Observation obs) {
        if (obs == null) return; // no gradient or likelihood term is evaluated without an observation
        if (obs.operator() != operator || likelihoodWeights == null) {
            likelihoodWeights = obs.operator().likelihoodWeights(); // once per operator: it allocates
        }
        operator = obs.operator();
        observed = obs.values();
        double[] var = obs.variances();
        precision = ensure(precision == null ? new double[0] : precision, var.length);
        // R⁻¹ times the operator's likelihood weight (0 for identically-zero masked outputs).
        for (int k = 0; k < var.length; k++) precision[k] = likelihoodWeights[k] / var[k];
        componentwise = operator.isComponentwise();
    }

    double[] state() {
        return state;
    }

    int particles() {
        return m;
    }

    int dim() {
        return d;
    }

    /** The Heun stage / EnSF scratch particle array (m×d), allocated on first use. */
    double[] stage() {
        stage = ensure(stage, (long) m * d);
        return stage;
    }

    /**
     * The EM noise array (m×d), allocated on first use; the caller fills it before a noisy evaluation unless
     * {@link #fillsNoiseInPass()}.
     */
    double[] noise() {
        noise = ensure(noise, (long) m * d);
        return noise;
    }

    /** Fills particle i's noise row (len values at dst[off..]) from that particle's own random stream. */
    @FunctionalInterface
    interface NoiseSource {
        void fill(int particle, double[] dst, int off, int len);
    }

    /** Lets noisy evaluations fill the noise rows themselves (see fillsNoiseInPass); null: the caller fills them. */
    void noiseSource(NoiseSource source) {
        this.noiseSource = source;
    }

    /**
     * True when a noisy evaluation fills each particle's noise row inside the task that updates the particle,
     * just before the update: when a task holds whole rows (one block of components). The rows draw from
     * their own streams in the same order as a separate fill, so the numbers are the same, and the step
     * saves a parallel call and a pass over the noise on another core.
     */
    boolean fillsNoiseInPass() {
        return noiseSource != null && dBlocks == 1;
    }

    /** Number of clamped score components in evaluations since the last call. */
    long takeClampHits() {
        long h = clampHits;
        clampHits = 0;
        return h;
    }

    /** The likelihood bias −E(x^f_j) = −½Σ_k R⁻¹_k (y_k − h_k(x^f_j))², one per member. */
    double[] computeLikelihoodBias() {
        int p = operator.outputDim();
        predicted = ensure(predicted, (long) n * p);
        parallel.forEach(n, (j, from, to) -> {
            int o = j * p;
            operator.apply(forecast, j * d, predicted, o);
            double e = 0;
            for (int k = 0; k < p; k++) {
                double r = observed[k] - predicted[o + k];
                e += precision[k] * r * r;
            }
            bias[j] = -0.5 * e;
        });
        return bias;
    }

    // ---------------------------------------------------------------------------- passes

    /**
     * Starts a schedule of {@code evaluations} field evaluations, e the first: accumulates, from scratch, the squared
     * distances of e's source particles to e's path means.
     */
    void distances(Evaluation e, int evaluations) {
        evaluationsLeft = evaluations;
        evaluationsDone = 0;
        distances(e);
    }

    /** Accumulates, from scratch, the squared distances of e's source particles to e's path means. */
    private void distances(Evaluation e) {
        anchoredDistances = false;
        if (!e.needsDistances() || dense) return;
        runTasks((task, r0, r1, c0, c1, db) -> {
            clearPartials(r0, r1, db);
            double[] s = groupedRows ? null : scratch(n * chunk);
            double[] src = array(e.source);
            for (int c = c0; c < c1; c += chunk) {
                int len = Math.min(chunk, c1 - c);
                if (!groupedRows) formKeys(e, c, len, s);
                for (int g = r0; g < r1; g += ROW_GROUP) distanceRows(e, src, g, Math.min(ROW_GROUP, r1 - g), c, len, s, db);
            }
        });
        if (dBlocks > 1) sumPartials();
    }

    /**
     * Runs evaluation e (its distances must be current) and, in the same pass, the distances for
     * {@code next} (null for the last evaluation).
     */
    void evaluate(Evaluation e, Evaluation next) {
        boolean denseWeights = dense && !e.pairedWeights;
        weighInPass = weighsInPass(e, denseWeights);
        if (denseWeights) denseBase(e);
        else if (weighInPass) {
            weightsCertified = false;
            weighedInPass++;
        } else if (!e.pairedWeights) weights(e);
        evaluationsLeft--;
        evaluationsDone++;
        boolean nextDistances = !dense && next != null && next.needsDistances();
        anchoredPass = nextDistances && !denseWeights && !e.pairedWeights && !weighInPass && anchorNext(e);
        if (anchoredPass) Arrays.fill(anchorPartials, 0, dBlocks * m, 0.0);
        // Each task clears its own partials before it adds to them (rows [r0, r1) of its block of components: tasks
        // never share them). Weighing in the pass, the partials are d2 itself (one block): each task clears its rows
        // after weighing them.
        clearPartialsInPass = nextDistances && !weighInPass && !anchoredPass;
        clearInPass = nextDistances && weighInPass;
        Arrays.fill(clampCounts, 0L);
        // Noise rows in the full array only where the two half passes need it; the fused pass draws it per chunk.
        if (e.noise && fillsNoiseInPass() && e.gradient && !componentwise) noise();
        Evaluation nx = nextDistances ? next : null;
        if (e.gradient && !componentwise) {
            if (!denseWeights) baseFull = ensure(baseFull, (long) m * d);
            pointFull = ensure(pointFull, (long) m * d);
            gradFull = ensure(gradFull, (long) m * d);
            runTasks((task, r0, r1, c0, c1, db) -> chunks(PHASE_A, denseWeights, e, null, task, r0, r1, c0, c1, db));
            wholeVectorGradients();
            runTasks((task, r0, r1, c0, c1, db) -> chunks(PHASE_B, denseWeights, e, nx, task, r0, r1, c0, c1, db));
        } else {
            runTasks((task, r0, r1, c0, c1, db) -> chunks(FUSED, denseWeights, e, nx, task, r0, r1, c0, c1, db));
        }
        for (long c : clampCounts) clampHits += c;
        if (anchoredPass) {
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int db = 0; db < dBlocks; db++) sum += anchorPartials[db * m + i];
                anchorD2[i] = sum;
            }
        } else if (nextDistances && dBlocks > 1) {
            sumPartials();
        }
        anchoredDistances = anchoredPass;
        anchoredPass = false;
        weighInPass = false;
    }

    /**
     * Whether e's softmax weights are computed inside the pass, each task its own rows just before using them,
     * instead of by a parallel call of their own before it: when a task holds whole rows (one block of components)
     * and the weights come from full distances. The weights are the same row by row either way; the call saved
     * was a third of a step's forks for EnSF at N = 100, d = 40 (two calls of ~120 and ~50 µs per step on two
     * threads). Not while these weights could start a one-hot certification (from the second evaluation on, when
     * the last ones were one-hot in every row): deciding on an anchored pass needs all rows' weights before it.
     */
    private boolean weighsInPass(Evaluation e, boolean denseWeights) {
        if (!allowWeighInPass || denseWeights || e.pairedWeights || dBlocks != 1 || anchoredDistances) return false;
        // From the second evaluation on, nonzeroCount holds the last evaluation's counts (computed or certified weights:
        // the same kind as e's, since denseness is fixed per bind and pairing per schedule).
        return evaluationsDone < 1 || !allowCertify || certifyOff || !allOneHot();
    }

    /** Whether every particle's last weights have exactly one nonzero entry. */
    private boolean allOneHot() {
        for (int i = 0; i < m; i++) if (nonzeroCount[i] != 1) return false;
        return true;
    }

    /** Entries of d2 per block of {@link #sumPartials}: with 40 component blocks, about 0.3 MB of partials each. */
    private static final int SUM_GRAIN = 1 << 13;

    /**
     * d2 = the compensated sums of the component blocks' partial distances, entries shared out over the pool (each
     * entry's sum is the serial chain, so the bits do not depend on the threads). Serial, it read dBlocks·m·n partials
     * on one thread after every pass: 80 MB per evaluation at N = 500, d = 10⁴ (40 blocks), 11 % of the calling thread's
     * time, and EnFF-F2P there reached only 0.89–0.92 of what two independent one-thread runs get from the two cores.
     */
    private void sumPartials() {
        int count = m * n, blocks = dBlocks;
        double[] part = partials, out = d2;
        parallel.forRange(count, SUM_GRAIN, (blk, from, to) -> FusedSoftmax.sumBlocksCompensated(part, blocks, count, from, to, out, 0));
    }

    // ---------------------------------------------------------------------------- one-hot certification

    /**
     * e's weights: from the anchored distances when a bound certifies that they are exactly one-hot, otherwise from
     * full distances (recomputed if only anchored ones are at hand). Both give the same bits.
     */
    private void weights(Evaluation e) {
        weightsCertified = false;
        if (!anchoredDistances) {
            computeWeights(e);
            return;
        }
        anchoredDistances = false;
        if (!failAnchoredCertification && certifies(e, 1.0)) {
            weightsCertified = true;
            certifiedEvaluations++;
            Arrays.fill(weights, 0, m * n, 0.0);
            for (int i = 0; i < m; i++) {
                int o = i * n;
                weights[o + anchor[i]] = 1.0;
                nonzero[o] = anchor[i];
                nonzeroCount[i] = 1;
            }
            return;
        }
        certifyFailures++;
        certifyOff = true;
        distances(e);
        computeWeights(e);
    }

    /**
     * Whether the pass after e should accumulate only anchored distances for the next evaluation: e's weights are
     * one-hot in every row (the anchors) and the bound already certifies them for e, so it will most likely
     * certify the next evaluation's too (a failure costs one extra distance pass, after which certification stays
     * off for this schedule).
     */
    private boolean anchorNext(Evaluation e) {
        if (!allowCertify || certifyOff || evaluationsDone < 2) return false; // not from the first step (ANCHOR_GROWTH)
        if (weightsCertified) return certifies(e, ANCHOR_GROWTH); // the anchors stay; is the margin still wide?
        for (int i = 0; i < m; i++) if (nonzeroCount[i] != 1) return false;
        for (int i = 0; i < m; i++) {
            anchor[i] = nonzero[i * n];
            anchorD2[i] = d2[i * n + anchor[i]];
        }
        if (pairSums == null) {
            if (evaluationsLeft < CERTIFY_MIN_EVALUATIONS) {
                certifyOff = true;
                return false;
            }
            if (!likelyCertifiable()) return false;
            computePairSums();
        }
        return certifies(e, ANCHOR_GROWTH);
    }

    /**
     * True when, for every particle i with anchor a = anchor[i] and anchored squared distance D_a = anchorD2[i], the
     * softmax over e's logits l_j = −s·‖x_i − μ_j‖² + b_j is provably exactly one-hot at a: for every other member
     * j, the triangle inequality ‖x_i − μ_j‖ ≥ ‖μ_j − μ_a‖ − ‖x_i − μ_a‖ gives l_a − l_j ≥ 800, so exp(l_j − l_a)
     * underflows to exactly +0 (below −746) and the weights are exactly e_a — the values the full distances would
     * give. The path means' separations ‖μ_j − μ_a‖² = κ_f²‖Δf‖² + 2κ_fκ_p Δf·Δa + κ_p²‖Δa‖² come from the pair
     * sums; every sum of n·d terms is taken as relatively uncertain by γ = max(10⁻⁹, d·2⁻⁵⁰), far above the
     * kernels' rounding, and the logits' own rounding is covered by a relative 10⁻⁹ and the 54 to spare (with
     * {@code growth} &gt; 1 the anchored distances are first multiplied by it: a prediction with margin). The path
     * means the distance kernels see are the keys rounded per component (κ_f x^f and κ_p x^a each rounded, then
     * their sum), at most 2⁻⁵²(|κ_f|‖x^f_j‖ + |κ_p|‖x^a_j‖) from the exact ones; that is taken off the separation.
     */
    private boolean certifies(Evaluation e, double growth) {
        double sc = e.scale, kf = e.keyForecast, kp = e.keyPrevious;
        if (!(sc > 0)) return false;
        double gamma = Math.max(1e-9, d * 0x1p-50);
        int nn = n * n, norms = pairSums.length - 2 * n; // the squared norms follow the 1 or 3 pair-sum matrices
        if (kp != 0.0 && norms != 3 * nn) return false; // no x^a sums (cannot happen: κ_p ≠ 0 needs x^a)
        boolean withBias = e.likelihoodBias;
        for (int i = 0; i < m; i++) {
            int a = anchor[i];
            double u = anchorD2[i] * (1 + 2 * gamma) * growth;
            if (!(u >= 0 && u < Double.POSITIVE_INFINITY)) return false;
            double su = Math.sqrt(u), ba = withBias ? bias[a] : 0.0;
            for (int j = 0; j < n; j++) {
                if (j == a) continue;
                double ff = pairSums[j * n + a], sep = kf * kf * ff, spread = sep;
                if (kp != 0.0) {
                    double aa = pairSums[nn + j * n + a];
                    double ejk = pairSums[2 * nn + j * n + a], ekj = pairSums[2 * nn + a * n + j];
                    double ejj = pairSums[2 * nn + j * n + j], ekk = pairSums[2 * nn + a * n + a];
                    double fa = 0.5 * (ejk + ekj - ejj - ekk); // Δf·Δa by polarization of the cross distances
                    sep += 2 * kf * kp * fa + kp * kp * aa;
                    spread += Math.abs(kf * kp) * (ejk + ekj + ejj + ekk) + kp * kp * aa;
                }
                double sepLow = sep - 2 * gamma * spread;
                if (!(sepLow > u)) return false;
                double keyError = 0x1p-52 * (Math.abs(kf) * (norm(norms + j, gamma) + norm(norms + a, gamma))
                        + Math.abs(kp) * (norm(norms + n + j, gamma) + norm(norms + n + a, gamma)));
                double gap = Math.sqrt(sepLow) - keyError - su;
                if (!(gap > 0)) return false;
                double low = gap * gap * (1 - gamma);
                double bj = withBias ? bias[j] : 0.0;
                double margin = sc * (low - u) - (bj - ba);
                double slack = 1e-9 * (sc * (low + u) + Math.abs(bj) + Math.abs(ba));
                if (!(margin - slack > CERTIFY_GAP)) return false;
            }
        }
        return true;
    }

    /** An upper bound of the norm whose squared sum is pairSums[at]. */
    private double norm(int at, double gamma) {
        return Math.sqrt(pairSums[at] * (1 + 2 * gamma));
    }

    /**
     * A guess, from e's full distances, whether {@link #certifies} could pass, before paying for the pair sums: the
     * bound needs each particle within about half its anchor's separation from the other path means
     * (‖μ_j − μ_a‖ &gt; 2‖x_i − μ_a‖), and in high dimension ‖x_i − μ_j‖² ≈ ‖x_i − μ_a‖² + ‖μ_j − μ_a‖². (Early
     * in an OT flow the weights are already one-hot but the particles still far from every path mean.)
     */
    private boolean likelyCertifiable() {
        for (int i = 0; i < m; i++) {
            int o = i * n;
            double u = anchorD2[i];
            for (int j = 0; j < n; j++) if (j != anchor[i] && !(d2[o + j] - u > 4.4 * u)) return false;
        }
        return true;
    }

    /**
     * The members' pair sums over all components (see pairSums), by the direct-difference distance kernel over blocks
     * of components, blocks added in order: cost about two evaluations' distances (0.6 when there is no x^a).
     */
    private void computePairSums() {
        int nn = n * n, parts = previous == null ? 1 : 3;
        // Up to 64 blocks (fewer when their partials would pass about 2^22 doubles), at least a chunk each: enough to share
        // out at d = 10^4, and fixed by (n, d) alone so the sums do not depend on the thread count.
        int size = parts * nn + 2 * n; // the pair sums, then the squared norms
        int target = (int) Math.max(1, Math.min(64, (1L << 22) / size));
        // An even count: at N = 500, d = 10⁴ five blocks of ~100 ms split 3 : 2 over two threads (1.56x).
        int blocks = evenBlocks(Parallel.blockCount(d, Math.max(chunk, d / target)));
        pairPartials = ensure(pairPartials, (long) blocks * size);
        double[] part = pairPartials;
        parallel.forEach(blocks, (blk, unused0, unused1) -> {
            int o = blk * size, c0 = Parallel.blockStart(d, blocks, blk), c1 = Parallel.blockStart(d, blocks, blk + 1);
            Arrays.fill(part, o, o + size, 0.0);
            for (int c = c0; c < c1; c += chunk) {
                int len = Math.min(chunk, c1 - c);
                // Symmetric sums: each band of ROW_GROUP rows against the members from the band on (mirrored below).
                for (int r = 0; r < n; r += ROW_GROUP) {
                    int rows = Math.min(ROW_GROUP, n - r), at = o + r * n + r;
                    FusedSoftmax.accumulateSquaredDistances(forecast, r * d + c, d, rows, forecast, r * d + c, d, n - r, len, part, at, n);
                    if (parts == 3)
                        FusedSoftmax.accumulateSquaredDistances(previous, r * d + c, d, rows, previous, r * d + c, d, n - r, len, part, at + nn, n);
                }
                if (parts == 3) FusedSoftmax.accumulateSquaredDistances(forecast, c, d, n, previous, c, d, n, len, part, o + 2 * nn, n);
                // Squared norms: distances to the zero key 0·x (non-finite members give NaN, which fails the bound).
                FusedSoftmax.accumulateSquaredDistancesToCombination(forecast, c, d, n, 0.0, forecast, 0.0, forecast, c, d, 1, len, part,
                        o + parts * nn, 1);
                if (parts == 3)
                    FusedSoftmax.accumulateSquaredDistancesToCombination(previous, c, d, n, 0.0, previous, 0.0, previous, c, d, 1, len,
                            part, o + parts * nn + n, 1);
            }
        });
        // The block sums and the mirror on the pool too (each entry the same chain; each row block writes only its own
        // rows' lower part, reading upper parts): serial, ~15 ms at N = 500 with x^a. The array is reused when the
        // size holds (every entry is written).
        double[] sums = pairSumsStore != null && pairSumsStore.length == size ? pairSumsStore : new double[size];
        pairSumsStore = sums;
        parallel.forRange(size, SUM_GRAIN, (blk, from, to) -> FusedSoftmax.sumBlocksCompensated(part, blocks, size, from, to, sums, 0));
        int mirrored = Math.min(parts, 2);
        parallel.forRange(n, Math.max(1, SUM_GRAIN / n), (blk, i0, i1) -> {
            for (int q = 0; q < mirrored; q++) {
                for (int i = i0; i < i1; i++) for (int j = 0; j < i / ROW_GROUP * ROW_GROUP; j++) sums[q * nn + i * n + j] = sums[q * nn + j * n + i];
            }
        });
        pairSums = sums;
    }

    /**
     * Dense regime: baseFull_i = Σ_j w_ij (c_f x^f_j + c_p x^a_j) by the fused tiled kernel (Gram product on
     * centred data, online softmax), with keys κ_f x^f + κ_p x^a and the likelihood bias when asked.
     */
    private void denseBase(Evaluation e) {
        baseFull = ensure(baseFull, (long) m * d);
        if (!denseRowsSet) {
            denseKeys.setCombinationRows(forecast, previous, n, d, parallel);
            denseRowsSet = true;
        }
        denseKeys.bindCombination(e.keyForecast, e.keyPrevious, e.forecastCoefficient, e.previousCoefficient, parallel);
        denseKeys.attend(array(e.source), m, e.likelihoodBias ? bias : null, e.scale, baseFull, parallel);
    }

    /**
     * Runs the last evaluation and finishes the analysis: x_i ← x̄ + s(x_i − x̄) over the target (the state),
     * copy to {@code output} (may be null), finiteness check. When every pass task holds all particles (the
     * usual case: few particles, large d) this happens chunk by chunk inside the last pass, saving one
     * streaming pass over the particles.
     */
    void evaluateLast(Evaluation e, double inflation, double[] output) {
        if (rowBlocks == 1 && e.target == Slot.STATE) {
            finishInPass = true;
            finishBad = false;
            finishInflation = inflation;
            finishOutput = output;
            try {
                evaluate(e, null);
            } finally {
                finishInPass = false;
                finishOutput = null;
            }
            if (finishBad) throw new IllegalStateException("the analysis is not finite: the flow diverged (check σ_min, λ and the grid)");
        } else {
            evaluate(e, null);
            finish(inflation, output);
        }
    }

    /**
     * x_i ← x̄ + s(x_i − x̄) over the state (s = 1: unchanged), then copies the state to {@code output}
     * (may be null) and checks that every value is finite.
     */
    void finish(double inflation, double[] output) {
        finishBad = false;
        finishInflation = inflation;
        finishOutput = output;
        // Blocks of ~2¹⁵ values (some 20 µs): each component's mean is the same member-order chain in any block, so
        // the bits do not depend on the cut. At 2¹⁸ values, m = 20, d = 10⁴ was one serial block, 3.5 % of an EnFF-F2P
        // analysis on two threads.
        parallel.forRange(d, Math.max(256, (1 << 15) / Math.max(1, m)), (blk, c0, c1) -> {
            double[] s = scratch(chunk);
            for (int c = c0; c < c1; c += chunk) finishChunk(c, Math.min(chunk, c1 - c), s, 0);
        });
        finishOutput = null;
        if (finishBad) throw new IllegalStateException("the analysis is not finite: the flow diverged (check σ_min, λ and the grid)");
    }

    /** Inflation about the particle mean, output copy and finiteness check on components [c0, c0+len) of all rows. */
    private void finishChunk(int c0, int len, double[] s, int meanOff) {
        double inflation = finishInflation;
        double[] output = finishOutput;
        if (inflation != 1.0) {
            Arrays.fill(s, meanOff, meanOff + len, 0.0);
            for (int i = 0; i < m; i++) BlockOps.lin2(s, meanOff, 1.0, s, meanOff, 1.0, state, i * d + c0, len);
            BlockOps.scale(s, meanOff, 1.0 / m, s, meanOff, len);
            for (int i = 0; i < m; i++) {
                int o = i * d + c0;
                BlockOps.accDiff(state, o, s, meanOff, inflation, state, o, s, meanOff, len);
            }
        }
        for (int i = 0; i < m; i++) {
            int o = i * d + c0;
            if (!Require.isFinite(state, o, o + len)) finishBad = true; // a benign race: only ever set to true
            if (output != null) System.arraycopy(state, o, output, o, len);
        }
    }

    // ---------------------------------------------------------------------------- internals

    private void computeWeights(Evaluation e) {
        double sc = e.scale;
        boolean b = e.likelihoodBias;
        // Row blocks of ~4096 weights (~20 µs of exponentials) depend only on (m, n): the weights do not depend on
        // the thread count. (Blocks of 16384 left EnSF at m = n = 100 a serial 22 % of its time on 2 threads.)
        parallel.forRange(m, Math.max(4, (1 << 12) / n), (blk, from, to) -> weightRows(sc, b, from, to));
    }

    /** The softmax weights (and their nonzero lists) of particles [from, to) from their distances. */
    private void weightRows(double sc, boolean b, int from, int to) {
        for (int i = from; i < to; i++) {
            int o = i * n;
            for (int j = 0; j < n; j++) weights[o + j] = -sc * d2[o + j] + (b ? bias[j] : 0.0);
            FusedSoftmax.softmaxInPlace(weights, o, n);
            int cnt = 0;
            for (int j = 0; j < n; j++) if (weights[o + j] != 0.0) nonzero[o + cnt++] = j;
            nonzeroCount[i] = cnt;
        }
    }

    @FunctionalInterface
    private interface Task {
        void run(int task, int r0, int r1, int c0, int c1, int dBlock);
    }

    /**
     * Zeroes the partial distances of rows [r0, r1) in block db of components, the part one task adds to. A serial
     * fill of all dBlocks·m·n before each pass was 80 MB at N = 500, d = 10⁴ (some 60 ms of a 1.6 s two-thread EnFF-F2P
     * analysis); in the task it runs on both cores, just before the same core adds to them.
     */
    private void clearPartials(int r0, int r1, int db) {
        Arrays.fill(partials, (db * m + r0) * n, (db * m + r1) * n, 0.0);
    }

    private void runTasks(Task body) {
        int tasks = rowBlocks * dBlocks;
        parallel.forEach(tasks, (task, from, to) -> {
            int rb = task / dBlocks, db = task % dBlocks;
            if (rowFrom[rb] == rowTo[rb]) return; // a tapered layout's padding (see taperedCuts)
            body.run(task, rowFrom[rb], rowTo[rb], Parallel.blockStart(d, dBlocks, db), Parallel.blockStart(d, dBlocks, db + 1), db);
        });
    }

    /**
     * Fills rowFrom and rowTo and returns the number of row blocks. Usually the even split of (m, rowGrain). With
     * grouped rows (d in one block of components) the particles are cut instead. When the members come in
     * whole quads (n % 4 = 0), the distance kernel's 4-row tile and its 1-row kernel do the same arithmetic
     * for every pair, so results do not depend on where the cuts fall, and on several threads the cut is
     * {@link #taperedCuts}. Otherwise (n % 4 ≠ 0, or one thread) one block per group of {@link #ROW_GROUP} particles,
     * except that with n % 4 = 0:
     * <ul>
     *   <li>members' values too many for a core's L2 (n·d &gt; {@link #SMALL_KEYS}; F2P at d = 10⁴): two even
     *       blocks. Every block streams all the members' x^f (and x^a) for its keys, 3.2 MB per block and
     *       evaluation there, so few blocks;</li>
     *   <li>otherwise (EnSF at d = 10³) the middle group of an odd count is cut into single particles.</li>
     * </ul>
     * With n % 4 ≠ 0 the groups stay whole, so that every particle meets the same kernel calls as in a single
     * block.
     */
    private int rowCuts() {
        int threads = parallel.threads();
        if (groupedRows && n % 4 == 0 && threads > 1) return taperedCuts(Math.min(threads, m));
        if (!groupedRows || (n % 4 == 0 && (long) n * d > SMALL_KEYS)) {
            int blocks = groupedRows ? Math.min(m, 2) : rowBlocks;
            ensureRowBlocks(blocks);
            for (int b = 0; b < blocks; b++) {
                rowFrom[b] = Parallel.blockStart(m, blocks, b);
                rowTo[b] = Parallel.blockStart(m, blocks, b + 1);
            }
            return blocks;
        }
        int groups = (m + ROW_GROUP - 1) / ROW_GROUP;
        // groupedRows needs m >= 2 groups, so an odd count is >= 3 and its middle group is a whole one.
        int split = groups % 2 == 1 && n % 4 == 0 ? groups / 2 : -1;
        int blocks = split >= 0 ? groups - 1 + ROW_GROUP : groups, b = 0;
        ensureRowBlocks(blocks);
        for (int g = 0; g < groups; g++) {
            int r0 = g * ROW_GROUP, r1 = Math.min(m, r0 + ROW_GROUP);
            if (g == split) {
                for (int r = r0; r < r1; r++, b++) {
                    rowFrom[b] = r;
                    rowTo[b] = r + 1;
                }
            } else {
                rowFrom[b] = r0;
                rowTo[b++] = r1;
            }
        }
        return blocks;
    }

    /**
     * Grouped rows with n % 4 = 0 on {@code parts} ≥ 2 threads: the particles cut evenly into one run per thread, each
     * run cut into groups of {@link #ROW_GROUP} followed by at least two single particles, and the shorter runs padded
     * at the front with empty blocks so that every run has as many blocks ({@link Parallel} gives thread t the t-th
     * run, and a thread that finishes first takes blocks from the back of another's run). So what one thread takes
     * from another is a single particle, not a group or five particles: at m = 20 on two threads the calling thread
     * waited for its helper's last block 7.6 % (EnFF-OT, d = 10⁴) and 11 % (EnSF, d = 10³) of the passes' time with
     * the earlier cuts, 3.6 and 6.6 % with these (a few microseconds of wake-up lag and a few per cent of speed
     * between the two cores leave one thread behind at the end of a call).
     * At m = 20 this is [4, 4, 1, 1] per thread: the key streams per evaluation (one per block) stay at eight.
     */
    private int taperedCuts(int parts) {
        int per = 0;
        for (int t = 0; t < parts; t++) per = Math.max(per, runBlocks(Parallel.blockStart(m, parts, t + 1) - Parallel.blockStart(m, parts, t)));
        int blocks = per * parts;
        ensureRowBlocks(blocks);
        for (int t = 0; t < parts; t++) {
            int r = Parallel.blockStart(m, parts, t), end = Parallel.blockStart(m, parts, t + 1), len = end - r;
            int b = t * per, pad = per - runBlocks(len), groups = runGroups(len);
            for (int k = 0; k < pad; k++, b++) rowFrom[b] = rowTo[b] = r;
            for (int g = 0; g < groups; g++, b++, r += ROW_GROUP) {
                rowFrom[b] = r;
                rowTo[b] = r + ROW_GROUP;
            }
            for (; r < end; r++, b++) {
                rowFrom[b] = r;
                rowTo[b] = r + 1;
            }
        }
        return blocks;
    }

    /** Groups at the front of a tapered run of {@code len} particles: at least two singles follow from 6 particles on. */
    private static int runGroups(int len) {
        return len >= 6 ? (len - 2) / ROW_GROUP : len / ROW_GROUP;
    }

    /** Blocks of a tapered run of {@code len} particles: its groups and its singles. */
    private static int runBlocks(int len) {
        int g = runGroups(len);
        return g + len - g * ROW_GROUP;
    }

    /** Length of the squared-distance array (0 while only dense binds have happened), for tests. */
    int distanceCapacity() {
        return d2.length;
    }

    /** The row blocks of the last bind as "[from,to)" in block order, for tests. */
    String rowLayout() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < rowBlocks; k++) b.append('[').append(rowFrom[k]).append(',').append(rowTo[k]).append(')');
        return b.toString();
    }

    private void ensureRowBlocks(int blocks) {
        if (rowFrom.length < blocks) {
            rowFrom = new int[blocks];
            rowTo = new int[blocks];
        }
    }

    /**
     * Adds the squared distances over components [c, c + len) of particles [g, g + rows) of {@code src} to the
     * path means of evaluation e (keys κ_f x^f_j + κ_p x^a_j) into this block's partials. With grouped rows
     * the keys are formed in registers from x^f and x^a, which no pass writes: materialized keys, rewritten
     * for every evaluation and read by every task, crossed between the cores' caches each time, and on two
     * threads cost more than on one (EnSF at d = 10³: 3.5 µs to write them on one thread, 17 µs on two; OT
     * at d = 10⁴: 16 or 25 ms per analysis on two threads depending on the heap layout). Otherwise {@code s}
     * holds this chunk's keys, formed by formKeys.
     */
    private void distanceRows(Evaluation e, double[] src, int g, int rows, int c, int len, double[] s, int db) {
        int out = (db * m + g) * n;
        if (groupedRows) {
            double[] other = e.keyPrevious == 0.0 ? forecast : previous; // cp = 0: keys κ_f x^f, bit for bit
            FusedSoftmax.accumulateSquaredDistancesToCombination(src, g * d + c, d, rows, e.keyForecast, forecast,
                    e.keyPrevious, other, c, d, n, len, partials, out, n);
        } else {
            FusedSoftmax.accumulateSquaredDistances(src, g * d + c, d, rows, s, 0, len, n, len, partials, out, n);
        }
    }

    /** Adds the squared distances over components [c, c + len) of particles [g, g + rows) to their anchors' path means. */
    private void anchoredRows(Evaluation e, double[] src, int g, int rows, int c, int len, int db) {
        double[] other = e.keyPrevious == 0.0 ? forecast : previous; // as in distanceRows
        for (int i = g; i < g + rows; i++) {
            FusedSoftmax.accumulateSquaredDistancesToCombination(src, i * d + c, d, 1, e.keyForecast, forecast, e.keyPrevious, other,
                    anchor[i] * d + c, d, 1, len, anchorPartials, db * m + i, 1);
        }
    }

    private double[] array(Slot s) {
        return s == Slot.STATE ? state : stage;
    }

    private double[] scratch(int size) {
        double[] s = scratch.get();
        if (s.length < size) {
            s = new double[size];
            scratch.set(s);
        }
        return s;
    }

    /** keys_j[0..len) = κ_f x^f_j + κ_p x^a_j on components [c, c+len), into s[j·len ..]. */
    private void formKeys(Evaluation e, int c, int len, double[] s) {
        double kf = e.keyForecast, kp = e.keyPrevious;
        for (int j = 0; j < n; j++) {
            int o = j * len, f = j * d + c;
            if (kp == 0.0) BlockOps.scale(s, o, kf, forecast, f, len);
            else BlockOps.lin2(s, o, kf, forecast, f, kp, previous, f, len);
        }
    }

    private void chunks(int mode, boolean denseWeights, Evaluation e, Evaluation next, int task, int r0, int r1, int c0, int c1,
                        int db) {
        int keysLen = next != null && !groupedRows && !anchoredPass ? n * chunk : 0;
        // Scratch: [keys][B of each row of a group][P][G][ξ], each a chunk long.
        double[] s = scratch(keysLen + (ROW_GROUP + 3) * chunk);
        int pOff = keysLen + ROW_GROUP * chunk, nOff = pOff + 2 * chunk;
        double[] tgt = array(e.target);
        long clamped = 0;
        // B as weighted sums over the members with a nonzero weight, row group by row group (cp = 0: OT, VE, EnSF's
        // mixture score); otherwise row by row in base().
        boolean grouped = mode != PHASE_B && !denseWeights && !e.pairedWeights && e.previousCoefficient == 0.0;
        // In-pass noise: a task holds whole rows and visits each row's chunks in order, so drawing a row's noise
        // chunk by chunk, just before its update, takes the same numbers from the row's stream as drawing the
        // whole row first, without writing and re-reading m·d values. The half passes keep whole rows.
        boolean chunkNoise = e.noise && mode == FUSED && fillsNoiseInPass();
        if (weighInPass && mode != PHASE_B) {
            weightRows(e.scale, e.likelihoodBias, r0, r1);
            if (clearInPass) Arrays.fill(d2, r0 * n, r1 * n, 0.0);
        }
        if (clearPartialsInPass && mode != PHASE_A) clearPartials(r0, r1, db);
        if (e.noise && mode == PHASE_A && fillsNoiseInPass()) for (int i = r0; i < r1; i++) noiseSource.fill(i, noise, i * d, d);
        for (int c = c0; c < c1; c += chunk) {
            int len = Math.min(chunk, c1 - c);
            if (keysLen > 0) formKeys(next, c, len, s);
            for (int g = r0; g < r1; g += ROW_GROUP) {
                int rows = Math.min(ROW_GROUP, r1 - g);
                if (grouped) groupBase(e, g, rows, c, len, s, keysLen);
                for (int i = g; i < g + rows; i++) {
                    if (chunkNoise) noiseSource.fill(i, s, nOff, len);
                    clamped += row(mode, denseWeights, e, i, c, len, s, keysLen + (grouped ? (i - g) * chunk : 0), pOff, grouped,
                            chunkNoise ? s : noise, chunkNoise ? nOff : i * d + c);
                }
                if (next != null && anchoredPass) anchoredRows(next, tgt, g, rows, c, len, db);
                else if (next != null) distanceRows(next, tgt, g, rows, c, len, s, db);
            }
            if (finishInPass && mode != PHASE_A) finishChunk(c, len, s, keysLen);
        }
        clampCounts[task] = clamped;
    }

    /**
     * B for particles [g, g + rows) on components [c, c + len) into s[bOff + r·chunk ..]: c_z·src_i + Σ_j w_ij c_f x^f_j
     * over the nonzero weights in member order, the values {@link #base} computes (one register-tiled pass for the
     * group instead of one streaming pass per row and member).
     */
    private void groupBase(Evaluation e, int g, int rows, int c, int len, double[] s, int bOff) {
        GroupTerms gt = groupTerms.get();
        int total = 0;
        for (int r = 0; r < rows; r++) total += nonzeroCount[g + r];
        if (gt.xo.length < total) {
            gt.xo = new int[Math.max(total, ROW_GROUP * n)];
            gt.coef = new double[gt.xo.length];
        }
        double cf = e.forecastCoefficient;
        int t = 0;
        for (int r = 0; r < rows; r++) {
            gt.start[r] = t;
            int i = g + r, o = i * n;
            for (int q = 0, cnt = nonzeroCount[i]; q < cnt; q++, t++) {
                int j = nonzero[o + q];
                gt.xo[t] = j * d + c;
                gt.coef[t] = weights[o + j] * cf;
            }
        }
        gt.start[rows] = t;
        BlockOps.weightedRows(rows, s, bOff, chunk, e.selfCoefficient, array(e.source), g * d + c, d, forecast, gt.xo, gt.coef,
                gt.start, len);
    }

    /**
     * One particle row on one chunk; returns the number of clamped components. B is at s[bOff..] (already there
     * if {@code haveBase}), P and G at s[pOff..] and s[pOff + chunk..], the chunk's noise (noisy evaluations) at
     * xi[xiOff..].
     */
    private int row(int mode, boolean denseWeights, Evaluation e, int i, int c, int len, double[] s, int bOff, int pOff,
                    boolean haveBase, double[] xi, int xiOff) {
        double[] src = array(e.source);
        int so = i * d + c;
        int gOff = pOff + chunk;
        int clamped = 0;
        double gain = 0.0; // > 0: the guidance in s[gOff..] is still to be added to the field, inside combine
        if (mode == PHASE_B) {
            BlockOps.lin2(s, bOff, 1.0, baseFull, so, e.gradientGain, gradFull, so, len);
        } else {
            if (denseWeights) {
                BlockOps.lin2(s, bOff, e.selfCoefficient, src, so, 1.0, baseFull, so, len);
            } else if (!haveBase) {
                base(e, i, src, so, c, len, s, bOff);
            }
            if (e.gradient) {
                double shift = e.gradientShift;
                double[] pt = s;
                int ptOff = pOff;
                if (shift == 0.0) {
                    pt = src;
                    ptOff = so;
                } else {
                    BlockOps.lin2(s, pOff, 1.0, src, so, shift, s, bOff, len);
                }
                if (mode == PHASE_A) {
                    System.arraycopy(s, bOff, baseFull, so, len);
                    System.arraycopy(pt, ptOff, pointFull, so, len);
                    return 0;
                }
                operator.adjointResidualBlock(pt, ptOff, c, c + len, observed, precision, s, gOff);
                gain = e.gradientGain;
                if (e.clampedScore || e.storeField) { // the field itself is needed
                    BlockOps.lin2(s, bOff, 1.0, s, bOff, gain, s, gOff, len);
                    gain = 0.0;
                }
            }
        }
        if (e.clamp != Double.POSITIVE_INFINITY) clamped = BlockOps.clamp(s, bOff, len, e.clamp);
        combine(e, so, s, bOff, gain, gOff, xi, xiOff, len);
        return clamped;
    }

    /**
     * B = c_z·src + Σ_j w_ij (c_f x^f_j + c_p x^a_j), skipping exact zero weights; the first term assigns
     * (no separate zero fill), so the usual one-hot F2P row is a single pass.
     */
    private void base(Evaluation e, int i, double[] src, int so, int c, int len, double[] s, int b) {
        double cz = e.selfCoefficient, cf = e.forecastCoefficient, cp = e.previousCoefficient;
        if (e.pairedWeights) {
            member(s, b, i * d + c, cf, cp, len, cz, src, so);
            return;
        }
        int o = i * n, cnt = nonzeroCount[i];
        for (int q = 0; q < cnt; q++) {
            int j = nonzero[o + q];
            double w = weights[o + j];
            if (q == 0) member(s, b, j * d + c, w * cf, w * cp, len, cz, src, so);
            else member(s, b, j * d + c, w * cf, w * cp, len, 1.0, s, b);
        }
    }

    /** s[b..] = a·acc[ao..] + c_f x^f_j + c_p x^a_j (acc may be s itself: accumulation; a = 0: assignment). */
    private void member(double[] s, int b, int f, double cf, double cp, int len, double a, double[] acc, int ao) {
        if (a == 0.0) {
            if (cp == 0.0) BlockOps.scale(s, b, cf, forecast, f, len);
            else if (cp == -cf) BlockOps.diff(s, b, cf, forecast, f, previous, f, len);
            else BlockOps.lin2(s, b, cf, forecast, f, cp, previous, f, len);
        } else {
            if (cp == 0.0) BlockOps.lin2(s, b, a, acc, ao, cf, forecast, f, len);
            else if (cp == -cf && a == 1.0) BlockOps.accDiff(s, b, acc, ao, cf, forecast, f, previous, f, len);
            else BlockOps.lin3(s, b, a, acc, ao, cf, forecast, f, cp, previous, f, len);
        }
    }

    /**
     * tgt = c_x·X + c_F·(F + γ·G) [+ c_1·F1] [+ σ_ξ·ξ] with F at f[fOff..], G at f[gOff..] (γ = 0: no G) and ξ at
     * xi[xiOff..]; stores F into F1 when asked (then γ = 0).
     */
    private void combine(Evaluation e, int so, double[] f, int fOff, double gain, int gOff, double[] xi, int xiOff, int len) {
        double[] x = array(e.base), tgt = array(e.target);
        double cx = e.baseCoefficient, cf = e.fieldCoefficient, cg = cf * gain;
        if (e.storedCoefficient != 0.0) {
            if (gain != 0.0) BlockOps.lin4(tgt, so, cx, x, so, cf, f, fOff, cg, f, gOff, e.storedCoefficient, field, so, len);
            else BlockOps.lin3(tgt, so, cx, x, so, cf, f, fOff, e.storedCoefficient, field, so, len);
        } else if (e.noise) {
            if (gain != 0.0) BlockOps.lin4(tgt, so, cx, x, so, cf, f, fOff, cg, f, gOff, e.noiseScale, xi, xiOff, len);
            else BlockOps.lin3(tgt, so, cx, x, so, cf, f, fOff, e.noiseScale, xi, xiOff, len);
        } else if (gain != 0.0) {
            BlockOps.lin3(tgt, so, cx, x, so, cf, f, fOff, cg, f, gOff, len);
        } else {
            BlockOps.lin2(tgt, so, cx, x, so, cf, f, fOff, len);
        }
        if (e.storeField) System.arraycopy(f, fOff, field, so, len);
    }

    /** Prepares the stored-field array for Heun. */
    void ensureField() {
        field = ensure(field, (long) m * d);
    }

    /** G_i = J_h(P_i)ᵀ R⁻¹(y − h(P_i)) on whole vectors, parallel over particles. */
    private void wholeVectorGradients() {
        int p = operator.outputDim();
        predicted = ensure(predicted, (long) m * p);
        parallel.forEach(m, (i, from, to) -> {
            int o = i * p;
            operator.apply(pointFull, i * d, predicted, o);
            for (int k = 0; k < p; k++) predicted[o + k] = precision[k] * (observed[k] - predicted[o + k]);
            operator.adjoint(pointFull, i * d, predicted, o, gradFull, i * d);
        });
    }

    static double[] ensure(double[] a, long size) {
        if (size > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("workspace of " + size + " doubles is too large");
        return a.length >= size ? a : new double[(int) size];
    }
}
