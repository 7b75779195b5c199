package org.enflow.experiment.bench;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One benchmark result (a JMH {@code -rf json} record, or a PyTorch twin record of the same shape).
 *
 * @param source     the result file it came from
 * @param benchmark  the full benchmark name (JMH: org.enflow.bench.X.m; PyTorch: torch.X.m)
 * @param params     the benchmark parameters
 * @param jmhThreads JMH worker threads ({@code -t}); the probes use them, everything else runs 1
 * @param seconds    the mean time of one call
 * @param error      the 99.9 % half-width of that mean, seconds (NaN when undefined)
 * @param score      the score as written, in {@code unit}
 * @param unit       JMH's score unit, e.g. us/op
 * @param torch      whether this is a PyTorch twin record
 * @param vector     Java: whether the fork ran the Vector API kernels (the incubator module added and
 *                   {@code -Denflow.vector=false} not set); PyTorch: true
 * @param device     "cpu" for Java; PyTorch's device type
 * @param dtype      "float64" for Java; PyTorch's dtype
 * @param machine    the machine it ran on
 */
public record BenchRecord(ResultFile source, String benchmark, Map<String, String> params, int jmhThreads, double seconds,
                          double error, double score, String unit, boolean torch, boolean vector, String device, String dtype,
                          Machine machine) {
    /** {@code Class.method}. */
    public String shortName() {
        return Workloads.shortName(benchmark);
    }

    /**
     * Threads the measured code used: the library's (or torch's) {@code threads} parameter, else JMH's
     * worker threads (the machine probe).
     */
    public int threads() {
        String t = params.get("threads");
        if (t != null) {
            try {
                return Integer.parseInt(t.trim());
            } catch (NumberFormatException e) {
                return jmhThreads;
            }
        }
        return jmhThreads;
    }

    /** The work model of this benchmark, if any. */
    public Optional<Workload> workload() {
        return Workloads.of(benchmark, params);
    }

    /** The parameters without {@code threads} (and, for PyTorch, without the bookkeeping ones), sorted. */
    public Map<String, String> problemParams() {
        Map<String, String> m = new TreeMap<>(params);
        m.remove("threads");
        m.remove("dtype");
        m.remove("device");
        m.remove("inputs");
        return m;
    }

    /** The implementation label: vector / scalar (Java) or PyTorch device and dtype. */
    public String implementation() {
        if (torch) return "PyTorch " + device + " " + dtype;
        return vector ? "Java vector" : "Java scalar";
    }
}
