package org.enflow.experiment.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The measured roofs of each machine in a report: the FMA peak (flop/s) and the memory bandwidth (byte/s)
 * at a given thread count, from the machine-probe records (Java {@code MachineProbe}, or PyTorch's
 * {@code torch.MachineProbe} on a GPU, where no Java probe can run; a PyTorch CPU probe is a BLAS figure,
 * shown in the results but never used as a roof). A probe run with t
 * threads gives the aggregate rate t × (per-call rate). For T threads the report uses the probe with the
 * most threads t ≤ T (the fewest above T if none): the FMA peak scaled by T/t (every core has its own FMA
 * units), the bandwidth as measured beyond the most threads probed (it saturates) and none between two
 * probed counts. Duplicate probes keep their best rate: a roof is the
 * most the machine was seen to do. The exp rate (the library's vector exponential, {@code MachineProbe.expRate})
 * is a third, optional roof for work models that count exponentials; it scales with threads like the FMA peak.
 */
public final class Roofs {
    private record Probe(int threads, double rate) {}

    private final Map<String, List<Probe>> fma = new LinkedHashMap<>(), bandwidth = new LinkedHashMap<>(), exp = new LinkedHashMap<>();
    private final Map<String, Machine> machines = new LinkedHashMap<>();

    private Roofs() {}

    /** The roofs found in these files. */
    public static Roofs of(List<ResultFile> files) {
        Roofs roofs = new Roofs();
        for (boolean torchPass : new boolean[] {false, true}) {
            for (ResultFile f : files) {
                for (BenchRecord r : f.records()) {
                    if (r.torch() != torchPass) continue;
                    String name = r.shortName();
                    if (!name.startsWith("MachineProbe.")) continue;
                    // On a CPU the Java probe is the roof; PyTorch's matmul there is a BLAS figure, not the FMA peak.
                    if (torchPass && r.device().equals("cpu")) continue;
                    String key = r.machine().key();
                    // Java probes measure the true FMA peak; a torch probe only stands in where no Java probe ran.
                    if (torchPass && roofs.machines.containsKey(key) && roofs.javaProbed(key)) continue;
                    Optional<Workload> w = r.workload();
                    if (w.isEmpty()) continue;
                    boolean isExp = name.endsWith("expRate"), isFma = name.endsWith("fmaPeak");
                    double perCall = isFma ? w.get().flops() : isExp ? w.get().exps() : w.get().bytes();
                    Probe p = new Probe(r.threads(), perCall / r.seconds() * r.jmhThreads());
                    (isFma ? roofs.fma : isExp ? roofs.exp : roofs.bandwidth).computeIfAbsent(key, k -> new ArrayList<>()).add(p);
                    if (isExp) continue; // an exp probe alone does not make a machine's roofs
                    roofs.machines.putIfAbsent(key, r.machine());
                    if (!torchPass) roofs.javaKeys.add(key);
                }
            }
        }
        return roofs;
    }

    private final java.util.Set<String> javaKeys = new java.util.HashSet<>();

    private boolean javaProbed(String key) {
        return javaKeys.contains(key);
    }

    /** Machines with both roofs measured, in the order first seen. */
    public List<Machine> machines() {
        List<Machine> list = new ArrayList<>();
        for (Map.Entry<String, Machine> e : machines.entrySet())
            if (fma.containsKey(e.getKey()) && bandwidth.containsKey(e.getKey())) list.add(e.getValue());
        return list;
    }

    /** Thread counts probed on a machine (FMA), ascending. */
    public List<Integer> probedThreads(Machine m) {
        List<Integer> t = new ArrayList<>();
        for (Probe p : fma.getOrDefault(m.key(), List.of())) if (!t.contains(p.threads)) t.add(p.threads);
        t.sort(null);
        return t;
    }

    /** The FMA peak in flop/s at {@code threads} threads, or NaN if the machine has no probe. */
    public double peakFlops(Machine m, int threads) {
        Probe p = pick(fma.get(m.key()), threads);
        return p == null ? Double.NaN : p.rate * threads / p.threads;
    }

    /** The exp rate (exponentials/s) at {@code threads}, scaled from the nearest probe like the FMA peak; NaN if never probed. */
    public double expRate(Machine m, int threads) {
        Probe p = pick(exp.get(m.key()), threads);
        return p == null ? Double.NaN : p.rate * threads / p.threads;
    }

    /**
     * The memory bandwidth in byte/s at {@code threads} threads, or NaN: NaN also when {@code threads} lies
     * strictly between two probed counts, where the bandwidth has not saturated yet and is not measured (a
     * 16-core machine probed at 1, 2 and 16 threads has no bandwidth for 4 or 8).
     */
    public double bandwidth(Machine m, int threads) {
        List<Probe> probes = bandwidth.get(m.key());
        Probe p = pick(probes, threads);
        if (p == null) return Double.NaN;
        if (p.threads < threads) {
            for (Probe q : probes) if (q.threads > threads) return Double.NaN;
        }
        return p.rate;
    }

    /**
     * The machine whose roofs apply to a record: its own when probed; for a CPU record of an unprobed or
     * unrecorded machine, the only probed CPU machine if there is exactly one (an assumption the report
     * marks); otherwise none.
     */
    public Optional<Machine> roofsFor(BenchRecord r) {
        if (has(r.machine())) return Optional.of(r.machine());
        if (r.torch() && !r.device().equals("cpu")) return Optional.empty();
        Machine only = null;
        for (Machine m : machines()) {
            if (!m.key().startsWith("gpu:")) {
                if (only != null) return Optional.empty();
                only = m;
            }
        }
        return Optional.ofNullable(only);
    }

    private boolean has(Machine m) {
        return fma.containsKey(m.key()) && bandwidth.containsKey(m.key());
    }

    private static Probe pick(List<Probe> probes, int threads) {
        if (probes == null || probes.isEmpty()) return null;
        Probe below = null, above = null;
        for (Probe p : probes) {
            if (p.threads <= threads) {
                if (below == null || p.threads > below.threads || (p.threads == below.threads && p.rate > below.rate)) below = p;
            } else if (above == null || p.threads < above.threads || (p.threads == above.threads && p.rate > above.rate)) {
                above = p;
            }
        }
        return below != null ? below : above;
    }
}
