package org.enflow.experiment.bench;

/**
 * The work one benchmark call does, by a documented model ({@link Workloads}): floating-point operations,
 * the bytes it must move to or from memory at least (its compulsory or per-pass streaming traffic, the
 * roofline's denominator), and, for time-stepping benchmarks, the element-steps (members × components ×
 * steps) used to report ns per element-step (0 where that figure has no meaning).
 *
 * @param flops    floating-point operations per call (FMA = 2), nominal: dominant terms only
 * @param bytes    bytes moved per call by the model's streaming passes
 * @param elements element-steps per call, or 0
 * @param model    the formulas in words, for the report's legend
 */
public record Workload(double flops, double bytes, double elements, String model) {
    /** Arithmetic intensity flops/bytes (∞ when no bytes are counted). */
    public double intensity() {
        return bytes > 0 ? flops / bytes : Double.POSITIVE_INFINITY;
    }

    /**
     * The roofline's lower bound on the time of one call on a machine with the given FMA peak (flop/s)
     * and memory bandwidth (byte/s): max(flops/peak, bytes/bandwidth).
     */
    public double boundSeconds(double peakFlops, double bandwidth) {
        return Math.max(flops > 0 ? flops / peakFlops : 0, bytes > 0 ? bytes / bandwidth : 0);
    }

    /** Whether memory bandwidth rather than the FMA peak bounds this work on that machine. */
    public boolean memoryBound(double peakFlops, double bandwidth) {
        return bytes / bandwidth > flops / peakFlops;
    }
}
