package org.enflow.filter.generative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.Filters;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.junit.jupiter.api.Test;

class FactoriesTest {
    private static FilterSettings settings(FilterFactory f, Map<String, String> given) {
        return new FilterSettings(f.name(), f.parameters(), given);
    }

    @Test
    void enffKeysParseIntoTheConfiguration() {
        FilterFactory f = Filters.byName("enff");
        EnffConfig def = EnffFactory.config(settings(f, Map.of()));
        assertTrue(def.path() instanceof F2pPath);
        assertEquals(Guidance.LOCAL, def.guidance());
        assertEquals(10, def.gridPoints());
        assertEquals(9, def.fieldEvaluations());
        EnffConfig c = EnffFactory.config(settings(f, Map.of("path", "ot", "guidance", "montecarlo", "lambda", "0.2",
                "sigma_min", "0.001", "grid", "5", "integrator", "heun", "inflation", "1.02")));
        assertTrue(c.path() instanceof OtPath);
        assertEquals(0.001, ((OtPath) c.path()).sigmaMin());
        assertEquals(Guidance.MONTE_CARLO, c.guidance());
        assertEquals(FlowScheme.HEUN, c.scheme());
        assertEquals(8, c.fieldEvaluations());
        assertEquals(1.02, c.inflation());
        assertTrue(f.create(new FilterContext(null, 20, new RandomStreams(1), Parallel.sequential()), settings(f, Map.of()))
                instanceof EnsembleFlowFilter);
        assertThrows(IllegalArgumentException.class, () -> EnffFactory.config(settings(f, Map.of("path", "bridge"))));
        assertThrows(IllegalArgumentException.class, () -> EnffFactory.config(settings(f, Map.of("grid", "1"))));
        assertThrows(IllegalArgumentException.class, () -> EnffFactory.config(settings(f, Map.of("sigma_min", "0"))));
        assertThrows(IllegalArgumentException.class, () -> settings(f, Map.of("eps_alpha", "0.5")));
    }

    @Test
    void ensfKeysParseIntoTheConfiguration() {
        FilterFactory f = Filters.byName("ensf");
        EnsfConfig def = EnsfFactory.config(settings(f, Map.of()));
        assertEquals(EnsfConfig.defaults(100), def);
        EnsfConfig c = EnsfFactory.config(settings(f, Map.of("score", "paired", "eps_alpha", "0.6", "eps_beta", "0.075", "grid", "101",
                "sampler", "ode", "clamp", "inf", "standardize", "true")));
        assertEquals(PriorScore.PAIRED, c.priorScore());
        assertEquals(ScoreSampler.ODE, c.sampler());
        assertEquals(100, c.fieldEvaluations());
        assertEquals(Double.POSITIVE_INFINITY, c.clamp());
        assertTrue(c.standardizeNoise());
        assertThrows(IllegalArgumentException.class, () -> EnsfConfig.defaults(10).withEps(2, 0.1));
        assertThrows(IllegalArgumentException.class, () -> EnsfFactory.config(settings(f, Map.of("sampler", "heun"))));
    }
}
