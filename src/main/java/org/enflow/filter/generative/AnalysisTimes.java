package org.enflow.filter.generative;

/**
 * Wall-clock split of one analysis (System.nanoTime): drawing the source, the flow or reverse-time
 * integration (all field evaluations), and the inflation/output pass.
 */
public record AnalysisTimes(long sourceNanos, long flowNanos, long finishNanos) {
    public long totalNanos() {
        return sourceNanos + flowNanos + finishNanos;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "source %.1f ms, flow %.1f ms, finish %.1f ms", sourceNanos / 1e6,
                flowNanos / 1e6, finishNanos / 1e6);
    }
}
