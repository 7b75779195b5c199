package org.enflow.experiment;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.FreeForecast;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Model;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * Small test-local parts, independent of the library's registries: Lorenz-96 with classical RK4
 * ("l96"), a model that overflows ("explode"), identity and arctan operators, and a stochastic
 * perturbed-observation nudging filter ("nudge") that draws from the FILTER streams, one per member.
 */
public final class TestCatalog implements Catalog {
    @Override
    public ModelDefaults modelDefaults(String model) {
        return switch (model) {
            case "l96" -> new ModelDefaults("l96", 40, 8.0, 0.05, null, TruthStart.ZERO, 3.0, 500);
            case "explode" -> new ModelDefaults("explode", 5, 0.0, 1.0, null, TruthStart.ZERO, 1.0, 0);
            default -> throw new IllegalArgumentException("--model " + model + ": unknown model; expected one of [l96, explode]");
        };
    }

    /** A quick L96 configuration for tests. */
    public static ExperimentConfig.Builder l96(String filter) {
        return ExperimentConfig.builder().modelDefaults(new TestCatalog().modelDefaults("l96"))
                .obsEvery(1).observation("identity").obsSigma(1.0).filter(filter).members(10).cycles(60).seed(42L)
                .threads(1).initialSpread(1.0).initialEnsemble(InitialEnsemble.AROUND_TRUTH);
    }

    @Override
    public Model model(ExperimentConfig config, Parallel parallel) {
        modelDefaults(config.model());
        if (config.model().equals("explode")) return new Explode(config.dim());
        return new Lorenz96(config.dim(), config.forcing(), config.dt(), parallel);
    }

    @Override
    public double[] referenceState(ExperimentConfig config, Model model) {
        double[] x = new double[config.dim()];
        java.util.Arrays.fill(x, config.forcing());
        x[0] += 0.01;
        return x;
    }

    @Override
    public ObservationOperator observation(ExperimentConfig config, RandomStreams streams) {
        return switch (config.observation()) {
            case "identity" -> new Elementwise(config.dim(), false);
            case "arctan" -> new Elementwise(config.dim(), true);
            case "half" -> new Elementwise(config.dim() / 2, false); // wrong input dimension, on purpose
            default -> throw new IllegalArgumentException("--obs " + config.observation() + ": unknown operator");
        };
    }

    @Override
    public List<FilterFactory> filters() {
        return List.of(new FreeForecast.Factory(), new NudgeFactory());
    }

    @Override
    public List<String> modelHelp() {
        return List.of("l96     test Lorenz-96", "explode test model that overflows");
    }

    @Override
    public List<String> observationHelp() {
        return List.of("identity", "arctan");
    }

    /** Lorenz-96 with classical RK4, one member per task. */
    static final class Lorenz96 implements Model {
        private final int d;
        private final double forcing, dt;
        private final Parallel parallel;

        Lorenz96(int d, double forcing, double dt, Parallel parallel) {
            this.d = d;
            this.forcing = forcing;
            this.dt = dt;
            this.parallel = parallel;
        }

        @Override public int dim() { return d; }
        @Override public double dt() { return dt; }
        @Override public String describe() { return "test-l96(d=" + d + ")"; }

        @Override
        public void advance(Ensemble ensemble, double t0, int steps) {
            double[] x = ensemble.data();
            parallel.forEach(ensemble.members(), (b, from, to) -> {
                double[] k1 = new double[d], k2 = new double[d], k3 = new double[d], k4 = new double[d], tmp = new double[d];
                for (int i = from; i < to; i++) {
                    int off = i * d;
                    for (int s = 0; s < steps; s++) {
                        drift(x, off, k1);
                        for (int j = 0; j < d; j++) tmp[j] = x[off + j] + 0.5 * dt * k1[j];
                        drift(tmp, 0, k2);
                        for (int j = 0; j < d; j++) tmp[j] = x[off + j] + 0.5 * dt * k2[j];
                        drift(tmp, 0, k3);
                        for (int j = 0; j < d; j++) tmp[j] = x[off + j] + dt * k3[j];
                        drift(tmp, 0, k4);
                        for (int j = 0; j < d; j++) x[off + j] += dt / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
                    }
                }
            });
        }

        private void drift(double[] x, int off, double[] out) {
            for (int j = 0; j < d; j++) {
                double xp1 = x[off + (j + 1) % d], xm1 = x[off + (j + d - 1) % d], xm2 = x[off + (j + d - 2) % d];
                out[j] = (xp1 - xm2) * xm1 - x[off + j] + forcing;
            }
        }
    }

    /** x ← x·1e200 per step: overflows to infinity within two steps. */
    static final class Explode implements Model {
        private final int d;

        Explode(int d) { this.d = d; }

        @Override public int dim() { return d; }
        @Override public double dt() { return 1; }
        @Override public String describe() { return "explode"; }

        @Override
        public void advance(Ensemble ensemble, double t0, int steps) {
            double[] x = ensemble.data();
            for (int s = 0; s < steps; s++) for (int k = 0; k < x.length; k++) x[k] *= 1e200;
        }
    }

    /** Identity or arctan on the first p components. */
    static final class Elementwise implements ObservationOperator {
        private final int d;
        private final boolean arctan;

        Elementwise(int d, boolean arctan) {
            this.d = d;
            this.arctan = arctan;
        }

        @Override public int inputDim() { return d; }
        @Override public int outputDim() { return d; }
        @Override public String describe() { return arctan ? "arctan" : "identity"; }

        @Override
        public void apply(double[] x, int xOff, double[] y, int yOff) {
            for (int j = 0; j < d; j++) y[yOff + j] = arctan ? Math.atan(x[xOff + j]) : x[xOff + j];
        }

        @Override
        public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
            for (int j = 0; j < d; j++) {
                double v = x[xOff + j];
                out[outOff + j] = arctan ? r[rOff + j] / (1 + v * v) : r[rOff + j];
            }
        }

        @Override
        public double[] positions() {
            double[] p = new double[d];
            for (int j = 0; j < d; j++) p[j] = j;
            return p;
        }
    }

    /** x_i ← x_i + gain·(y + σε_i − h(x_i)), ε_i from member i's FILTER stream (identity-like operators). */
    static final class NudgeFactory implements FilterFactory {
        @Override public String name() { return "nudge"; }
        @Override public String description() { return "test filter: perturbed-observation nudging"; }

        @Override
        public List<FilterParameter> parameters() {
            return List.of(new FilterParameter("gain", "0.5", "nudging gain in (0, 1]"));
        }

        @Override
        public Filter create(FilterContext context, FilterSettings settings) {
            double gain = settings.positive("gain");
            UniformRandomProvider[] rngs = context.streams().streams(RandomStreams.Purpose.FILTER, context.members());
            Parallel parallel = context.parallel();
            return new Filter() {
                @Override
                public void assimilate(Ensemble e, Observation obs) {
                    int d = e.dim(), p = obs.dim();
                    double sigma = Math.sqrt(obs.variances()[0]);
                    parallel.forEach(e.members(), (b, from, to) -> {
                        double[] hx = new double[p];
                        for (int i = from; i < to; i++) {
                            Gaussian g = new Gaussian(rngs[i]);
                            obs.operator().apply(e.data(), i * d, hx, 0);
                            for (int j = 0; j < p; j++)
                                e.data()[i * d + j] += gain * (obs.values()[j] + sigma * g.next() - hx[j]);
                        }
                    });
                }

                @Override public long lastFieldEvaluations() { return 7; }
                @Override public String describe() { return "nudge(gain=" + gain + ")"; }
            };
        }
    }
}
