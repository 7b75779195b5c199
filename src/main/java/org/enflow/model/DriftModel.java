package org.enflow.model;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * Any {@link Drift} stepped by any explicit {@link Integrator}: the generic path for user models.
 *
 * <p>Members are independent, so the ensemble is cut into member blocks ({@link Parallel#forRange}) and
 * each block runs all steps for its members before moving on. Inside a block, members go in chunks small
 * enough that the chunk's state and stage buffers (s + 2 arrays of chunk·d doubles) stay in L2; the
 * buffers come from a pool of per-thread workspaces, so a step allocates nothing. A member's arithmetic
 * does not depend on the chunking, so results are bit-identical for any thread count.
 */
public final class DriftModel implements Model {
    /** Target bytes of one chunk's buffers: half of the 1 MiB L2. */
    private static final int CHUNK_BYTES = 512 * 1024;
    /** Drift component evaluations per parallel block: at ~1 ns each, about 1 ms of work. */
    private static final long BLOCK_WORK = 1_000_000;

    private final Drift drift;
    private final double dt;
    private final Integrator integrator;
    private final Parallel parallel;
    private final int dim;
    private final int chunkMembers;
    private final String name;
    private final WorkspacePool<double[][]> workspaces;

    public DriftModel(Drift drift, double dt, Integrator integrator, Parallel parallel) {
        this.drift = Require.notNull("drift", drift);
        this.dt = Require.positive("dt", dt);
        this.integrator = Require.notNull("integrator", integrator);
        this.parallel = Require.notNull("parallel", parallel);
        this.dim = Require.positive("drift.dim()", drift.dim());
        this.name = driftName(drift);
        int s = integrator.stages();
        this.chunkMembers = (int) Math.max(1, CHUNK_BYTES / (8L * (s + 2) * dim));
        // Buffers: [0] state chunk, [1] stage input, [2 ..] stage derivatives k_j.
        this.workspaces = new WorkspacePool<>(() -> {
            double[][] w = new double[s + 2][];
            for (int k = 0; k < w.length; k++) w[k] = new double[chunkMembers * dim];
            return w;
        });
    }

    public Drift drift() {
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
        checkEnsemble(ensemble, dim, name);
        Require.finite("t0", t0);
        Require.atLeast("steps", steps, 0);
        if (steps == 0) return;
        double[] data = ensemble.data();
        parallel.forRange(ensemble.members(), grain(dim, steps * integrator.stages()), (block, from, to) -> {
            double[][] w = workspaces.acquire();
            try {
                for (int m = from; m < to; m += chunkMembers) advanceChunk(data, m, Math.min(to, m + chunkMembers), t0, steps, w);
            } finally {
                workspaces.release(w);
            }
        });
    }

    private void advanceChunk(double[] data, int from, int to, double t0, int steps, double[][] w) {
        int count = to - from;
        int n = count * dim;
        double[] x = w[0], y = w[1];
        System.arraycopy(data, from * dim, x, 0, n);
        int s = integrator.stages();
        for (int step = 0; step < steps; step++) {
            double t = t0 + step * dt;
            for (int j = 0; j < s; j++) {
                double[] kj = w[2 + j];
                if (j == 0) {
                    drift.evaluate(x, kj, 0, count, t);
                    continue;
                }
                System.arraycopy(x, 0, y, 0, n);
                for (int l = 0; l < j; l++) {
                    double a = integrator.a(j, l);
                    if (a != 0) axpy(dt * a, w[2 + l], y, n);
                }
                drift.evaluate(y, kj, 0, count, t + integrator.c(j) * dt);
            }
            for (int j = 0; j < s; j++) axpy(dt * integrator.b(j), w[2 + j], x, n);
        }
        System.arraycopy(x, 0, data, from * dim, n);
    }

    /** y += alpha x over [0, n); a plain loop the JIT vectorizes. */
    private static void axpy(double alpha, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) y[i] += alpha * x[i];
    }

    /** Members per parallel block so one block is about {@link #BLOCK_WORK} component evaluations. */
    static int grain(int dim, long evaluationsPerMember) {
        long perMember = Math.max(1, (long) dim * evaluationsPerMember);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (BLOCK_WORK + perMember - 1) / perMember));
    }

    /** The drift's own toString() when it has one (e.g. "lorenz96(d=40, F=8)"), else its class name and d. */
    private static String driftName(Drift drift) {
        try {
            if (drift.getClass().getMethod("toString").getDeclaringClass() != Object.class) return drift.toString();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        String simple = drift.getClass().getSimpleName();
        return (simple.isEmpty() ? "drift" : simple) + "(d=" + drift.dim() + ")";
    }

    /** Rejects an ensemble whose dimension does not match the model, naming both. */
    static void checkEnsemble(Ensemble ensemble, int dim, String model) {
        Require.notNull("ensemble", ensemble);
        if (ensemble.dim() != dim)
            throw new IllegalArgumentException("ensemble dim = " + ensemble.dim() + ": expected " + dim + " for " + model);
    }

    @Override
    public String describe() {
        return name + ", " + integrator.cliName() + ", dt=" + Models.format(dt);
    }
}
