package org.enflow.kernel;

import org.apache.commons.rng.JumpableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Standard normal draws into arrays. The sampler is pinned (Commons RNG's McFarland ziggurat), so the
 * same stream gives the same numbers on every JDK and thread count.
 */
public final class Gaussian {
    private final UniformRandomProvider rng;
    private final NormalizedGaussianSampler sampler;

    public Gaussian(UniformRandomProvider rng) {
        this.rng = Require.notNull("rng", rng);
        this.sampler = ZigguratSampler.NormalizedGaussian.of(rng);
    }

    /** Whether {@link #jump} can split off streams: the generator is jumpable (every stream of {@link RandomStreams} is). */
    public boolean jumpable() {
        return rng instanceof JumpableUniformRandomProvider;
    }

    /**
     * A new stream for draws on another thread: a copy of this stream's generator, after which this stream's
     * generator jumps ahead (2^128 draws for Xoshiro256++), so the two never overlap. The k-th call from a
     * given state always gives the same stream: callers that split a fixed amount of work into fixed pieces,
     * one jump each in piece order, get the same numbers on any number of threads.
     *
     * @throws IllegalStateException if the generator is not jumpable
     */
    public Gaussian jump() {
        if (!jumpable()) throw new IllegalStateException("Gaussian.jump: the generator " + rng.getClass().getSimpleName() + " is not jumpable");
        return new Gaussian(((JumpableUniformRandomProvider) rng).jump());
    }

    public double next() {
        return sampler.sample();
    }

    /** out[off..off+n) = N(0, 1) draws. */
    public void fill(double[] out, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) out[i] = sampler.sample();
    }

    /** out[off..off+n) += scale * N(0, 1) draws. */
    public void addScaled(double[] out, int off, int n, double scale) {
        for (int i = off, end = off + n; i < end; i++) out[i] += scale * sampler.sample();
    }
}
