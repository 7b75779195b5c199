package org.enflow.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What a twin experiment produced: its configuration, what was actually built from it, one
 * {@link CycleRecord} per completed cycle, the rank histogram of the post-burn-in analyses, and timings.
 *
 * <p>Time means ("rmse", "spread", …) are over the post-burn-in analysis cycles [burnIn, cycles).
 * Per-cycle wall-clock times (System.nanoTime) are averaged over [max(1, burnIn), cycles): cycle 0 has no
 * forecast and its analysis includes JIT warm-up.
 *
 * @param divergedAt     the cycle whose RMSE was not finite (the run stopped there), or -1
 * @param metricsSeconds total wall-clock time spent computing the scores (not part of forecast/analysis times)
 * @param reference      the reference posterior's scores (one record per cycle), or null when none ran
 */
public record ExperimentResult(ExperimentConfig config, String modelDescription, String observationDescription,
                               int observationDim, String filterDescription, Map<String, String> filterSettings,
                               List<CycleRecord> cycles, RankHistogram rankHistogram, int divergedAt,
                               double spinUpSeconds, double metricsSeconds, double wallSeconds,
                               ReferenceResult reference) {

    public ExperimentResult {
        cycles = List.copyOf(cycles);
        filterSettings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(filterSettings));
        if (reference != null && reference.cycles().size() != cycles.size())
            throw new IllegalArgumentException("reference has " + reference.cycles().size() + " cycle records: expected "
                    + cycles.size());
    }

    /** A result without a reference posterior. */
    public ExperimentResult(ExperimentConfig config, String modelDescription, String observationDescription,
                            int observationDim, String filterDescription, Map<String, String> filterSettings,
                            List<CycleRecord> cycles, RankHistogram rankHistogram, int divergedAt,
                            double spinUpSeconds, double metricsSeconds, double wallSeconds) {
        this(config, modelDescription, observationDescription, observationDim, filterDescription, filterSettings, cycles,
                rankHistogram, divergedAt, spinUpSeconds, metricsSeconds, wallSeconds, null);
    }

    /** Mean W2 to the reference posterior over the post-burn-in cycles; NaN without a reference. */
    public double w2() {
        return reference == null ? Double.NaN : reference.mean(ReferenceRecord::w2, windowStart(), cycles.size());
    }

    /** Mean analysis RMSE of the reference posterior over the post-burn-in cycles; NaN without a reference. */
    public double referenceRmse() {
        return reference == null ? Double.NaN : reference.mean(ReferenceRecord::rmseAnalysis, windowStart(), cycles.size());
    }

    public boolean diverged() {
        return divergedAt >= 0;
    }

    /** One per-cycle quantity as an array indexed by cycle. */
    public double[] series(ToDoubleFunction<CycleRecord> quantity) {
        double[] v = new double[cycles.size()];
        for (int k = 0; k < v.length; k++) v[k] = quantity.applyAsDouble(cycles.get(k));
        return v;
    }

    /** First cycle of the scoring window. */
    public int windowStart() {
        return Math.min(config.burnIn(), cycles.size());
    }

    /** Mean of a quantity over the post-burn-in cycles. */
    public double mean(ToDoubleFunction<CycleRecord> quantity) {
        return Windows.mean(series(quantity), windowStart(), cycles.size());
    }

    /** Mean of a per-cycle time over [max(1, burnIn), cycles). */
    public double meanSeconds(ToDoubleFunction<CycleRecord> seconds) {
        return Windows.mean(series(seconds), Math.min(Math.max(1, config.burnIn()), cycles.size()), cycles.size());
    }

    /** Mean analysis RMSE over the last 50 cycles: the tuning objective. */
    public double rmseLast50() {
        return Windows.lastMean(series(CycleRecord::rmseAnalysis), Windows.LAST);
    }

    /** Mean NFE per analysis, or NaN when the filter reports none. */
    public double nfePerAnalysis() {
        long total = 0;
        for (CycleRecord r : cycles) total += r.nfe();
        return total == 0 || cycles.isEmpty() ? Double.NaN : (double) total / cycles.size();
    }

    /** The content of summary.json. */
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rmse", mean(CycleRecord::rmseAnalysis));
        s.put("spread", mean(CycleRecord::spreadAnalysis));
        s.put("crps", mean(CycleRecord::crpsAnalysis));
        s.put("energy_score", mean(CycleRecord::energyScoreAnalysis));
        s.put("rmse_forecast", mean(CycleRecord::rmseForecast));
        s.put("spread_forecast", mean(CycleRecord::spreadForecast));
        s.put("rmse_last50", rmseLast50());
        s.put("w2", reference == null ? null : w2());
        s.put("w2_ref_rmse", reference == null ? null : referenceRmse());
        s.put("w2_floor", reference == null ? null : reference.mean(ReferenceRecord::w2Floor, windowStart(), cycles.size()));
        s.put("forecast_seconds", meanSeconds(CycleRecord::forecastSeconds));
        s.put("analysis_seconds", meanSeconds(CycleRecord::analysisSeconds));
        double nfe = nfePerAnalysis();
        s.put("nfe", Double.isNaN(nfe) ? null : nfe);
        s.put("cycles", cycles.size());
        s.put("cycles_configured", config.cycles());
        s.put("window", ordered("from", windowStart(), "to", cycles.size()));
        s.put("diverged_at_cycle", divergedAt < 0 ? null : divergedAt);
        s.put("spin_up_seconds", spinUpSeconds);
        s.put("metrics_seconds", cycles.isEmpty() ? Double.NaN : metricsSeconds / cycles.size());
        s.put("wall_seconds", wallSeconds);
        s.put("conventions", ordered(
                "first_analysis", "applied to the initial ensemble: cycles = forecasts + 1",
                "means", "over post-burn-in analysis cycles [burn_in, cycles)",
                "seconds", "wall clock (System.nanoTime) per cycle, mean over [max(1, burn_in), cycles)",
                "crps", "plain variant 1/(2N^2), averaged over components",
                "spread", "sqrt(mean variance), variance with 1/(N-1)"));
        Map<String, Object> rank = new LinkedHashMap<>();
        rank.put("counts", rankHistogram.counts());
        rank.put("chi2", rankHistogram.chiSquare());
        rank.put("p_value", rankHistogram.flatnessPValue());
        s.put("rank_histogram", rank);
        if (reference != null) s.put("reference", reference.summary(windowStart(), cycles.size()));
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("model", modelDescription);
        setup.put("observation", observationDescription);
        setup.put("observation_dim", observationDim);
        setup.put("filter", filterDescription);
        setup.put("filter_settings", filterSettings);
        s.put("setup", setup);
        s.put("config", config.toMap());
        s.put("machine", MachineInfo.describe());
        return s;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }
}
