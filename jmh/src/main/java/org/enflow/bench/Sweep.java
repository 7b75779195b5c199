package org.enflow.bench;

import java.util.ArrayList;
import java.util.List;
import org.enflow.experiment.bench.Workload;
import org.enflow.experiment.bench.Workloads;

/**
 * The parameter lists of {@code jmh/run.sh}: {@code java -cp target/benchmarks.jar org.enflow.bench.Sweep
 * PROFILE FAMILY [HEAP_GIB]} prints one comma-separated {@code -p} value list.
 *
 * <p>{@code quick}: a handful of shapes per family (the whole suite in a few minutes). {@code full}: every
 * N ∈ {20, 100, 500, 2000, 10000} × d ∈ {40, 10³, 10⁴, 10⁵, 10⁶} (KS: d ∈ {1024, 16384, 131072, 1048576},
 * powers of two) that is feasible: the resident ensembles and workspaces fit in 60 % of the fork's heap
 * ({@link Workloads#analysisResidentBytes}), and one call's roofline-model time at 20 GFLOP/s and 10 GB/s
 * (well below this machine's roofs, so the real time is about that or less) stays under
 * {@link #FULL_CALL_SECONDS}. Infeasible combinations are left out of the list, not attempted.
 * Families: analysis, forecast, twin, fused, pairwise, and the scalar-twin subsets analysis-scalar,
 * forecast-scalar, twin-scalar, fused-scalar (N = 20 or the side-by-side problems, run at 1 thread).
 */
public final class Sweep {
    static final int[] MEMBERS = {20, 100, 500, 2000, 10000};
    static final int[] DIMS = {40, 1000, 10_000, 100_000, 1_000_000};
    static final int[] KS_DIMS = {1024, 16384, 131072, 1048576};
    static final String[] FILTERS = {"enkf", "etkf", "letkf", "bpf", "enff-f2p", "enff-ot", "ensf", "kde"};
    /** Longest modelled call in the full profile, seconds. */
    static final double FULL_CALL_SECONDS = 10;
    static final double MODEL_FLOPS = 20e9, MODEL_BANDWIDTH = 10e9;

    private Sweep() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: Sweep quick|full FAMILY [HEAP_GIB]");
            System.exit(2);
        }
        double heap = (args.length > 2 ? Double.parseDouble(args[2]) : 8) * (1L << 30);
        List<String> list = list(args[0], args[1], heap);
        if (list.isEmpty()) {
            System.err.println("Sweep: nothing for profile " + args[0] + ", family " + args[1]);
            System.exit(2);
        }
        System.out.println(String.join(",", list));
    }

    static List<String> list(String profile, String family, double heapBytes) {
        boolean quick = switch (profile) {
            case "quick" -> true;
            case "full" -> false;
            default -> throw new IllegalArgumentException("profile " + profile + ": expected quick or full");
        };
        List<String> out = new ArrayList<>();
        switch (family) {
            case "analysis" -> {
                if (quick) return List.of("letkf:20x1000", "etkf:20x1000", "enkf:20x1000", "bpf:100x1000",
                        "enff-f2p:20x10000", "enff-ot:20x10000", "ensf:20x1000", "kde:250x40");
                for (String f : FILTERS) {
                    for (int n : MEMBERS) for (int d : DIMS) {
                        Workload w = Workloads.analysis(f, n, d);
                        if (fits(Workloads.analysisResidentBytes(f, n, d), heapBytes) && feasible(w))
                            out.add(f + ":" + n + "x" + d);
                    }
                }
            }
            case "analysis-scalar" -> {
                if (quick) return List.of("letkf:20x1000", "enff-f2p:20x10000");
                for (String c : list("full", "analysis", heapBytes)) if (c.contains(":20x")) out.add(c);
            }
            case "forecast" -> {
                if (quick) return List.of("l96:20x100000", "ks:20x1024");
                for (int n : MEMBERS) for (int d : DIMS) forecast(out, "l96", n, d, heapBytes);
                for (int n : MEMBERS) for (int d : KS_DIMS) forecast(out, "ks", n, d, heapBytes);
            }
            case "forecast-scalar" -> {
                if (quick) return List.of("l96:20x100000");
                for (String c : list("full", "forecast", heapBytes)) if (c.contains(":20x")) out.add(c);
            }
            case "twin" -> out.addAll(List.of("l96:20x1000000", "l96:1000x40", "f2p:20x1000000", "kde:2000x40"));
            case "twin-scalar" -> out.addAll(quick ? List.of("f2p:20x1000000", "kde:2000x40")
                    : List.of("l96:20x1000000", "l96:1000x40", "f2p:20x1000000", "kde:2000x40"));
            case "fused", "pairwise" -> {
                if (quick) return family.equals("fused") ? List.of("20x100000", "2000x40") : List.of("500x256", "20x100000");
                for (int n : new int[] {20, 100, 500, 2000}) {
                    for (int d : new int[] {40, 256, 1000, 10_000, 100_000, 1_000_000}) {
                        double nd = (double) n * d;
                        Workload w = new Workload((family.equals("fused") ? 4.0 : 2.0) * n * nd, 16 * nd, 0, "");
                        if (fits(4 * 8 * nd, heapBytes) && feasible(w)) out.add(n + "x" + d);
                    }
                }
            }
            case "fused-scalar" -> out.addAll(quick ? List.of("2000x40") : List.of("20x1000000", "500x256", "2000x40"));
            default -> throw new IllegalArgumentException("family " + family
                    + ": expected analysis, forecast, twin, fused, pairwise or a -scalar subset");
        }
        return out;
    }

    private static void forecast(List<String> out, String model, int n, int d, double heapBytes) {
        double steps = 10, elements = (double) n * d * steps;
        double perElement = model.equals("l96") ? 30 : 20 * Math.log(d) / Math.log(2) + 32;
        Workload w = new Workload(perElement * elements, 16.0 * n * d, elements, "");
        if (fits(4 * 8.0 * n * d, heapBytes) && feasible(w)) out.add(model + ":" + n + "x" + d);
    }

    private static boolean fits(double bytes, double heapBytes) {
        return bytes <= 0.6 * heapBytes;
    }

    private static boolean feasible(Workload w) {
        return w != null && w.boundSeconds(MODEL_FLOPS, MODEL_BANDWIDTH) <= FULL_CALL_SECONDS;
    }
}
