package org.enflow.filter.flowdas;

import org.enflow.kernel.Require;

/**
 * What {@link DriftTrainer} does. Defaults follow flowdas.md §4's CPU recommendation where the 10-minute
 * 2-core budget allows: three hidden layers of 64 (SiLU), K = 4 Fourier pairs, Adam (0.9, 0.999) with
 * learning rate 1e-3 decayed to 0 on a cosine, batch 512, fresh (pair, s, z) every step; the data are
 * 256 training and 32 validation trajectories of 1024 transitions after 1024 warm-up transitions.
 *
 * @param hidden                 hidden widths
 * @param fourier                K Fourier pairs of s
 * @param steps                  Adam steps
 * @param batch                  samples per step
 * @param learningRate           initial learning rate (cosine decay to 0)
 * @param seed                   seed of the data (trajectories, noise) and of the training draws
 * @param trajectories           training trajectories
 * @param validationTrajectories validation trajectories (separate, same model)
 * @param length                 transitions per trajectory
 * @param spinUp                 model steps discarded before a trajectory starts
 * @param epsilon                the interpolant's ε
 * @param validationSamples      (pair, s, z) draws of the validation scores
 */
public record TrainingConfig(int[] hidden, int fourier, int steps, int batch, double learningRate, long seed,
                             int trajectories, int validationTrajectories, int length, int spinUp, double epsilon,
                             int validationSamples) {
    /** Rows per gradient block: the batch is cut into blocks of this size, independent of the thread count. */
    public static final int BLOCK_ROWS = 64;

    public TrainingConfig {
        Require.notNull("hidden", hidden);
        if (hidden.length == 0) throw new IllegalArgumentException("hidden: expected at least one hidden layer");
        for (int l = 0; l < hidden.length; l++) Require.positive("hidden[" + l + "]", hidden[l]);
        hidden = hidden.clone();
        Require.atLeast("fourier", fourier, 0);
        Require.positive("steps", steps);
        Require.positive("batch", batch);
        Require.positive("learningRate", learningRate);
        Require.positive("trajectories", trajectories);
        Require.positive("validationTrajectories", validationTrajectories);
        Require.positive("length", length);
        Require.atLeast("spinUp", spinUp, 0);
        Require.positive("epsilon", epsilon);
        Require.positive("validationSamples", validationSamples);
    }

    public static TrainingConfig defaults(long seed) {
        return new TrainingConfig(new int[] {64, 64, 64}, MlpDrift.DEFAULT_FOURIER, 20_000, 512, 1e-3, seed, 256, 32, 1024, 1024,
                1.0, 8192);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public TrainingConfig withSteps(int s) {
        return new TrainingConfig(hidden, fourier, s, batch, learningRate, seed, trajectories, validationTrajectories, length,
                spinUp, epsilon, validationSamples);
    }

    public TrainingConfig withBatch(int b) {
        return new TrainingConfig(hidden, fourier, steps, b, learningRate, seed, trajectories, validationTrajectories, length,
                spinUp, epsilon, validationSamples);
    }

    public TrainingConfig withHidden(int... h) {
        return new TrainingConfig(h, fourier, steps, batch, learningRate, seed, trajectories, validationTrajectories, length,
                spinUp, epsilon, validationSamples);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(hidden, fourier, steps, batch, lr, seed, trajectories, validationTrajectories, length,
                spinUp, epsilon, validationSamples);
    }

    public TrainingConfig withData(int train, int validation, int len) {
        return new TrainingConfig(hidden, fourier, steps, batch, learningRate, seed, train, validation, len, spinUp, epsilon,
                validationSamples);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig t && java.util.Arrays.equals(hidden, t.hidden) && fourier == t.fourier
                && steps == t.steps && batch == t.batch && learningRate == t.learningRate && seed == t.seed
                && trajectories == t.trajectories && validationTrajectories == t.validationTrajectories
                && length == t.length && spinUp == t.spinUp && epsilon == t.epsilon && validationSamples == t.validationSamples;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(hidden), fourier, steps, batch, learningRate, seed);
    }
}
