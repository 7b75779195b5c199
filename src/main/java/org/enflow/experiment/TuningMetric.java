package org.enflow.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.enflow.kernel.Require;

/**
 * A score of one twin experiment for hyperparameter tuning; lower is better. Built in: {@code rmse} (mean
 * analysis RMSE over the post-burn-in cycles) and {@code rmse_last50} (the protocol's tuning objective).
 * Any other name is read from the numeric entries of {@link ExperimentResult#summary()} (e.g. {@code crps},
 * {@code energy_score}, and {@code w2} once a run reports it), so new scores need no change here.
 *
 * @param name        the name used with {@code enflow tune --metric}
 * @param description one line
 * @param score       the score of a finished (not diverged) run
 */
public record TuningMetric(String name, String description, ToDoubleFunction<ExperimentResult> score) {
    public static final TuningMetric RMSE = new TuningMetric("rmse", "mean analysis RMSE over the post-burn-in cycles",
            r -> r.mean(CycleRecord::rmseAnalysis));
    public static final TuningMetric RMSE_LAST50 = new TuningMetric("rmse_last50", "mean analysis RMSE over the last 50 cycles",
            ExperimentResult::rmseLast50);

    public TuningMetric {
        Require.notNull("name", name);
        Require.notNull("description", description);
        Require.notNull("score", score);
    }

    /** The built-in metrics. */
    public static List<TuningMetric> builtIn() {
        return List.of(RMSE, RMSE_LAST50);
    }

    /** A built-in metric, or one reading the summary entry of that name (checked when a result is scored). */
    public static TuningMetric byName(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("--metric is empty: expected a name such as rmse");
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (TuningMetric m : builtIn()) if (m.name.equals(key)) return m;
        return new TuningMetric(key, "the run summary's '" + key + "'", r -> summaryValue(r, key));
    }

    private static double summaryValue(ExperimentResult r, String key) {
        Map<String, Object> s = r.summary();
        Object v = s.get(key);
        if (v instanceof Number n) return n.doubleValue();
        java.util.List<String> numeric = new java.util.ArrayList<>();
        for (Map.Entry<String, Object> e : s.entrySet()) if (e.getValue() instanceof Number) numeric.add(e.getKey());
        throw new IllegalArgumentException("--metric " + key + ": the run summary has no numeric '" + key + "'; expected one of "
                + numeric);
    }

    /** The score of {@code result}: +∞ for a diverged run. */
    public double apply(ExperimentResult result) {
        return result.diverged() ? Double.POSITIVE_INFINITY : score.applyAsDouble(result);
    }
}
