package org.enflow.filter.flowdas;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;
import org.enflow.model.Model;
import org.enflow.model.NoisyModel;

/**
 * The climatological normalization of a model ({@code normalize=auto} of the closed-form drift): the
 * per-coordinate mean and std of a free run. {@value #MEMBERS} trajectories start at N(0, I), are spun up
 * {@value #SPIN_UP} steps and sampled every step for {@value #SAMPLES} steps, with the model's process
 * noise drawn from stream (AUXILIARY, {@value #STREAM}) and the noise-free inner model stepped directly,
 * so building it consumes none of the streams an experiment uses. Deterministic for a seed.
 */
public final class Climatology {
    static final int MEMBERS = 8, SPIN_UP = 1000, SAMPLES = 2500, STREAM = 3;

    private Climatology() {}

    public static Normalization of(Model model, RandomStreams streams) {
        Require.notNull("model", model);
        Require.notNull("streams", streams);
        Model inner = model;
        double q = 0;
        if (model instanceof NoisyModel noisy) {
            inner = noisy.inner();
            q = noisy.q();
        }
        int d = model.dim();
        Gaussian g = new Gaussian(streams.stream(RandomStreams.Purpose.AUXILIARY, STREAM));
        Ensemble e = new Ensemble(MEMBERS, d);
        g.fill(e.data(), 0, MEMBERS * d);
        double[] states = new double[MEMBERS * SAMPLES * d];
        for (int step = 0; step < SPIN_UP + SAMPLES; step++) {
            inner.advance(e, 0.0, 1);
            if (q > 0) g.addScaled(e.data(), 0, MEMBERS * d, q);
            if (step >= SPIN_UP) System.arraycopy(e.data(), 0, states, (step - SPIN_UP) * MEMBERS * d, MEMBERS * d);
        }
        e.requireFinite("climatology run of " + model.describe());
        return Normalization.ofStates(states, MEMBERS * SAMPLES, d);
    }
}
