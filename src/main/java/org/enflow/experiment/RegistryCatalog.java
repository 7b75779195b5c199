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
import org.enflow.model.NoisyModel;
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

    /**
     * The registered model; with {@code --process-noise q > 0} wrapped in a {@link NoisyModel} whose member
     * i draws from stream (MODEL_NOISE, i) of the master seed.
     */
    @Override
    public Model model(ExperimentConfig config, Parallel parallel) {
        Model m = Models.create(config.model(), config.dim(), config.forcing(), config.dt(), config.integrator(), parallel);
        if (config.processNoise() == 0) return m;
        return new NoisyModel(m, config.processNoise(), new RandomStreams(config.seed()), parallel);
    }

    /**
     * As {@link #model}, but the truth's process noise comes from stream (TRUTH, {@value #TRUTH_NOISE_STREAM})
     * (stream (TRUTH, 0) draws the truth's initial condition), never from an ensemble member's stream.
     */
    @Override
    public Model truthModel(ExperimentConfig config, Parallel parallel) {
        Model m = Models.create(config.model(), config.dim(), config.forcing(), config.dt(), config.integrator(), parallel);
        if (config.processNoise() == 0) return m;
        return new NoisyModel(m, config.processNoise(), new RandomStreams(config.seed()), RandomStreams.Purpose.TRUTH,
                TRUTH_NOISE_STREAM, parallel);
    }

    /** Member index of the TRUTH stream that draws the truth's process noise. */
    public static final int TRUTH_NOISE_STREAM = 1;

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
