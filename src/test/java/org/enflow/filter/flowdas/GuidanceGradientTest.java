package org.enflow.filter.flowdas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.learn.Mlp;
import org.enflow.model.Integrator;
import org.enflow.model.Lorenz63;
import org.enflow.model.NoisyModel;
import org.enflow.observe.Observation;
import org.enflow.observe.Operators;
import org.junit.jupiter.api.Test;

/**
 * flowdas.md test oracle 6: the softmax-weighted guidance gradient Σ_j ω_j (∂x̂⁽ʲ⁾/∂X)ᵀ∇a_j equals central
 * finite differences of log((1/J)Σ_j exp a_j) with the endpoint draws ξ_j held fixed, to a relative error
 * of 1e-6, for every endpoint estimate, for the closed-form drift (Jacobian κ_b·I) and for a network drift
 * (vector–Jacobian products through the MLP), on Lorenz-63 in normalized units with a nonlinear
 * observation. Step h = 1e-5: truncation O(h²) ≈ 1e-10 relative. The difference quotient also carries the
 * rounding error of evaluating f = log p̂ twice, a few hundred ε|f| at most (sums of J terms, exp, log,
 * the drift), divided by 2h (measured: about ε|f|/h); where the exact gradient nearly cancels (the Euler endpoint of the bridge has
 * ∂x̂/∂X = 1 + (1−s)κ_b ≈ 0) that absolute term, allowed 50·ε|f|/h, dominates the relative one.
 */
class GuidanceGradientTest {
    static final int J = 7;

    static GaussianTransitionDrift closedForm() {
        NoisyModel model = new NoisyModel(new Lorenz63().model(0.025, Integrator.RK4, Parallel.sequential()), Math.sqrt(0.025),
                new RandomStreams(1), Parallel.sequential());
        Normalization norm = new Normalization(new double[] {0, 0, 25}, new double[] {8, 9, 8.6});
        return GaussianTransitionDrift.forModel(model, 1, new StochasticInterpolant(1), norm);
    }

    static MlpDrift network() {
        Mlp net = MlpDrift.network(3, 4, 16, 16);
        net.initialize(RandomSource.XO_SHI_RO_256_PP.create(3L));
        Normalization norm = new Normalization(new double[] {0, 0, 25}, new double[] {8, 9, 8.6});
        return new MlpDrift(net, 3, 4, new StochasticInterpolant(0.7), norm, 1, 0.025, "test", Map.of());
    }

    static void check(TransitionDrift drift, Endpoint endpoint, String spec, double sigma) {
        FlowDasConfig config = FlowDasConfig.defaults().withSamples(J).withEndpoint(endpoint, EndpointNoise.KAPPA);
        GuidedTransition t = new GuidedTransition(config, drift);
        double[] y = spec.startsWith("component") ? new double[] {0.3} : new double[] {0.3, -0.2, 0.9};
        Observation obs = Observation.withSigma(y, Operators.parse(spec, 3, null), sigma);
        GuidedTransition.Likelihood lik = new GuidedTransition.Likelihood(obs);
        double[] x0 = {0.4, 0.6, -0.3}, cond = new double[drift.conditionWidth()];
        drift.condition(x0, 1, cond, Parallel.sequential());
        double[] xi = new double[J * 3];
        new Gaussian(new RandomStreams(9).stream(RandomStreams.Purpose.AUXILIARY)).fill(xi, 0, xi.length);
        for (double s : new double[] {0, 0.1, 0.5, 0.93}) {
            double[] x = {0.5, 0.45, -0.2}, grad = new double[3], unused = new double[3];
            double f = t.logLikelihood(lik, s, x, cond, 0, xi, grad);
            double h = 1e-5, norm = Math.sqrt(grad[0] * grad[0] + grad[1] * grad[1] + grad[2] * grad[2]);
            for (int c = 0; c < 3; c++) {
                double[] up = x.clone(), down = x.clone();
                up[c] += h;
                down[c] -= h;
                double fd = (t.logLikelihood(lik, s, up, cond, 0, xi, unused) - t.logLikelihood(lik, s, down, cond, 0, xi, unused)) / (2 * h);
                assertEquals(fd, grad[c], 1e-6 * norm + 50 * Math.ulp(1.0) * Math.abs(f) / h, drift.describe() + " " + endpoint + " " + spec + " s=" + s + " component " + c);
            }
        }
    }

    @Test
    void closedFormGradientMatchesFiniteDifferences() {
        for (Endpoint e : Endpoint.values()) {
            check(closedForm(), e, "component:0>scale:0.125>arctan", 0.25);
            check(closedForm(), e, "identity", 2.0);
        }
    }

    @Test
    void networkGradientMatchesFiniteDifferences() {
        for (Endpoint e : Endpoint.values()) {
            check(network(), e, "component:0>scale:0.125>arctan", 0.25);
            check(network(), e, "identity>tanh", 0.5);
        }
    }
}
