package org.enflow.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterSettings;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;
import org.enflow.model.Model;

/**
 * A grid search over filter hyperparameters ({@code enflow tune}): every combination of the axes' values
 * (the last axis varying fastest) is run as a twin experiment on the base configuration (its seed is the
 * training seed) and scored by a {@link TuningMetric}; the lowest score wins. Every grid point's settings
 * are checked, by building the filter, before the first run.
 */
public final class GridSearch {
    /** Most grid points one search runs. */
    public static final int MAX_POINTS = 100_000;

    /** One hyperparameter and the values to try, in order. */
    public record Axis(String key, List<String> values) {
        public Axis {
            Require.notNull("key", key);
            values = List.copyOf(values);
            if (key.isBlank()) throw new IllegalArgumentException("--grid: empty key; expected KEY=V1,V2,...");
            if (values.isEmpty()) throw new IllegalArgumentException("--grid " + key + ": no values; expected KEY=V1,V2,...");
        }

        /** Parses {@code KEY=V1,V2,...}; blanks around tokens are ignored. */
        public static Axis parse(String spec) {
            if (spec == null) throw new IllegalArgumentException("--grid is null: expected KEY=V1,V2,...");
            int eq = spec.indexOf('=');
            if (eq <= 0 || spec.substring(0, eq).isBlank())
                throw new IllegalArgumentException("--grid " + spec + ": expected KEY=V1,V2,...");
            List<String> values = new ArrayList<>();
            for (String v : spec.substring(eq + 1).split(",", -1)) {
                if (v.isBlank()) throw new IllegalArgumentException("--grid " + spec + ": empty value; expected KEY=V1,V2,...");
                values.add(v.trim());
            }
            Set<String> distinct = new LinkedHashSet<>(values);
            if (distinct.size() != values.size()) throw new IllegalArgumentException("--grid " + spec + ": repeated value");
            return new Axis(spec.substring(0, eq).trim(), values);
        }
    }

    /** One scored grid point; {@code result} is null only before it ran. */
    public record Point(int index, Map<String, String> settings, double score, ExperimentResult result) {
        public boolean diverged() {
            return result != null && result.diverged();
        }
    }

    /** All points in order, and the best (lowest finite score; null if every run diverged). */
    public record Outcome(List<Point> points, Point best) {}

    private GridSearch() {}

    /** Every combination of the axes' values, the last axis varying fastest. */
    public static List<Map<String, String>> combinations(List<Axis> axes) {
        Require.notNull("axes", axes);
        if (axes.isEmpty()) throw new IllegalArgumentException("--grid: give at least one KEY=V1,V2,...");
        Set<String> keys = new LinkedHashSet<>();
        long count = 1;
        for (Axis a : axes) {
            if (!keys.add(a.key())) throw new IllegalArgumentException("--grid " + a.key() + ": the key is given twice");
            count *= a.values().size();
            if (count > MAX_POINTS) throw new IllegalArgumentException("--grid: more than " + MAX_POINTS + " combinations");
        }
        List<Map<String, String>> out = new ArrayList<>();
        int[] idx = new int[axes.size()];
        for (long p = 0; p < count; p++) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int a = 0; a < axes.size(); a++) m.put(axes.get(a).key(), axes.get(a).values().get(idx[a]));
            out.add(Collections.unmodifiableMap(m));
            for (int a = axes.size() - 1; a >= 0; a--) {
                if (++idx[a] < axes.get(a).values().size()) break;
                idx[a] = 0;
            }
        }
        return out;
    }

    /** The base configuration with one grid point's settings over its own filter settings. */
    public static ExperimentConfig configFor(ExperimentConfig base, Map<String, String> point) {
        Map<String, String> merged = new LinkedHashMap<>(base.filterSettings());
        merged.putAll(point);
        return base.toBuilder().filterSettings(merged).build();
    }

    /**
     * Checks every grid point's settings by building its filter (unknown keys and bad values fail here,
     * before any run), then runs and scores the points in order, calling {@code onPoint} after each.
     */
    public static Outcome run(ExperimentConfig base, List<Axis> axes, TuningMetric metric, Catalog catalog, Consumer<Point> onPoint) {
        return run(base, axes, metric, catalog, null, onPoint);
    }

    /**
     * As {@link #run(ExperimentConfig, List, TuningMetric, Catalog, Consumer)}, with a reference posterior run beside
     * every point ({@code reference} non-null), so that metrics such as {@code w2} are reported. The reference
     * depends only on the seed, so every point is scored against the same reference.
     */
    public static Outcome run(ExperimentConfig base, List<Axis> axes, TuningMetric metric, Catalog catalog,
                              ReferenceSpec reference, Consumer<Point> onPoint) {
        Require.notNull("base", base);
        Require.notNull("metric", metric);
        Require.notNull("catalog", catalog);
        List<Map<String, String>> grid = combinations(axes);
        if (reference != null) reference.validate(base, catalog);
        FilterFactory factory = catalog.filter(base.filter());
        Model model = catalog.model(base, Parallel.sequential());
        for (Map<String, String> point : grid) {
            ExperimentConfig c = configFor(base, point);
            FilterSettings s = new FilterSettings(factory.name(), factory.parameters(), c.filterSettings());
            factory.create(new FilterContext(model, c.members(), new RandomStreams(c.seed()), Parallel.sequential()), s);
        }
        List<Point> points = new ArrayList<>();
        Point best = null;
        for (int i = 0; i < grid.size(); i++) {
            ExperimentResult r = reference == null ? TwinExperiment.run(configFor(base, grid.get(i)), catalog)
                    : TwinExperiment.run(configFor(base, grid.get(i)), catalog, CycleListener.NONE, reference);
            Point p = new Point(i, grid.get(i), metric.apply(r), r);
            points.add(p);
            if (Double.isFinite(p.score()) && (best == null || p.score() < best.score())) best = p;
            if (onPoint != null) onPoint.accept(p);
        }
        return new Outcome(points, best);
    }
}
