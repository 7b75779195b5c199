package org.enflow.kernel;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Standard normal draws into arrays. The sampler is pinned (Commons RNG's McFarland ziggurat), so the
 * same stream gives the same numbers on every JDK and thread count.
 */
public final class Gaussian {
    private final NormalizedGaussianSampler sampler;

    public Gaussian(UniformRandomProvider rng) {
        this.sampler = ZigguratSampler.NormalizedGaussian.of(Require.notNull("rng", rng));
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
