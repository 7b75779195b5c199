package org.enflow.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterSettings;
import org.enflow.kernel.Require;

/**
 * The reference posterior of a twin experiment ({@code --reference NAME:M[:key=value,...]}): a second
 * filter, normally the bootstrap particle filter with many particles ({@code bpf:100000}), run on the same
 * truth and observations, against which the main filter's analysis ensemble is scored by W2.
 *
 * <p>The keys are the reference filter's own hyperparameters (its defaults otherwise; for {@code bpf}:
 * systematic resampling every cycle, no jitter, no inflation), except {@value #POINTS}: the number K of
 * reference points W2 is computed against, by default the ensemble size N; a multiple of N uses the
 * replication trick (e.g. N = 250, K = 1000 as in the KDE code's protocol), at O(K³) per cycle.
 *
 * @param spec     the text as given, for messages and summary.json
 * @param filter   the reference filter's name
 * @param members  its particle count M ≥ 1 (checked against N by {@link #validate})
 * @param settings its hyperparameters ({@value #POINTS} removed)
 * @param points   K, or 0 for "the ensemble size N"
 */
public record ReferenceSpec(String spec, String filter, int members, Map<String, String> settings, int points) {
    /** The key that sets K, the number of reference points in W2. */
    public static final String POINTS = "w2_points";

    private static final String SYNTAX = "expected NAME:M[:key=value,...] with a filter name and a particle count M >= 1,"
            + " e.g. bpf:100000 or bpf:100000:jitter=0.1,w2_points=1000";

    public ReferenceSpec {
        Require.notNull("spec", spec);
        Require.notNull("filter", filter);
        if (members < 1) throw new IllegalArgumentException("--reference " + spec + ": M = " + members + ": " + SYNTAX);
        if (points < 0) throw new IllegalArgumentException("--reference " + spec + ": " + POINTS + " = " + points + ": expected >= 1");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(Require.notNull("settings", settings)));
    }

    /** Parses {@code NAME:M[:key=value,...]}; errors start with "--reference SPEC:". */
    public static ReferenceSpec parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("--reference is empty: " + SYNTAX);
        String s = spec.trim();
        String[] parts = s.split(":", 3);
        if (parts.length < 2 || parts[0].isBlank()) throw new IllegalArgumentException("--reference " + s + ": " + SYNTAX);
        int m;
        try {
            m = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--reference " + s + ": particle count '" + parts[1] + "' is not an integer; " + SYNTAX);
        }
        if (m < 1) throw new IllegalArgumentException("--reference " + s + ": M = " + m + ": " + SYNTAX);
        Map<String, String> settings = new LinkedHashMap<>();
        int points = 0;
        if (parts.length == 3) {
            for (String kv : parts[2].split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0 || kv.substring(0, eq).isBlank())
                    throw new IllegalArgumentException("--reference " + s + ": setting '" + kv + "' is not key=value; " + SYNTAX);
                String key = kv.substring(0, eq).trim(), value = kv.substring(eq + 1).trim();
                if (key.equals(POINTS)) {
                    try {
                        points = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        points = -1;
                    }
                    if (points < 1) throw new IllegalArgumentException("--reference " + s + ": " + POINTS + "=" + value
                            + ": expected an integer >= 1");
                } else {
                    settings.put(key, value);
                }
            }
        }
        return new ReferenceSpec(s, parts[0].trim(), m, settings, points);
    }

    /** K for an ensemble of n members. */
    public int points(int n) {
        return points == 0 ? n : points;
    }

    /**
     * Checks the spec against the experiment before anything runs: a known filter with valid settings,
     * M ≥ N, and K a multiple of N with K ≤ M. Returns the reference filter's settings.
     */
    public FilterSettings validate(ExperimentConfig config, Catalog catalog) {
        int n = config.members(), k = points(n);
        if (members < n)
            throw new IllegalArgumentException("--reference " + spec + ": M = " + members + " particles: expected at least --members = " + n);
        if (k % n != 0)
            throw new IllegalArgumentException("--reference " + spec + ": " + POINTS + " = " + k
                    + ": expected a multiple of --members = " + n + " (exact transport by replication)");
        if (k > members)
            throw new IllegalArgumentException("--reference " + spec + ": " + POINTS + " = " + k + ": expected at most M = " + members);
        FilterFactory factory;
        try {
            factory = catalog.filter(filter);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--reference " + spec + ": " + e.getMessage().replaceFirst("^--filter \\S+: ", ""), e);
        }
        try {
            return new FilterSettings(factory.name(), factory.parameters(), settings);
        } catch (IllegalArgumentException e) {
            throw rephrase(e);
        }
    }

    /** A settings error of the reference filter, phrased for --reference rather than --set. */
    IllegalArgumentException rephrase(IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage()).replaceFirst("^--set ", "setting ");
        return new IllegalArgumentException("--reference " + spec + ": " + m, e);
    }

    /** The spec's parts for summary.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec);
        m.put("filter", filter);
        m.put("members", members);
        m.put("settings_given", settings);
        return m;
    }
}
