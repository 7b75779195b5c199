package org.enflow.filter.flowdas;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.enflow.experiment.CycleRecord;
import org.enflow.experiment.ExperimentConfig;
import org.enflow.experiment.ExperimentResult;
import org.enflow.experiment.Presets;
import org.enflow.experiment.RegistryCatalog;
import org.enflow.experiment.TwinExperiment;
import org.junit.jupiter.api.Test;

/**
 * flowdas.md test oracle 5: on Lorenz-63, guided FlowDAS has a lower NRMSE than the same sweep without
 * guidance (forecast only), on the same seeds (same truth, observations and initial ensemble). The
 * FlowDAS model (RK4 dt = 0.025 + N(0, dt·I)), closed-form drift, N = 10, 100 cycles, all three
 * components observed with σ = 1; a 100-point grid keeps the test fast. Without guidance the members run
 * freely and lose the truth within a few Lyapunov times; the guidance nudges every member toward y each
 * cycle (measured on seeds 1–4 with the 600-point grid: mean RMSE 1.76 guided against 3.95 forecast-only,
 * lower on every seed). The NRMSE divides the RMSE by the truth's RMS, the same for both runs of a seed,
 * so comparing RMSEs compares NRMSEs. With the preset's weak atan(x/8), σ = 0.25 observation of x alone, the one-step
 * guidance is too weak to keep an unweighted ensemble on the attractor's right wing, and the two differ
 * by less than their seed-to-seed spread (docs/filters.md).
 */
class GuidanceValueOracleTest {
    static double rmse(long seed, String guidance) {
        ExperimentConfig c = Presets.get("flowdas-l63").builder().observation("identity").obsSigma(1.0).members(10).cycles(100)
                .burnIn(10).seed(seed).threads(2).filterSettings(Map.of("guidance", guidance, "grid", "100")).build();
        ExperimentResult r = TwinExperiment.run(c, new RegistryCatalog());
        assertTrue(r.divergedAt() < 0, "diverged");
        return r.mean(CycleRecord::rmseAnalysis);
    }

    @Test
    void guidedNrmseIsBelowForecastOnly() {
        double guidedSum = 0, freeSum = 0;
        for (long seed : new long[] {1, 2, 3}) {
            double guided = rmse(seed, "principled"), free = rmse(seed, "none");
            assertTrue(guided < free, "seed " + seed + ": guided RMSE " + guided + " >= forecast-only " + free);
            guidedSum += guided;
            freeSum += free;
        }
        assertTrue(guidedSum < 0.7 * freeSum, "guided " + guidedSum / 3 + " vs forecast-only " + freeSum / 3);
    }
}
