package org.enflow.filter.classical;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.Filters;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.LinearModel;
import org.enflow.model.Models;
import org.junit.jupiter.api.Test;

/** The CLI view of the classical filters: registry names, declared keys and defaults, error messages. */
class FactoriesTest {
    static Filter create(String name, int n, Map<String, String> set) {
        FilterFactory f = Filters.byName(name);
        return f.create(new FilterContext(Models.create("lorenz96", 40, 8, 0.05, "rk4", Parallel.sequential()), n,
                new RandomStreams(1), Parallel.sequential()), new FilterSettings(f.name(), f.parameters(), set));
    }

    @Test
    void registeredWithDeclaredDefaults() {
        for (String name : new String[] {"enkf", "etkf", "letkf", "bpf", "kalman"}) assertEquals(name, Filters.byName(name).name());
        assertEquals("1.0", Filters.byName("etkf").parameters().get(0).defaultValue());
        assertTrue(create("letkf", 10, Map.of()).describe().contains("loc_radius=4"));
        assertTrue(create("enkf", 10, Map.of("loc_radius", "inf")).describe().startsWith("enkf-po"));
        assertTrue(create("bpf", 100, Map.of("resampler", "residual", "jitter", "0.5")).describe().contains("residual"));
    }

    @Test
    void badValuesNameTheKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create("letkf", 10, Map.of("loc_radius", "0")));
        assertTrue(e.getMessage().contains("loc_radius=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> create("letkf", 10, Map.of("loc_radius", "-2")));
        assertTrue(e.getMessage().contains("loc_radius=-2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> create("etkf", 10, Map.of("inflation", "0")));
        assertTrue(e.getMessage().contains("inflation=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> create("bpf", 10, Map.of("resampler", "bogus")));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> create("bpf", 10, Map.of("resample_threshold", "2")));
        assertTrue(e.getMessage().contains("resample_threshold"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> create("etkf", 1, Map.of()));
        assertTrue(e.getMessage().contains("members = 1"), e.getMessage());
    }

    @Test
    void kalmanNeedsALinearNoiseFreeModelAndEnoughMembers() {
        FilterFactory f = Filters.byName("kalman");
        FilterSettings none = new FilterSettings("kalman", f.parameters(), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create("kalman", 50, Map.of()));
        assertTrue(e.getMessage().contains("linear model"), e.getMessage());
        LinearModel lin = LinearModel.randomStable(10, 3, 0.95);
        assertNotNull(f.create(new FilterContext(lin, 11, new RandomStreams(1), Parallel.sequential()), none));
        e = assertThrows(IllegalArgumentException.class,
                () -> f.create(new FilterContext(lin, 10, new RandomStreams(1), Parallel.sequential()), none));
        assertTrue(e.getMessage().contains("members = 10"), e.getMessage());
    }
}
