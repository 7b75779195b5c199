package org.enflow.filter.flowdas;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;
import org.enflow.model.Model;

/**
 * Simulated transition pairs (x_k, x_{k+1}) of a model, the FlowDAS training data (flowdas.md §6): T
 * trajectories started at N(0, I), spun up (the upstream Lorenz data discards 1024 warm-up transitions),
 * then L transitions of {@code stepsPerTransition} model steps each. States are stored in raw
 * coordinates, trajectory-major: state k of trajectory t at {@code ((t·(L+1) + k)·d}. The model's own
 * randomness (a {@link org.enflow.model.NoisyModel}'s process noise) gives the transition noise; the
 * initial states draw from stream (AUXILIARY, 0) of {@code streams}.
 */
public final class TransitionPairs {
    private final int dim, trajectories, length;
    private final double[] states;

    private TransitionPairs(int dim, int trajectories, int length, double[] states) {
        this.dim = dim;
        this.trajectories = trajectories;
        this.length = length;
        this.states = states;
    }

    public static TransitionPairs simulate(Model model, int trajectories, int length, int spinUp, int stepsPerTransition,
                                           RandomStreams streams) {
        Require.notNull("model", model);
        Require.positive("trajectories", trajectories);
        Require.positive("length", length);
        Require.atLeast("spinUp", spinUp, 0);
        Require.positive("stepsPerTransition", stepsPerTransition);
        Require.notNull("streams", streams);
        int d = model.dim();
        long size = (long) trajectories * (length + 1) * d;
        if (size > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("trajectories * (length + 1) * d = " + size + ": too many states for one array");
        Ensemble e = new Ensemble(trajectories, d);
        new Gaussian(streams.stream(RandomStreams.Purpose.AUXILIARY, 0)).fill(e.data(), 0, trajectories * d);
        if (spinUp > 0) model.advance(e, 0.0, spinUp);
        double[] states = new double[(int) size];
        double[] x = e.data();
        for (int k = 0; k <= length; k++) {
            if (k > 0) model.advance(e, (spinUp + (double) (k - 1) * stepsPerTransition) * model.dt(), stepsPerTransition);
            for (int t = 0; t < trajectories; t++) System.arraycopy(x, t * d, states, (t * (length + 1) + k) * d, d);
        }
        e.requireFinite("simulated trajectories of " + model.describe());
        return new TransitionPairs(d, trajectories, length, states);
    }

    public int dim() {
        return dim;
    }

    public int trajectories() {
        return trajectories;
    }

    /** Transitions per trajectory L. */
    public int length() {
        return length;
    }

    /** Number of pairs T·L. */
    public int pairs() {
        return trajectories * length;
    }

    /** Offset of x₀ of pair p (x₁ follows at + d). */
    public int offset(int pair) {
        int t = pair / length, k = pair % length;
        return (t * (length + 1) + k) * dim;
    }

    /** The raw state array (see the class comment). */
    public double[] states() {
        return states;
    }

    /** The climatological normalization of all stored states. */
    public Normalization normalization() {
        return Normalization.ofStates(states, trajectories * (length + 1), dim);
    }
}
