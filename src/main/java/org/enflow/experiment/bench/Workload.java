package org.enflow.experiment.bench;

/**
 * The work one benchmark call does, by a documented model ({@link Workloads}): floating-point operations,
 * the bytes it must move to or from memory at least (its compulsory or per-pass streaming traffic, the
 * roofline's denominator), and, for time-stepping benchmarks, the element-steps (members × components ×
 * steps) used to report ns per element-step (0 where that figure has no meaning), and the exponentials
 * it evaluates where they, not the FMAs, dominate its arithmetic (the KDE right-hand side at small d).
 *
 * @param flops    floating-point operations per call (FMA = 2), nominal: dominant terms only
 * @param bytes    bytes moved per call by the model's streaming passes
 * @param elements element-steps per call, or 0
 * @param exps     exponentials per call that the bound charges at the machine's measured exp rate, or 0
 * @param model    the formulas in words, for the report's legend
 */
public record Workload(double flops, double bytes, double elements, double exps, String model) {
    /** A workload whose exponentials are not charged (most models: they are few next to the FMAs). */
    public Workload(double flops, double bytes, double elements, String model) {
        this(flops, bytes, elements, 0, model);
    }

    /** Arithmetic intensity flops/bytes (∞ when no bytes are counted). */
    public double intensity() {
        return bytes > 0 ? flops / bytes : Double.POSITIVE_INFINITY;
    }

    /**
     * The roofline's lower bound on the time of one call on a machine with the given FMA peak (flop/s)
     * and memory bandwidth (byte/s): max(flops/peak, bytes/bandwidth).
     */
    public double boundSeconds(double peakFlops, double bandwidth) {
        return boundSeconds(peakFlops, bandwidth, Double.NaN);
    }

    /**
     * The lower bound with the exponentials charged too: max(flops/peak + exps/expRate, bytes/bandwidth).
     * The FMA and exp terms add because both run on the same vector units. NaN when exps are counted and
     * the machine has no measured exp rate: the bound is then not known, not smaller.
     */
    public double boundSeconds(double peakFlops, double bandwidth, double expRate) {
        return Math.max(computeSeconds(peakFlops, expRate), bytes > 0 ? bytes / bandwidth : 0);
    }

    /** Whether memory bandwidth rather than the arithmetic (FMA, plus exps if counted) bounds this work on that machine. */
    public boolean memoryBound(double peakFlops, double bandwidth) {
        return memoryBound(peakFlops, bandwidth, Double.NaN);
    }

    /** {@link #memoryBound(double, double)} with the exponentials charged at {@code expRate} (exp/s). */
    public boolean memoryBound(double peakFlops, double bandwidth, double expRate) {
        return bytes / bandwidth > computeSeconds(peakFlops, expRate);
    }

    private double computeSeconds(double peakFlops, double expRate) {
        double f = flops > 0 ? flops / peakFlops : 0;
        return exps > 0 ? f + exps / expRate : f;
    }
}
