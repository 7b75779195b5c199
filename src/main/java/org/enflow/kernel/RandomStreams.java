package org.enflow.kernel;

import org.apache.commons.rng.JumpableUniformRandomProvider;
import org.apache.commons.rng.LongJumpableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent random streams derived from one master seed.
 *
 * <p>The master seed seeds a Xoshiro256++ generator. Each purpose (truth, observations, initial
 * ensemble, filter) is a different long jump (2^192 draws apart); within a purpose, each member is a
 * different jump (2^128 draws apart). Streams therefore never overlap, and a member's stream does not
 * depend on how many threads consume the others: the basis of thread-count-independent results.
 */
public final class RandomStreams {
    /** The purposes a twin experiment draws random numbers for. */
    public enum Purpose { TRUTH, OBSERVATIONS, INITIAL_ENSEMBLE, FILTER, MODEL_NOISE, AUXILIARY }

    private final long seed;

    public RandomStreams(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The stream of a purpose (member 0). */
    public UniformRandomProvider stream(Purpose purpose) {
        return stream(purpose, 0);
    }

    /** One stream per (purpose, member). */
    public UniformRandomProvider stream(Purpose purpose, int member) {
        Require.atLeast("member", member, 0);
        LongJumpableUniformRandomProvider root =
                (LongJumpableUniformRandomProvider) RandomSource.XO_SHI_RO_256_PP.create(seed);
        for (int k = 0; k <= purpose.ordinal(); k++) root.longJump();
        JumpableUniformRandomProvider j = root;
        for (int k = 0; k < member; k++) j.jump();
        return j;
    }

    /** Streams for members 0..count-1 of a purpose, computed with one jump per member. */
    public UniformRandomProvider[] streams(Purpose purpose, int count) {
        Require.atLeast("count", count, 0);
        LongJumpableUniformRandomProvider root =
                (LongJumpableUniformRandomProvider) RandomSource.XO_SHI_RO_256_PP.create(seed);
        for (int k = 0; k <= purpose.ordinal(); k++) root.longJump();
        UniformRandomProvider[] out = new UniformRandomProvider[count];
        for (int i = 0; i < count; i++) out[i] = root.jump(); // jump() returns a copy of the state before jumping
        return out;
    }
}
