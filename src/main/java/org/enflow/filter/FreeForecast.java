package org.enflow.filter;

import java.util.List;
import org.enflow.ensemble.Ensemble;
import org.enflow.observe.Observation;

/** Filter "none": ignores the observations, so the ensemble is a free forecast. The baseline of baselines. */
public final class FreeForecast implements Filter {
    @Override
    public void assimilate(Ensemble ensemble, Observation observation) {
        // A free forecast leaves the ensemble as the model made it.
    }

    @Override
    public String describe() {
        return "none (free forecast)";
    }

    /** Factory for {@code --filter none}. */
    public static final class Factory implements FilterFactory {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public String description() {
            return "free forecast: observations are ignored";
        }

        @Override
        public List<FilterParameter> parameters() {
            return List.of();
        }

        @Override
        public Filter create(FilterContext context, FilterSettings settings) {
            return new FreeForecast();
        }
    }
}
