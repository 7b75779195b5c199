package org.enflow.experiment;

import java.util.ArrayList;
import java.util.List;
import org.enflow.filter.FilterFactory;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Model;
import org.enflow.observe.ObservationOperator;

/**
 * Where a twin experiment gets its parts by name: models, observation operators and filters. The CLI
 * uses {@link RegistryCatalog} (the library's registries); tests and embedding code may supply their own.
 */
public interface Catalog {
    /** The model's own defaults (dimension, step, integrator, truth start, spin-up); unknown names throw. */
    ModelDefaults modelDefaults(String model);

    /** A new instance of the configured model running on {@code parallel}. */
    Model model(ExperimentConfig config, Parallel parallel);

    /**
     * The model that runs the truth, on {@code parallel}: by default the same as {@link #model}. A catalog
     * whose models carry process noise must give the truth noise streams of its own, independent of every
     * ensemble member's.
     */
    default Model truthModel(ExperimentConfig config, Parallel parallel) {
        return model(config, parallel);
    }

    /**
     * The base state of {@link TruthStart#REFERENCE} for this model (length d), e.g. DAPPER's spun-up x0
     * for Kuramoto–Sivashinsky. {@code model} is a fresh single-member-capable instance it may integrate.
     */
    double[] referenceState(ExperimentConfig config, Model model);

    /** The configured observation operator; random parts (subset masks) draw from {@code streams}. */
    ObservationOperator observation(ExperimentConfig config, RandomStreams streams);

    /** The filters, in the order {@code enflow list} shows them. */
    List<FilterFactory> filters();

    /** The filter called {@code name} (case-insensitive). */
    default FilterFactory filter(String name) {
        List<String> names = new ArrayList<>();
        for (FilterFactory f : filters()) {
            if (f.name().equalsIgnoreCase(name)) return f;
            names.add(f.name());
        }
        throw new IllegalArgumentException("--filter " + name + ": unknown filter; expected one of " + names);
    }

    /** Lines describing the models and their defaults, for {@code enflow list}. */
    List<String> modelHelp();

    /** Lines describing the observation-operator spec syntax, for {@code enflow list}. */
    List<String> observationHelp();
}
