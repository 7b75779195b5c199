package org.enflow.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reference posterior of a twin experiment produced: its spec, the filter actually built, its
 * derived seed, K (reference points per W2) and one {@link ReferenceRecord} per cycle of the experiment.
 *
 * @param seed the master seed of the reference's own random streams (derived from the experiment's seed)
 */
public record ReferenceResult(ReferenceSpec spec, String filterDescription, Map<String, String> filterSettings,
                              long seed, int points, List<ReferenceRecord> cycles) {
    public ReferenceResult {
        cycles = List.copyOf(cycles);
        filterSettings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(filterSettings));
    }

    /** The reference block of summary.json; means over [from, to) of the cycles. */
    Map<String, Object> summary(int from, int to) {
        Map<String, Object> m = new LinkedHashMap<>(spec.toMap());
        m.put("filter_description", filterDescription);
        m.put("filter_settings", filterSettings);
        m.put("seed", seed);
        m.put("w2_points", points);
        m.put("w2", mean(ReferenceRecord::w2, from, to));
        m.put("w2_floor", mean(ReferenceRecord::w2Floor, from, to));
        m.put("rmse", mean(ReferenceRecord::rmseAnalysis, from, to));
        m.put("spread", mean(ReferenceRecord::spreadAnalysis, from, to));
        m.put("mean_error", mean(ReferenceRecord::meanError, from, to));
        m.put("effective_size", mean(ReferenceRecord::effectiveSize, from, to));
        m.put("seconds", mean(ReferenceRecord::seconds, Math.max(1, from), to));
        m.put("w2_seconds", mean(ReferenceRecord::w2Seconds, from, to));
        m.put("conventions", "w2: exact optimal transport (squared Euclidean cost) between the N analysis members"
                + " (systematically resampled to equal weights if weighted) and K reference particles drawn by systematic"
                + " resampling of the reference's weights; K = N or a multiple of N (replication); w2_floor: the same W2 for N points drawn iid from the"
                + " reference particles (an exact posterior sampler); mean_error: RMS of (filter mean - reference mean)");
        return m;
    }

    /** Mean of a per-cycle quantity over cycles [from, to) (clipped to the recorded cycles). */
    public double mean(java.util.function.ToDoubleFunction<ReferenceRecord> q, int from, int to) {
        to = Math.min(to, cycles.size());
        from = Math.min(from, to);
        double[] v = new double[cycles.size()];
        for (int k = 0; k < v.length; k++) v[k] = q.applyAsDouble(cycles.get(k));
        return Windows.mean(v, from, to);
    }
}
