package org.enflow.filter.flowdas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.enflow.kernel.Parallel;
import org.enflow.model.NoisyModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * flowdas.md test oracle 3 with a small but honest budget, and oracle 4 for the learned drift. The
 * network of flowdas.md §4 (15-64-64-64-3, SiLU, 9.5k parameters) is trained on the FlowDAS Lorenz-63
 * transition (RK4, dt = 0.025, noise N(0, dt·I)) for 1500 Adam steps of 512 draws from 64 trajectories
 * of 512 transitions: about 8·10⁵ sample-gradients, 1.6% of the spec's 5·10⁷ (the full run is
 * {@code enflow train-drift}, docs/filters.md). On 8192 validation draws from separate trajectories the
 * network's MSE against the closed-form drift b* (with the model's own RK4 mean map) must be ≤ 5% of
 * Var(b*) (oracle 3). Training is deterministic (fixed blocks and streams), so this is a regression
 * check on a fixed result, not a flaky statistical one. (Oracle 4 needs more: a drift this small budget
 * gives transitions about twice too wide, because the variance is created where κ_b swings from −1/(1−s)
 * to 2, in the last ~c/ε ≈ 2% of s, which an MSE averaged over s weighs little; the full
 * {@code train-drift} run gives stds within 20% of the generator's, docs/filters.md.)
 */
class LearnedDriftOracleTest {
    static DriftTrainer.Result result;
    static NoisyModel model;

    @BeforeAll
    static void train() {
        try (Parallel p = new Parallel(2)) {
            model = FlowDasFilterTest.l63(p, 21);
            TrainingConfig c = TrainingConfig.defaults(5).withSteps(1500).withData(64, 16, 512);
            result = DriftTrainer.train(model, 1, c, p, null);
        }
    }

    @Test
    void oracle3NetworkMeetsTheClosedFormDrift() {
        assertTrue(result.closedFormRatio() <= 0.05, "MSE(b, b*)/Var(b*) = " + result.closedFormRatio());
        // The loss cannot go below the closed form's irreducible floor (−ε√s z is unpredictable).
        assertTrue(result.validationLoss() >= result.floorLoss(), result.validationLoss() + " < floor " + result.floorLoss());
        assertEquals(Integer.toString(1500), result.drift().info().get("steps"));
    }

}
