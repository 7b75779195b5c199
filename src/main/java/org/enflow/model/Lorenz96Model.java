package org.enflow.model;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;
import org.enflow.kernel.Vectorization;

/**
 * Lorenz-96 stepped by a fused RK4 kernel ({@link Integrator#RK4} or {@link Integrator#RK4_38}),
 * parallel over members, SIMD within a member.
 *
 * <p><b>Small d</b> (up to {@value #SMALL_MAX}): a group of members lives in periodic buffers, each
 * member padded with its two left and one right neighbours; a step is four stage loops over the
 * L1-resident group with the wrap-around values refreshed between stages.
 *
 * <p><b>Large d</b> (d = 10⁶ is memory-bound): a member is processed in blocks of {@value #BLOCK}
 * components, and up to {@value #FUSED_STEPS} time steps are fused per pass (temporal blocking). One RK4
 * step needs its input on [a−8, b+4) to produce [a, b) (k₄ needs the stage-3 input on [a−2, b+1), …, k₁
 * needs x on [a−8, b+4)), so S fused steps load the window [a−8S, b+4S) once, run S steps on it in cache
 * with shrinking ranges, and write [a, b) back: one read and one write of the member per S steps instead
 * of several passes per stage. Blocks are written in place, so the window's original values are kept
 * and its tail becomes the next block's left halo; the member's first 4S values are saved before block 0
 * overwrites them because the last block wraps around onto them.
 *
 * <p><b>Vector path, small d.</b> Groups of {@link Lorenz96Lanes#LANES} members run on lane groups: one vector
 * holds one component of every member of the group (component-major), so the stencil neighbours are whole
 * aligned vectors carried in registers (one load per component and stage instead of four unaligned,
 * cache-line-splitting ones); 1.48 ns per element-step at 1000 × 40 against 2.2 for the padded path. Members
 * left over take the padded path. (The same lane layout on the large-d windows, with transposition on load
 * and store, measured 229 ms against 196–202 ms for the member-major windows at 20 × 10⁶, so large d keeps them.)
 *
 * <p>Every component is computed by the same sequence of IEEE operations whatever the path, block size,
 * fused-step count, member chunking or thread count, so results are bit-identical across all of them, and
 * between the vector kernels and their scalar twin.
 */
public final class Lorenz96Model implements Model {
    /** Largest d stepped as whole padded members. */
    static final int SMALL_MAX = 4096;
    /**
     * Components per block on the large-d path. A pass keeps six window buffers of BLOCK + 12·FUSED_STEPS doubles
     * (x, out, two stage inputs, k, acc): 29 KiB at 512, inside a 32 KiB L1. At 1024 (54 KiB, in L2) a 20 × 10⁶ forecast
     * took 1.15–1.2× as long on Zen 3 (interleaved rounds in one JVM, 1 and 2 threads; docs/benchmarks.md, session 12).
     */
    static final int BLOCK = 512;
    /** Time steps fused per pass over a large member. */
    static final int FUSED_STEPS = 8;
    /** Small-d members stepped together: their six buffers fill about half of the 48 KiB L1. */
    private static final int GROUP_BYTES = 24 * 1024, MAX_GROUP = 16;
    /** Component-stage evaluations per parallel block: about 0.5 ms at ~0.1 ns each. */
    private static final long BLOCK_WORK = 5_000_000;

    private final Lorenz96 drift;
    private final double dt;
    private final Integrator integrator;
    private final Parallel parallel;
    private final int dim;
    private final double forcing;
    private final Lorenz96Stages stages;
    /** Small-d groups of whole vectors of members go through {@link Lorenz96Lanes}. */
    private final boolean lanes;
    private final int smallMax, block, fusedSteps, group;
    private final WorkspacePool<Workspace> workspaces;

    /** The fused model; {@code integrator} must be {@link Integrator#RK4} or {@link Integrator#RK4_38}. */
    public Lorenz96Model(Lorenz96 drift, double dt, Integrator integrator, Parallel parallel) {
        this(drift, dt, integrator, parallel, Vectorization.enabled(), SMALL_MAX, BLOCK, FUSED_STEPS);
    }

    /** Test hook: choose the kernels and the blocking (so small d can exercise the large-d path). */
    Lorenz96Model(Lorenz96 drift, double dt, Integrator integrator, Parallel parallel, boolean vector, int smallMax, int block,
            int fusedSteps) {
        this.drift = Require.notNull("drift", drift);
        this.dt = Require.positive("dt", dt);
        this.integrator = Require.notNull("integrator", integrator);
        if (!supports(integrator))
            throw new IllegalArgumentException("integrator = " + integrator.cliName() + ": the fused Lorenz-96 step supports rk4 and rk4_38");
        this.parallel = Require.notNull("parallel", parallel);
        this.dim = drift.dim();
        this.forcing = drift.forcing();
        this.stages = vector ? Lorenz96StagesVector.INSTANCE : Lorenz96StagesScalar.INSTANCE;
        this.lanes = vector;
        this.smallMax = Math.max(smallMax, 11); // the blocked path needs d >= 12 (see fusedPass)
        this.block = Require.positive("block", block);
        this.fusedSteps = Require.positive("fusedSteps", fusedSteps);
        this.group = (int) Math.max(1, Math.min(MAX_GROUP, GROUP_BYTES / (6L * 8 * (dim + 3))));
        int length = dim <= this.smallMax ? group * (dim + 3) : block + 12 * fusedSteps;
        int head = dim <= this.smallMax ? 0 : 4 * fusedSteps;
        int laneLength = lanes && dim <= this.smallMax ? Lorenz96Lanes.length(dim) : 0;
        this.workspaces = new WorkspacePool<>(() -> new Workspace(Math.max(length, laneLength), head));
    }

    static boolean supports(Integrator integrator) {
        return integrator == Integrator.RK4 || integrator == Integrator.RK4_38;
    }

    public Lorenz96 drift() {
        return drift;
    }

    public Integrator integrator() {
        return integrator;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double dt() {
        return dt;
    }

    @Override
    public void advance(Ensemble ensemble, double t0, int steps) {
        DriftModel.checkEnsemble(ensemble, dim, drift.toString());
        Require.finite("t0", t0);
        Require.atLeast("steps", steps, 0);
        if (steps == 0) return;
        double[] data = ensemble.data();
        parallel.forRange(ensemble.members(), grain(dim, steps), (b, from, to) -> {
            Workspace w = workspaces.acquire();
            try {
                if (dim <= smallMax) {
                    int m = from;
                    if (lanes) {
                        for (; to - m >= Lorenz96Lanes.LANES; m += Lorenz96Lanes.LANES) advanceLanes(data, m, steps, w);
                    }
                    for (; m < to; m += group) advanceSmall(data, m, Math.min(group, to - m), steps, w);
                } else {
                    for (int m = from; m < to; m++) advanceBlocked(data, m * dim, steps, w);
                }
            } finally {
                workspaces.release(w);
            }
        });
    }

    /** Members per parallel block so a block is about {@link #BLOCK_WORK} component-stage evaluations. */
    static int grain(int dim, int steps) {
        long perMember = 4L * dim * steps;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (BLOCK_WORK + perMember - 1) / perMember));
    }

    /** Scratch buffers of one thread: state window, step output, two stage inputs, two accumulators. */
    private static final class Workspace {
        final double[] x, w, y, z, acc, k, head;

        Workspace(int length, int headLength) {
            x = new double[length];
            w = new double[length];
            y = new double[length];
            z = new double[length];
            acc = new double[length];
            k = new double[length];
            head = new double[headLength];
        }
    }

    // ---- small d: a group of whole members, each in a padded periodic segment ----
    //
    // Member g of a group occupies segment [g·(d+3), (g+1)·(d+3)), its component i at p = g·(d+3) + i + 2,
    // with components d−2, d−1 copied in front and component 0 behind. Each stage is ONE loop over the whole
    // group: positions in the padding compute throw-away values (their neighbours are valid numbers) that
    // the halo refresh overwrites before anything reads them. Grouping keeps vector loops long and puts a
    // whole group's work between a stage's stores and the next stage's overlapping unaligned loads (which
    // otherwise stall on store-to-load forwarding at small d).

    private void advanceSmall(double[] data, int first, int count, int steps, Workspace w) {
        int d = dim, seg = d + 3;
        double[] x = w.x;
        for (int g = 0; g < count; g++) System.arraycopy(data, (first + g) * d, x, g * seg + 2, d);
        wrap(x, count);
        for (int s = 0; s < steps; s++) stepGroup(x, count, w);
        for (int g = 0; g < count; g++) System.arraycopy(x, g * seg + 2, data, (first + g) * d, d);
    }

    /** Refreshes every segment's halo: slots 0, 1 = components d−2, d−1 and slot d+2 = component 0. */
    private void wrap(double[] u, int count) {
        int d = dim, seg = d + 3;
        for (int o = 0, end = count * seg; o < end; o += seg) {
            u[o] = u[o + d];
            u[o + 1] = u[o + d + 1];
            u[o + d + 2] = u[o + 2];
        }
    }

    private void stepGroup(double[] x, int count, Workspace w) {
        int from = 2, to = count * (dim + 3) - 1;
        double h = dt, f = forcing;
        double[] y = w.y, z = w.z, acc = w.acc;
        if (integrator == Integrator.RK4) {
            stages.first(x, y, acc, from, to, f, h / 2);
            wrap(y, count);
            stages.rk4Middle(x, y, z, acc, from, to, f, h / 2);
            wrap(z, count);
            stages.rk4Middle(x, z, y, acc, from, to, f, h);
            wrap(y, count);
            stages.last(x, y, acc, x, from, to, f, h / 6);
        } else {
            double[] k = w.k;
            stages.first(x, y, k, from, to, f, h / 3);
            wrap(y, count);
            stages.rk38Second(x, y, z, k, acc, from, to, f, h);
            wrap(z, count);
            stages.rk38Third(x, z, y, k, acc, from, to, f, h);
            wrap(y, count);
            stages.last(x, y, acc, x, from, to, f, h / 8);
        }
        wrap(x, count);
    }

    // ---- small d, vector path: LANES members in lane-interleaved buffers (see Lorenz96Lanes) ----

    private void advanceLanes(double[] data, int first, int steps, Workspace w) {
        int d = dim;
        double h = dt, f = forcing;
        double[] x = w.x, y = w.y, z = w.z, acc = w.acc;
        Lorenz96Lanes.load(data, first, d, x);
        for (int s = 0; s < steps; s++) {
            int lo = 2, hi = d + 2;
            if (integrator == Integrator.RK4) {
                Lorenz96Lanes.first(x, y, acc, lo, hi, f, h / 2);
                Lorenz96Lanes.wrap(y, d);
                Lorenz96Lanes.rk4Middle(x, y, z, acc, lo, hi, f, h / 2);
                Lorenz96Lanes.wrap(z, d);
                Lorenz96Lanes.rk4Middle(x, z, y, acc, lo, hi, f, h);
                Lorenz96Lanes.wrap(y, d);
                Lorenz96Lanes.last(x, y, acc, lo, hi, f, h / 6);
            } else {
                double[] k = w.k;
                Lorenz96Lanes.first(x, y, k, lo, hi, f, h / 3);
                Lorenz96Lanes.wrap(y, d);
                Lorenz96Lanes.rk38Second(x, y, z, k, acc, lo, hi, f, h);
                Lorenz96Lanes.wrap(z, d);
                Lorenz96Lanes.rk38Third(x, z, y, k, acc, lo, hi, f, h);
                Lorenz96Lanes.wrap(y, d);
                Lorenz96Lanes.last(x, y, acc, lo, hi, f, h / 8);
            }
            Lorenz96Lanes.wrap(x, d);
        }
        Lorenz96Lanes.store(x, d, data, first);
    }

    // ---- large d: blocks with halos, several steps fused per pass ----

    private void advanceBlocked(double[] data, int base, int steps, Workspace w) {
        // S fused steps need a left halo of 8S and a saved head of 4S components: keep 12S <= d.
        int maxFused = Math.max(1, Math.min(fusedSteps, dim / 12));
        for (int done = 0; done < steps; ) {
            int s = Math.min(steps - done, maxFused);
            fusedPass(data, base, s, w);
            done += s;
        }
    }

    /** Advances one member by {@code s} steps in one read and one write of its components. */
    private void fusedPass(double[] data, int base, int s, Workspace w) {
        int d = dim, left = 8 * s, right = 4 * s, halo = left + right;
        double[] x = w.x, out = w.w, head = w.head;
        System.arraycopy(data, base, head, 0, right); // the last block's right halo, before block 0 overwrites it
        int previous = 0;
        for (int a = 0; a < d; a += block) {
            int b = Math.min(a + block, d), n = b - a;
            if (a == 0) {
                loadWindow(data, base, head, x, 0, -left, b + right);
            } else {
                // The previous window's unmodified tail is this window's head: original values of [a−8S, a+4S).
                System.arraycopy(x, previous, x, 0, halo);
                loadWindow(data, base, head, x, halo, a + right, b + right);
            }
            double[] in = x;
            int lo = 0, hi = n + halo;
            for (int step = 0; step < s; step++) {
                stepWindow(in, out, lo, hi, w);
                in = out;
                lo += 8;
                hi -= 4;
            }
            System.arraycopy(out, left, data, base + a, n);
            previous = n;
        }
    }

    /**
     * Copies member components [gFrom, gTo) (periodic, gFrom ≥ −d, gTo ≤ d + head.length) into
     * window[dst ..]. Indices at or past d come from the saved head, because the member's first components
     * may already hold new values.
     */
    private void loadWindow(double[] data, int base, double[] head, double[] window, int dst, int gFrom, int gTo) {
        int d = dim;
        int negEnd = Math.min(gTo, 0);
        if (gFrom < negEnd) {
            System.arraycopy(data, base + d + gFrom, window, dst, negEnd - gFrom);
            dst += negEnd - gFrom;
        }
        int midFrom = Math.max(gFrom, 0), midEnd = Math.min(gTo, d);
        if (midFrom < midEnd) {
            System.arraycopy(data, base + midFrom, window, dst, midEnd - midFrom);
            dst += midEnd - midFrom;
        }
        int highFrom = Math.max(gFrom, d);
        if (highFrom < gTo) System.arraycopy(head, highFrom - d, window, dst, gTo - highFrom);
    }

    /** One RK4 step on a window: input valid on [lo, hi), output on [lo+8, hi−4); out may equal in. */
    private void stepWindow(double[] x, double[] out, int lo, int hi, Workspace w) {
        double h = dt, f = forcing;
        double[] y = w.y, z = w.z, acc = w.acc;
        if (integrator == Integrator.RK4) {
            stages.first(x, y, acc, lo + 2, hi - 1, f, h / 2);
            stages.rk4Middle(x, y, z, acc, lo + 4, hi - 2, f, h / 2);
            stages.rk4Middle(x, z, y, acc, lo + 6, hi - 3, f, h);
            stages.last(x, y, acc, out, lo + 8, hi - 4, f, h / 6);
        } else {
            double[] k = w.k;
            stages.first(x, y, k, lo + 2, hi - 1, f, h / 3);
            stages.rk38Second(x, y, z, k, acc, lo + 4, hi - 2, f, h);
            stages.rk38Third(x, z, y, k, acc, lo + 6, hi - 3, f, h);
            stages.last(x, y, acc, out, lo + 8, hi - 4, f, h / 8);
        }
    }

    @Override
    public String describe() {
        return drift + ", " + integrator.cliName() + " (fused), dt=" + Models.format(dt);
    }
}
