package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grid-search harness behind {@code enflow tune}. */
class GridSearchTest {
    @Test
    void combinationsVaryTheLastAxisFastest() {
        List<Map<String, String>> g = GridSearch.combinations(List.of(GridSearch.Axis.parse("a=1,2"), GridSearch.Axis.parse(" b = x , y , z ")));
        assertEquals(6, g.size());
        assertEquals(Map.of("a", "1", "b", "x"), g.get(0));
        assertEquals(Map.of("a", "1", "b", "z"), g.get(2));
        assertEquals(Map.of("a", "2", "b", "x"), g.get(3));
        assertEquals(Map.of("a", "2", "b", "z"), g.get(5));
    }

    @Test
    void badAxesAreRejected() {
        for (String bad : new String[] {"a", "=1", "a=", "a=1,,2", "a=1,1", " =1"})
            assertThrows(IllegalArgumentException.class, () -> GridSearch.Axis.parse(bad), bad);
        assertThrows(IllegalArgumentException.class, () -> GridSearch.combinations(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> GridSearch.combinations(List.of(GridSearch.Axis.parse("a=1"), GridSearch.Axis.parse("a=2"))));
    }

    @Test
    void runScoresEveryPointAndPicksTheLowest() {
        ExperimentConfig base = TestCatalog.l96("nudge").members(6).cycles(25).build();
        List<GridSearch.Point> seen = new ArrayList<>();
        GridSearch.Outcome o = GridSearch.run(base, List.of(GridSearch.Axis.parse("gain=0.05,0.3,0.9")), TuningMetric.RMSE,
                new TestCatalog(), seen::add);
        assertEquals(3, o.points().size());
        assertEquals(o.points(), seen);
        double min = Double.POSITIVE_INFINITY;
        for (GridSearch.Point p : o.points()) {
            // Each score is the plain run's RMSE on the same seed: the harness adds nothing.
            ExperimentResult r = TwinExperiment.run(GridSearch.configFor(base, p.settings()), new TestCatalog());
            assertEquals(r.mean(CycleRecord::rmseAnalysis), p.score(), 0.0);
            min = Math.min(min, p.score());
        }
        assertEquals(min, o.best().score(), 0.0);
        // Other metrics: built-in last-50 window and a summary entry.
        assertEquals(o.points().get(0).result().rmseLast50(), TuningMetric.byName("RMSE_last50").apply(o.points().get(0).result()), 0.0);
        assertEquals((Double) o.points().get(0).result().summary().get("crps"), TuningMetric.byName("crps").apply(o.points().get(0).result()), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TuningMetric.byName("w3").apply(o.points().get(0).result()));
        assertTrue(e.getMessage().startsWith("--metric w3"), e.getMessage());
    }

    @Test
    void badValuesFailBeforeAnyRunAndDivergedPointsScoreInfinity() {
        ExperimentConfig base = TestCatalog.l96("nudge").members(6).cycles(5).build();
        List<GridSearch.Point> seen = new ArrayList<>();
        assertThrows(IllegalArgumentException.class, () -> GridSearch.run(base, List.of(GridSearch.Axis.parse("gain=0.3,-2")),
                TuningMetric.RMSE, new TestCatalog(), seen::add));
        assertTrue(seen.isEmpty(), "no run before the check");
        assertThrows(IllegalArgumentException.class, () -> GridSearch.run(base, List.of(GridSearch.Axis.parse("gian=0.3")),
                TuningMetric.RMSE, new TestCatalog(), seen::add));
        ExperimentConfig explode = ExperimentConfig.builder().modelDefaults(new TestCatalog().modelDefaults("explode"))
                .obsEvery(1).observation("identity").obsSigma(1.0).filter("nudge").members(3).cycles(10).seed(1L).threads(1)
                .initialSpread(1.0).initialEnsemble(InitialEnsemble.AROUND_TRUTH).build();
        GridSearch.Outcome o = GridSearch.run(explode, List.of(GridSearch.Axis.parse("gain=0.1")), TuningMetric.RMSE, new TestCatalog(), null);
        assertTrue(o.points().get(0).diverged());
        assertEquals(Double.POSITIVE_INFINITY, o.points().get(0).score());
        assertNull(o.best());
    }
}
