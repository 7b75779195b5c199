package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.model.Model;
import org.enflow.model.NoisyModel;
import org.junit.jupiter.api.Test;

/** --process-noise: the registry wraps the model, and the truth's noise is not any member's noise. */
class ProcessNoiseTest {
    @Test
    void truthAndMembersDrawIndependentNoise() {
        ExperimentConfig c = Presets.get("flowdas-l63").builder().build();
        assertEquals(Math.sqrt(0.025), c.processNoise());
        RegistryCatalog catalog = new RegistryCatalog();
        Model members = catalog.model(c, Parallel.sequential()), truth = catalog.truthModel(c, Parallel.sequential());
        assertTrue(members instanceof NoisyModel && truth instanceof NoisyModel);
        Ensemble a = new Ensemble(1, 3), b = new Ensemble(1, 3);
        members.advance(a, 0, 1);
        truth.advance(b, 0, 1);
        // From the origin one RK4 step stays at 0: what remains is the noise, which must differ.
        assertNotEquals(a.data()[0], b.data()[0]);
        assertEquals(0, Presets.get("l63").builder().build().processNoise());
        assertTrue(!(catalog.model(Presets.get("l63").builder().build(), Parallel.sequential()) instanceof NoisyModel));
        assertThrows(IllegalArgumentException.class, () -> Presets.get("l63").builder().processNoise(-1.0).build());
        assertTrue(c.describe().contains("noise q=0.158"), c.describe());
        assertEquals(0.0, Presets.get("flowdas-l63").builder().modelDefaults(catalog.modelDefaults("lorenz96")).build().processNoise());
    }
}
