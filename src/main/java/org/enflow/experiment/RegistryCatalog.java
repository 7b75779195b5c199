package org.enflow.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.Filters;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.KuramotoSivashinsky;
import org.enflow.model.Model;
import org.enflow.model.ModelInfo;
import org.enflow.model.Models;
import org.enflow.observe.ObservationOperator;
import org.enflow.observe.Operators;

/**
 * The library's registries as a {@link Catalog}: {@link Models}, {@link Operators} and {@link Filters}.
 * Truth starts per model follow protocol.md §3 / models.md: Lorenz-63 N(0, I) and 2000 spin-up steps,
 * Lorenz-96 N(0, 9I) and 1000, Kuramoto–Sivashinsky DAPPER's x0 + N(0, I) and 2000, linear N(0, I) and none
 * (a stable linear model decays to 0 when spun up).
 */
public final class RegistryCatalog implements Catalog {
    @Override
    public ModelDefaults modelDefaults(String model) {
        ModelInfo m = Models.info(model);
        return switch (m.name()) {
            case "lorenz63" -> defaults(m, TruthStart.ZERO, 1.0, 2000);
            case "lorenz96" -> defaults(m, TruthStart.ZERO, 3.0, 1000);
            case "ks" -> defaults(m, TruthStart.REFERENCE, 1.0, 2000);
            default -> defaults(m, TruthStart.ZERO, 1.0, 0);
        };
    }

    private static ModelDefaults defaults(ModelInfo m, TruthStart start, double spread, int spinUp) {
        return new ModelDefaults(m.name(), m.defaultDim(), m.defaultForcing(), m.defaultDt(), m.defaultIntegrator(),
                start, spread, spinUp);
    }

    @Override
    public Model model(ExperimentConfig config, Parallel parallel) {
        return Models.create(config.model(), config.dim(), config.forcing(), config.dt(), config.integrator(), parallel);
    }

    @Override
    public double[] referenceState(ExperimentConfig config, Model model) {
        if (model instanceof KuramotoSivashinsky ks) return ks.dapperInitialState();
        throw new IllegalArgumentException("--truth-start reference: model " + config.model()
                + " has no reference state; use --truth-start zero");
    }

    @Override
    public ObservationOperator observation(ExperimentConfig config, RandomStreams streams) {
        try {
            return Operators.parse(config.observation(), config.dim(), streams);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m != null && m.startsWith("--obs") ? m : "--obs: " + m, e);
        }
    }

    @Override
    public List<FilterFactory> filters() {
        return Filters.all();
    }

    @Override
    public List<String> modelHelp() {
        List<String> lines = new ArrayList<>();
        for (ModelInfo m : Models.list()) {
            ModelDefaults d = modelDefaults(m.name());
            lines.add(String.format(Locale.ROOT, "%-10s %s", m.name(), m.description()));
            lines.add(String.format(Locale.ROOT, "%-10s defaults: dim %d, dt %s%s, integrator %s (of: %s); truth %s + %s·N(0,I), spin-up %d steps",
                    "", m.defaultDim(), m.defaultDt(), Double.isNaN(m.defaultForcing()) ? "" : ", forcing " + m.defaultForcing(),
                    m.defaultIntegrator(), m.integrators(), d.truthStart().label(), d.truthSpread(), d.spinUp()));
        }
        return lines;
    }

    @Override
    public List<String> observationHelp() {
        return Operators.help();
    }
}
