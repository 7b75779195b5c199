package org.enflow.experiment.bench;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.enflow.filter.classical.EnkfPo;
import org.enflow.filter.flowdas.MlpDrift;
import org.enflow.learn.Mlp;

/**
 * Flop and byte models of every benchmark the report knows, keyed by {@code Class.method} (the last two
 * parts of the JMH benchmark name; PyTorch records use the same names with a {@code torch.} prefix).
 * Counts are per call, FMA = 2 flops, nominal (dominant terms; exponentials, comparisons and index work
 * are not counted); bytes are the streaming traffic the algorithm needs at least (arrays read or written
 * once per pass; cache-resident re-reads are free). N = members (or points), d = state dimension.
 *
 * <pre>
 * MachineProbe.fmaPeak          Java: 2·12·800000 = 1.92e7 flops (FMA_LANE_ITERS); torch: 2n³ (an n×n float64 matmul)
 * MachineProbe.dramRead         8·length bytes
 * MachineProbe.expRate          240·4000 = 9.6e5 exponentials (the library's Exp over an L1-resident tile of 240 values)
 * ForecastBench.forecast        l96: 30 flops per element-step (4 stages × (drift 4 + stage combination 3) + final 2);
 *   (also L96ForecastBench)     ks: 20·log2(d) + 32 per element-step (ETDRK4: 4 real FFT pairs ≈ 4·5·log2 d, pointwise);
 *                               bytes 16·N·d (the state read and written once per call); element-steps N·d·steps
 * AnalysisBench.analysis        enkf  6N²d + N³ in ensemble space (p = d: BᵀB, Bᵀ·innovations, X·W; Cholesky); in the gain
 *   (also ClassicalAnalysis-          form (chosen by EnkfPo's own flop rule, d &lt; N) 8Nd² + 2d³/3 (P_yy, P_xy, S = P_yy + R, S⁻¹D, update)
 *    Bench.analysis)            etkf  rotate = true as benchmarked; d ≥ N: 4N²d + 3N³ (ŶŶᵀ, Cholesky, U⁻¹M, Haar rotation, X·W);
 *                                     d &lt; N (p×p route): 8Nd² + 9d³ + R (ŶᵀŶ, its eigendecomposition, ŶV, two N·p·d
 *                                     products, the rotation R); R = 2N²d when the reflectors are applied to the columns
 *                                     (N − 1 ≥ 96, d ≤ 2(N − 1)/3: RandomRotation.rotatesDirectly), else 4N³/3 + 2N²d
 *                                     (Ω formed, then Ω·X)
 *                               letkf rotate = true as benchmarked, + R as for the ETKF. Ensemble space (N − 1 &lt; 2·25):
 *                                     d·(2·29·N² + 4N³/3) (29: the model's count of local observations, the 25 with taper
 *                                     above 10⁻³ at loc_radius 4 plus part of the SIMD group's union; per grid point the local
 *                                     matrix and its Householder reduction; eigenvalues by QR, O(N²)). Observation space
 *                                     (N − 1 ≥ 50, Letkf#observationSpace with 25 candidates): d·(9·25³ + 4·25·N + 28·29·N/4)
 *                                     (the 25×25 eigenproblem, b = Ya and Yᵀc, a quarter of the 28-row Gram of a block of 4)
 *                               bpf   2N²d + 5Nd if d ≥ N (jitter ζᵀC^½), else N·d² + d³/3 + 5Nd
 *                               enff-f2p  9 evaluations × (3N²d + 17Nd) (one-hot weights: one member row per particle)
 *                               enff-ot   19 × (5N²d + 15Nd)        ensf  99 × (5N²d + 15Nd)
 *                               bytes: classical 32·N·d (X and HX read and written once); bpf 24·N·d;
 *                               enff-f2p (NFE + 1)·32·N·d (each pass reads x^f, x^a, z and writes z); enff-ot, ensf (NFE + 1)·24·N·d
 * PairwiseBench.gram            2N²d flops; 16·N·d + 8N² bytes
 * PairwiseBench.squaredDistances N ≤ 128: 3N²d (direct differences), else 2N²d (centred Gram); 16·N·d + 8N² bytes
 * FusedSoftmaxBench.attend      4N²d flops; 16·N·d bytes (x read, output written)
 * KdeRhsBench.rhs               4N²d + 2Nd flops plus N² exponentials (charged at the probe's exp rate: issue 5's limit is
 *                               4N²d at the FMA peak + N² exps at the vector exp rate); 32·N·d + 8N bytes (params n, d)
 * AnalysisBench kde             not modelled: DOPRI5 takes a data-dependent number of right-hand sides (a nominal 150 gave
 *                               more than the FMA peak at N = 100–500); KdeRhsBench models one right-hand side
 * MlpTrainBench.trainingStep    batch · (6P_w − 2n₀n₁) flops (Mlp.trainingFlopsPerRow of the 15-w-w-w-3 drift network; 27.7 MFLOP
 *                               at w = 64, 106 MFLOP at w = 128, batch 512); no bytes (the weights stay in cache)
 * TwinBench.step                l96:NxD  30·N·d flops, 16·N·d bytes, N·d element-steps (one RK4 step)
 *                               f2p:NxD  3N²d + 17Nd flops; 56·N·d + 16d bytes (distance pass reads z, x^f, x^a; update pass reads them and writes z)
 *                               kde:NxD  4N²d + 2Nd flops; 32·N·d + 8N bytes
 * </pre>
 * Hook for benchmarks that land later (the FlowDAS guided step): add their case to
 * {@link #of}; until then the report lists their times without derived figures.
 */
public final class Workloads {
    private Workloads() {}

    /**
     * {@code MachineProbe.expRate}: passes over a tile of values per call. 240 is the tile of the fused kernel's
     * many-points path at small d (10 panels of 24 keys), so the probe calls the exponential as that kernel does.
     */
    public static final int EXP_PROBE_TILE = 240, EXP_PROBE_REPS = 4000;
    /** Exponentials per call of {@code MachineProbe.expRate}. */
    public static final double EXP_PROBE_CALL = (double) EXP_PROBE_TILE * EXP_PROBE_REPS;

    /**
     * The ensemble-space LETKF model's local observations per grid point at loc_radius 4: 29 (the 25 below, plus part
     * of the SIMD group's union of candidates, over which the kernel forms its Gram matrix).
     */
    public static final int LETKF_LOCAL_OBS = 29;
    /**
     * Candidate observations of a fully observed grid point at loc_radius 4: the taper exceeds 10⁻³ within 12.79
     * grid units (Gaspari–Cohn half-width 7.28), so k − 12 … k + 12.
     */
    public static final int LETKF_CANDIDATES = 2 * (int) Math.floor(org.enflow.filter.common.GaspariCohn.cutoffDistance(
            org.enflow.filter.common.GaspariCohn.halfWidth(4), org.enflow.filter.common.GaspariCohn.DAPPER_CUTOFF)) + 1;

    /** Whether the random rotation of N×d anomalies goes by reflectors ({@code RandomRotation#rotatesDirectly}). */
    private static boolean byReflectors(double n, double d) {
        return org.enflow.filter.common.RandomRotation.rotatesDirectly((int) n, (int) d);
    }

    /** Flops of that rotation: 2N²d by reflectors, else 4N³/3 to form Ω and 2N²d to apply it. */
    private static double rotationFlops(double n, double d) {
        return (byReflectors(n, d) ? 0 : 4.0 / 3 * n * n * n) + 2 * n * n * d;
    }

    private static String rotationLabel(double n, double d) {
        return byReflectors(n, d) ? "2N²d (rotation by reflectors)" : "4N³/3 + 2N²d (rotation)";
    }

    /** The workload of one call of {@code benchmark} (full or short name) with these params, if modelled. */
    public static Optional<Workload> of(String benchmark, Map<String, String> params) {
        String name = shortName(benchmark);
        try {
            return Optional.ofNullable(model(name, params));
        } catch (RuntimeException e) {
            return Optional.empty(); // params this model does not understand: report the time only
        }
    }

    /** {@code Class.method}: the last two dot-separated parts. */
    public static String shortName(String benchmark) {
        String[] p = benchmark.split("\\.");
        return p.length >= 2 ? p[p.length - 2] + "." + p[p.length - 1] : benchmark;
    }

    private static Workload model(String name, Map<String, String> params) {
        switch (name) {
            case "MachineProbe.fmaPeak": {
                if (params.containsKey("n")) {
                    double n = Double.parseDouble(params.get("n"));
                    return new Workload(2 * n * n * n, 0, 0, "2n³ (matmul)");
                }
                return new Workload(2.0 * 12 * 800_000, 0, 0, "2·12·800000 FMA lanes");
            }
            case "MachineProbe.dramRead":
                return new Workload(0, 8 * Double.parseDouble(params.get("length")), 0, "8·length bytes");
            case "MachineProbe.expRate":
                return new Workload(0, 0, 0, EXP_PROBE_CALL, "240·4000 exponentials");
            case "ForecastBench.forecast":
            case "L96ForecastBench.forecast": {
                String config = params.containsKey("config") ? params.get("config") : "l96:" + params.get("shape");
                String[] parts = config.split(":");
                double[] nd = shape(parts[1]);
                double steps = Double.parseDouble(params.getOrDefault("steps", "1"));
                double elements = nd[0] * nd[1] * steps;
                double perElement = switch (parts[0]) {
                    case "l96", "l96-rk4" -> 30;
                    case "ks" -> 20 * log2(nd[1]) + 32;
                    default -> Double.NaN;
                };
                if (Double.isNaN(perElement)) return null;
                return new Workload(perElement * elements, 16 * nd[0] * nd[1], elements,
                        parts[0].startsWith("l96") ? "30 flops/element-step; 16Nd bytes" : "(20 log2 d + 32) flops/element-step; 16Nd bytes");
            }
            case "AnalysisBench.analysis":
            case "ClassicalAnalysisBench.analysis": {
                String[] parts = params.get("config").split(":");
                double[] nd = shape(parts[1]);
                return analysis(parts[0].toLowerCase(Locale.ROOT), nd[0], nd[1]);
            }
            case "PairwiseBench.gram": {
                double[] nd = shape(params.get("shape"));
                double n = nd[0], d = nd[1];
                return new Workload(2 * n * n * d, 16 * n * d + 8 * n * n, 0, "2N²d; 16Nd + 8N² bytes");
            }
            case "PairwiseBench.squaredDistances": {
                double[] nd = shape(params.get("shape"));
                double n = nd[0], d = nd[1];
                return new Workload((n <= 128 ? 3 : 2) * n * n * d, 16 * n * d + 8 * n * n, 0,
                        n <= 128 ? "3N²d (direct differences)" : "2N²d (centred Gram route)");
            }
            case "FusedSoftmaxBench.attend": {
                double[] nd = shape(params.get("shape"));
                return new Workload(4 * nd[0] * nd[0] * nd[1], 16 * nd[0] * nd[1], 0, "4N²d; 16Nd bytes");
            }
            case "KdeRhsBench.rhs": {
                // Issue 5's machine limit for one right-hand side: 4N²d flops at the FMA peak plus N² exps at the exp rate.
                double n = Double.parseDouble(params.get("n")), d = Double.parseDouble(params.get("d"));
                return new Workload(4 * n * n * d + 2 * n * d, 32 * n * d + 8 * n, 0, n * n, "4N²d + 2Nd flops + N² exp; 32Nd + 8N bytes");
            }
            case "MlpTrainBench.trainingStep": {
                // The FlowDAS drift network [2·3 + 1 + 2K inputs, w, w, w, 3] as MlpTrainBench builds it; its documented count.
                int w = Integer.parseInt(params.get("width")), batch = Integer.parseInt(params.get("batch"));
                Mlp net = MlpDrift.network(3, MlpDrift.DEFAULT_FOURIER, w, w, w);
                return new Workload((double) batch * net.trainingFlopsPerRow(), 0, 0,
                        "batch × (6P_w − 2n₀n₁), P_w = Σ n_l n_{l+1} (forward, weight and input gradients; SiLU, biases, Adam not counted)");
            }
            case "TwinBench.step": {
                String[] parts = params.get("problem").split(":");
                double[] nd = shape(parts[1]);
                return twin(parts[0], nd[0], nd[1]);
            }
            default:
                return null;
        }
    }

    /** The side-by-side problems ({@link TwinProblem}). */
    public static Workload twin(String kind, double n, double d) {
        return switch (kind) {
            case "l96" -> new Workload(30 * n * d, 16 * n * d, n * d, "30Nd; 16Nd bytes (one RK4 step)");
            case "f2p" -> new Workload(3 * n * n * d + 17 * n * d, 56 * n * d + 16 * d, 0, "3N²d + 17Nd; 56Nd + 16d bytes");
            case "kde" -> new Workload(4 * n * n * d + 2 * n * d, 32 * n * d + 8 * n, 0, "4N²d + 2Nd; 32Nd + 8N bytes");
            default -> null;
        };
    }

    /** One analysis of the benchmark alias on N members of dimension d (AnalysisBench), or null if not modelled. */
    public static Workload analysis(String filter, double n, double d) {
        double n2d = n * n * d, nd = n * d;
        return switch (filter) {
            case "enkf" -> enkf(n, d);
            case "etkf" -> d >= n
                    ? new Workload(4 * n2d + 3 * n * n * n, 32 * nd, 0, "N×N route: 4N²d + 3N³; 32Nd bytes")
                    : new Workload(8 * n * d * d + 9 * d * d * d + rotationFlops(n, d), 32 * nd, 0,
                            "p×p route (d < N): 8Nd² + 9d³ + " + rotationLabel(n, d) + "; 32Nd bytes");
            case "letkf" -> {
                double p = LETKF_CANDIDATES, c = p + 3; // c: the candidates of a block of 4 grid points
                yield n - 1 >= 2 * p
                        ? new Workload(d * (9 * p * p * p + 4 * p * n + c * (c + 1) * n / 4) + rotationFlops(n, d), 32 * nd,
                                0, "observation space: d(9·25³ + 100N + 203N) + " + rotationLabel(n, d) + "; 32Nd bytes")
                        : new Workload(d * (2.0 * LETKF_LOCAL_OBS * n * n + 4.0 / 3 * n * n * n) + rotationFlops(n, d),
                                32 * nd, 0, "d(58N² + 4N³/3) + " + rotationLabel(n, d) + "; 32Nd bytes");
            }
            case "bpf" -> d >= n ? new Workload(2 * n2d + 5 * nd, 24 * nd, 0, "2N²d + 5Nd; 24Nd bytes")
                    : new Workload(n * d * d + d * d * d / 3 + 5 * nd, 24 * nd, 0, "Nd² + d³/3 + 5Nd; 24Nd bytes");
            case "enff-f2p" -> new Workload(9 * (3 * n2d + 17 * nd), 10 * 32 * nd, 0, "9(3N²d + 17Nd); 10·32Nd bytes");
            case "enff-ot" -> new Workload(19 * (5 * n2d + 15 * nd), 20 * 24 * nd, 0, "19(5N²d + 15Nd); 20·24Nd bytes");
            case "ensf" -> new Workload(99 * (5 * n2d + 15 * nd), 100 * 24 * nd, 0, "99(5N²d + 15Nd); 100·24Nd bytes");
            default -> null; // kde: DOPRI5 takes a data-dependent number of right-hand sides (see KdeRhsBench)
        };
    }

    /** EnKF-PO with p = d observations, in the form the filter itself picks ({@link EnkfPo#ensembleSpaceIsCheaper}). */
    private static Workload enkf(double n, double d) {
        double nd = n * d;
        if (EnkfPo.ensembleSpaceIsCheaper((int) n, (int) d, (int) d))
            return new Workload(6 * n * n * d + n * n * n, 32 * nd, 0, "ensemble space: 6N²d + N³; 32Nd bytes");
        return new Workload(8 * n * d * d + 2.0 / 3 * d * d * d, 32 * nd, 0, "gain form (d < N): 8Nd² + 2d³/3; 32Nd bytes");
    }

    /**
     * Bytes a benchmark of this analysis keeps resident (the ensembles and the filter's workspaces), for the
     * sweep's memory rule: about 10 copies of the N × d ensemble, plus the N × N matrices of the
     * ensemble-space filters and the particle filter's d × d covariance when d &lt; N.
     */
    public static double analysisResidentBytes(String filter, double n, double d) {
        double bytes = 10 * 8 * n * d + 4 * 8 * n * n;
        if (filter.equals("bpf") && d < n) bytes += 3 * 8 * d * d;
        return bytes;
    }

    static double[] shape(String nxd) {
        String[] p = nxd.trim().split("x");
        if (p.length != 2) throw new IllegalArgumentException("shape " + nxd);
        return new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])};
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
