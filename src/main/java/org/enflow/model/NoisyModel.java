package org.enflow.model;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;

/**
 * Additive process noise: after every step of the inner model, x ← x + q·ξ with ξ ~ N(0, I)
 * (models.md §1; FlowDAS uses q = √dt). Member i draws from its own stream (purpose MODEL_NOISE,
 * member i, unless another purpose and first member are given), which continues across calls, so results
 * do not depend on the thread count. A twin experiment's truth uses a different purpose than the
 * ensemble (see {@code RegistryCatalog}), so that the truth's noise is not member 0's.
 */
public final class NoisyModel implements Model {
    /** Gaussian draws per parallel block: ~0.5 ms at ~5 ns each. */
    private static final long BLOCK_WORK = 100_000;

    private final Model inner;
    private final double q;
    private final RandomStreams streams;
    private final Parallel parallel;
    private final RandomStreams.Purpose purpose;
    private final int firstMember;
    private Gaussian[] noise = new Gaussian[0];

    public NoisyModel(Model inner, double q, RandomStreams streams) {
        this(inner, q, streams, Parallel.common());
    }

    public NoisyModel(Model inner, double q, RandomStreams streams, Parallel parallel) {
        this(inner, q, streams, RandomStreams.Purpose.MODEL_NOISE, 0, parallel);
    }

    /** Member i draws from stream {@code firstMember + i} of {@code purpose}. */
    public NoisyModel(Model inner, double q, RandomStreams streams, RandomStreams.Purpose purpose, int firstMember,
                      Parallel parallel) {
        this.inner = Require.notNull("inner", inner);
        this.q = Require.nonNegative("q", q);
        this.streams = Require.notNull("streams", streams);
        this.purpose = Require.notNull("purpose", purpose);
        this.firstMember = Require.atLeast("firstMember", firstMember, 0);
        this.parallel = Require.notNull("parallel", parallel);
    }

    public Model inner() {
        return inner;
    }

    /** The noise standard deviation per step. */
    public double q() {
        return q;
    }

    @Override
    public int dim() {
        return inner.dim();
    }

    @Override
    public double dt() {
        return inner.dt();
    }

    @Override
    public void advance(Ensemble ensemble, double t0, int steps) {
        DriftModel.checkEnsemble(ensemble, dim(), describe());
        Require.atLeast("steps", steps, 0);
        int members = ensemble.members(), d = dim();
        Gaussian[] g = generators(members);
        double[] data = ensemble.data();
        int grain = (int) Math.max(1, (BLOCK_WORK + d - 1) / d);
        for (int s = 0; s < steps; s++) {
            inner.advance(ensemble, t0 + s * dt(), 1);
            if (q == 0) continue;
            parallel.forRange(members, grain, (block, from, to) -> {
                for (int m = from; m < to; m++) g[m].addScaled(data, m * d, d, q);
            });
        }
    }

    /** Member streams 0..members−1, created once and continued on later calls. */
    private synchronized Gaussian[] generators(int members) {
        if (noise.length < members) {
            Gaussian[] grown = java.util.Arrays.copyOf(noise, members);
            // streams(...) derives all members with one jump each; only the new ones are taken (fresh).
            var fresh = streams.streams(purpose, firstMember + members);
            for (int m = noise.length; m < members; m++) grown[m] = new Gaussian(fresh[firstMember + m]);
            noise = grown;
        }
        return noise;
    }

    @Override
    public String describe() {
        return inner.describe() + " + noise(q=" + Models.format(q) + ")";
    }
}
