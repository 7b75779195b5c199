package org.enflow.experiment.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The work models against counts worked out by hand for one shape each. */
class WorkloadsTest {
    private static Workload of(String bench, Map<String, String> params) {
        return Workloads.of("org.enflow.bench." + bench, params).orElseThrow();
    }

    @Test
    void kernels() {
        // Gram 500 x 256: 2 * 500^2 * 256 = 1.28e8 flops; 16 * 500 * 256 + 8 * 500^2 = 4.048e6 bytes.
        Workload g = of("PairwiseBench.gram", Map.of("shape", "500x256"));
        assertEquals(1.28e8, g.flops(), 1e-6);
        assertEquals(4.048e6, g.bytes(), 1e-6);
        // Distances: 3n^2d up to n = 128 (direct differences), 2n^2d above (centred Gram).
        assertEquals(3 * 400 * 40.0, of("PairwiseBench.squaredDistances", Map.of("shape", "20x40")).flops(), 1e-9);
        assertEquals(2 * 4e6 * 256, of("PairwiseBench.squaredDistances", Map.of("shape", "2000x256")).flops(), 1e-3);
        assertEquals(4 * 4e6 * 40, of("FusedSoftmaxBench.attend", Map.of("shape", "2000x40")).flops(), 1e-3);
    }

    @Test
    void forecastsCountElementSteps() {
        // 1000 members x 40 components x 10 steps = 4e5 element-steps, 30 flops each; the legacy name too.
        Workload w = of("ForecastBench.forecast", Map.of("config", "l96:1000x40", "steps", "10"));
        assertEquals(4e5, w.elements(), 0);
        assertEquals(1.2e7, w.flops(), 1e-6);
        assertEquals(16 * 4e4, w.bytes(), 0);
        assertEquals(w.flops(), of("L96ForecastBench.forecast", Map.of("shape", "1000x40", "steps", "10")).flops(), 0);
        // KS d = 1024: (20 * 10 + 32) = 232 flops per element-step.
        assertEquals(232 * 20 * 1024 * 10.0, of("ForecastBench.forecast", Map.of("config", "ks:20x1024", "steps", "10")).flops(), 1e-3);
    }

    @Test
    void twinProblemsAndRoofline() {
        // f2p N = 20, d = 1e6: 3 * 400 * 1e6 + 17 * 2e7 = 1.54e9 flops; 56 * 2e7 + 16e6 = 1.136e9 bytes.
        Workload f = of("TwinBench.step", Map.of("problem", "f2p:20x1000000"));
        assertEquals(1.54e9, f.flops(), 1);
        assertEquals(1.136e9, f.bytes(), 1);
        // At 96 GFLOP/s and 30 GB/s the bytes take longer (37.9 ms vs 16.0 ms): memory-bound.
        assertTrue(f.memoryBound(96e9, 30e9));
        assertEquals(1.136e9 / 30e9, f.boundSeconds(96e9, 30e9), 1e-15);
        // kde 2000 x 40: 4 * 4e6 * 40 + 2 * 8e4 = 6.4016e8 flops, arithmetic intensity ~ 248: FMA-bound.
        Workload k = of("TwinBench.step", Map.of("problem", "kde:2000x40"));
        assertEquals(6.4016e8, k.flops(), 1);
        assertFalse(k.memoryBound(96e9, 30e9));
        // The PyTorch records carry the same names with a torch. prefix.
        assertEquals(f.flops(), Workloads.of("torch.TwinBench.step", Map.of("problem", "f2p:20x1000000")).orElseThrow().flops(), 0);
    }

    @Test
    void exponentialsAreChargedAtTheExpRate() {
        // KDE right-hand side N = 1000, d = 3: 4 * 1e6 * 3 + 2 * 3000 flops and N² = 1e6 exponentials.
        Workload k = of("KdeRhsBench.rhs", Map.of("n", "1000", "d", "3", "threads", "2"));
        assertEquals(1.2006e7, k.flops(), 1e-6);
        assertEquals(1e6, k.exps(), 0);
        // At 96 GFLOP/s and 2e9 exp/s the two add (the same vector units): 0.125 ms + 0.5 ms.
        assertEquals(1.2006e7 / 96e9 + 1e6 / 2e9, k.boundSeconds(96e9, 30e9, 2e9), 1e-15);
        assertFalse(k.memoryBound(96e9, 30e9, 2e9));
        // Without a measured exp rate the bound is unknown, not the flops alone.
        assertTrue(Double.isNaN(k.boundSeconds(96e9, 30e9)));
        assertEquals(Workloads.EXP_PROBE_CALL, of("MachineProbe.expRate", Map.of("length", "67108864")).exps(), 0);
        // Models that count no exponentials ignore the exp rate.
        Workload f = of("TwinBench.step", Map.of("problem", "f2p:20x1000000"));
        assertEquals(f.boundSeconds(96e9, 30e9), f.boundSeconds(96e9, 30e9, 1.0), 0);
    }

    @Test
    void mlpTrainingStepByTheDocumentedCount() {
        // 15-64-64-64-3: P_w = 960 + 4096 + 4096 + 192 = 9344, a row 6 P_w - 2 * 15 * 64 = 54144 flops, batch 512.
        assertEquals(512.0 * 54144, of("MlpTrainBench.trainingStep", Map.of("width", "64", "batch", "512", "threads", "2")).flops(), 0);
        // 15-128-128-128-3: P_w = 1920 + 2 * 16384 + 384 = 35072, a row 210432 - 3840 = 206592.
        assertEquals(512.0 * 206592, of("MlpTrainBench.trainingStep", Map.of("width", "128", "batch", "512", "threads", "1")).flops(), 0);
    }

    @Test
    void analysesAndUnknowns() {
        // ETKF N = 40, d = 40 (N×N route, rotated): 4 * 1600 * 40 + 3 * 64000 = 448000 flops.
        assertEquals(448000, of("AnalysisBench.analysis", Map.of("config", "etkf:40x40")).flops(), 1e-6);
        // N = 500, d = 40 (p×p route, rotation by reflectors as d ≤ 2·499/3): 8*500*1600 + 9*64000 + 2*250000*40.
        assertEquals(6.4e6 + 576000 + 2e7, of("AnalysisBench.analysis", Map.of("config", "etkf:500x40")).flops(), 1);
        // N = 60, d = 50 (p×p route; N − 1 < 96: Ω formed): 8*60*2500 + 9*125000 + 4/3*216000 + 2*3600*50.
        assertEquals(1.2e6 + 1.125e6 + 288000 + 360000, of("AnalysisBench.analysis", Map.of("config", "etkf:60x50")).flops(), 1e-6);
        // EnKF-PO takes the gain form at N = 2000, d = 40 (2000² * 80 + 2000³/3 > 2000 * 1600 * 2 + 40³/3): 8Nd² + 2d³/3,
        // and ensemble space at N = 20, d = 1000: 6N²d + N³.
        assertEquals(8 * 2000 * 1600 + 2.0 / 3 * 64000, of("AnalysisBench.analysis", Map.of("config", "enkf:2000x40")).flops(), 1e-3);
        assertEquals(6 * 400 * 1000 + 8000, of("AnalysisBench.analysis", Map.of("config", "enkf:20x1000")).flops(), 1e-6);
        // LETKF in ensemble space: d (58 N² + 4N³/3) + the formed rotation 4N³/3 + 2N²d; N = 20, d = 1000.
        assertEquals(1000 * (23200 + 4.0 / 3 * 8000) + 4.0 / 3 * 8000 + 2 * 400 * 1000,
                of("AnalysisBench.analysis", Map.of("config", "letkf:20x1000")).flops(), 1e-6);
        // In observation space from N = 51 (25 candidates at loc_radius 4): d (9·25³ + 100N + 28·29N/4) + rotation;
        // N = 500, d = 40 rotates by reflectors (2N²d).
        assertEquals(25, Workloads.LETKF_CANDIDATES);
        assertEquals(40 * (9 * 15625 + 100 * 500 + 203 * 500) + 2 * 250000 * 40,
                of("AnalysisBench.analysis", Map.of("config", "letkf:500x40")).flops(), 1e-6);
        // EnFF-F2P K = 10: 9 evaluations x (3 N^2 d + 17 N d); N = 20, d = 1e4: 9 * (1.2e7 + 3.4e6) = 1.386e8.
        assertEquals(1.386e8, of("AnalysisBench.analysis", Map.of("config", "enff-f2p:20x10000")).flops(), 1);
        // The KDE analysis takes a data-dependent number of right-hand sides: time only.
        assertTrue(Workloads.of("org.enflow.bench.AnalysisBench.analysis", Map.of("config", "kde:250x40")).isEmpty());
        assertEquals(4 * 1e6 * 3 + 2 * 1000 * 3.0, of("KdeRhsBench.rhs", Map.of("n", "1000", "d", "3", "threads", "1")).flops(), 1e-6);
        // Filters and benchmarks without a model: the report gives their times only.
        assertTrue(Workloads.of("org.enflow.bench.AnalysisBench.analysis", Map.of("config", "flowdas:20x40")).isEmpty());
        assertTrue(Workloads.of("org.enflow.bench.MlpTrainBench.step", Map.of()).isEmpty());
        assertTrue(Workloads.of("org.enflow.bench.PairwiseBench.gram", Map.of("shape", "oops")).isEmpty());
        // Probes: the FMA loop does 1.92e7 flops per call whatever the vector width; torch's n^3 matmul 2n^3.
        assertEquals(1.92e7, of("MachineProbe.fmaPeak", Map.of("length", "1")).flops(), 0);
        assertEquals(2 * Math.pow(1024, 3), Workloads.of("torch.MachineProbe.fmaPeak", Map.of("n", "1024")).orElseThrow().flops(), 0);
    }
}
