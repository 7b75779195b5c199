package org.enflow.filter.flowdas;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.NoisyModel;
import org.junit.jupiter.api.Test;

/**
 * flowdas.md test oracle 4: without guidance (λ = 0 / guidance=none) the sweep samples the transition
 * kernel. Lorenz-63, one RK4 step of dt = 0.025 plus N(0, dt·I): from a state on the attractor, 3000
 * closed-form-drift samples against the generator's law N(RK4(x₀), dt·I) per coordinate: the mean (5
 * standard errors) and, for the std and a KS test at α = 0.001, the std the 600-point sweep produces
 * exactly ({@link TransitionSamples#discreteStd}; c = 0.158/8.4 ≈ 0.019 normalized is under-represented
 * by the grid, as in oracle 2), itself within 10% of dt^½. λ = 0 with principled guidance gives the same
 * law (it only draws the unused endpoint noise). The learned drift's version is in LearnedDriftOracleTest.
 */
class NoGuidanceOracleTest {
    @Test
    void closedFormSamplesMatchTheGenerator() {
        NoisyModel model = FlowDasFilterTest.l63(Parallel.sequential(), 1);
        Ensemble x = new Ensemble(1, 3);
        x.data()[0] = 1;
        x.data()[2] = 20;
        model.advance(x, 0, 800);
        double[] x0 = x.data().clone();
        Normalization norm = Climatology.of(model, new RandomStreams(3));
        GaussianTransitionDrift drift = GaussianTransitionDrift.forModel(model, 1, new StochasticInterpolant(1), norm);
        double[] samples = TransitionSamples.sample(drift, FlowDasConfig.defaults(), x0, 3000, 8);
        double[] std = new double[3];
        for (int c = 0; c < 3; c++) {
            std[c] = norm.scale(c) * TransitionSamples.discreteStd(model.q() / norm.scale(c), 1, 600);
            org.junit.jupiter.api.Assertions.assertEquals(model.q(), std[c], 0.1 * model.q(), "grid bias of coordinate " + c);
        }
        TransitionSamples.assertMatches(samples, 3, model, x0, std, "closed form, guidance none");
        // λ = 0 under principled guidance: the same transition law.
        FlowDasConfig zero = FlowDasConfig.defaults().withLambda(0).withSamples(2);
        GuidedTransition t = new GuidedTransition(zero, drift);
        double[] u0 = new double[3], cond = new double[6], out = new double[3], x1 = new double[3 * 1000];
        norm.toUnits(x0, 0, u0, 0);
        drift.condition(u0, 1, cond, Parallel.sequential());
        var lik = new GuidedTransition.Likelihood(org.enflow.observe.Observation.withSigma(new double[] {0.7},
                org.enflow.observe.Operators.parse("component:0>scale:0.125>arctan", 3, null), 0.25));
        var g = new org.enflow.kernel.Gaussian(new RandomStreams(9).stream(RandomStreams.Purpose.FILTER));
        for (int i = 0; i < 1000; i++) {
            t.run(lik, cond, 0, u0, 0, out, 0, g);
            norm.fromUnits(out, 0, x1, 3 * i);
        }
        TransitionSamples.assertMatches(x1, 3, model, x0, std, "closed form, principled guidance with lambda = 0");
    }
}
