package org.enflow.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.enflow.kernel.Require;

/**
 * Everything that defines a twin experiment. Validated on construction; error messages name the
 * setting by its command-line flag.
 *
 * @param model            model name (see {@code enflow list})
 * @param dim              state dimension d
 * @param forcing          forcing F (Lorenz-96), or NaN for the model's default / a model without forcing
 * @param dt               model time step
 * @param integrator       integrator name, or null for the model's default
 * @param obsEvery         model steps per assimilation cycle
 * @param observation      observation operator spec, e.g. "identity", "arctan", "every:2:1>arctan"
 * @param obsSigma         observation noise standard deviation σ (R = σ²I)
 * @param filter           filter name
 * @param filterSettings   {@code --set key=value} hyperparameters (unchecked here; the filter's factory checks them)
 * @param members          ensemble size N ≥ 2
 * @param cycles           number of assimilation cycles (the first analysis is applied to the initial ensemble)
 * @param burnIn           cycles excluded from the time means, 0 ≤ burnIn < cycles
 * @param seed             master seed: truth, initial ensemble, filter, tie-breaks
 * @param observationSeed  seed of the observation-noise stream only (normally equal to {@code seed})
 * @param threads          threads for model, filter and metrics
 * @param initialSpread    σ₀ of the initial ensemble perturbation
 * @param initialEnsemble  centre of the initial ensemble
 * @param truthStart       base of the truth's initial condition
 * @param truthSpread      σ of the truth's initial perturbation
 * @param spinUp           model steps the truth runs before the first cycle
 * @param forecastNoise     std q of the additive Gaussian process noise x_i ← x_i + q·ξ_i given to every forecast
 *                         member once per cycle, after the model steps (the KDE code's stochastic model); the truth
 *                         stays noise-free (protocol.md §1.1). 0 = none
 * @param processNoise     std q of the Gaussian noise added to the truth and every member after each model
 *                         step (0: a deterministic model); see {@link org.enflow.model.NoisyModel}. Both noises
 *                         draw from MODEL_NOISE streams, so at most one of them may be non-zero
 */
public record ExperimentConfig(String model, int dim, double forcing, double dt, String integrator,
                               int obsEvery, String observation, double obsSigma,
                               String filter, Map<String, String> filterSettings,
                               int members, int cycles, int burnIn, long seed, long observationSeed, int threads,
                               double initialSpread, InitialEnsemble initialEnsemble,
                               TruthStart truthStart, double truthSpread, int spinUp, double forecastNoise,
                               double processNoise) {

    /** Default burn-in: a fifth of the cycles, at most 400 (protocol.md §1.7 asks ≥ 400 for long DAPPER runs). */
    public static int defaultBurnIn(int cycles) {
        return Math.min(cycles / 5, 400);
    }

    public ExperimentConfig {
        requireName("--model", model);
        Require.positive("--dim", dim);
        if (Double.isInfinite(forcing))
            throw new IllegalArgumentException("--forcing = " + forcing + ": expected a finite number");
        Require.positive("--dt", dt);
        if (integrator != null) requireName("--integrator", integrator);
        Require.positive("--obs-every", obsEvery);
        requireName("--obs", observation);
        Require.positive("--obs-sigma", obsSigma);
        requireName("--filter", filter);
        Require.notNull("filterSettings", filterSettings);
        filterSettings = Collections.unmodifiableMap(new LinkedHashMap<>(filterSettings));
        if (members < 2) throw new IllegalArgumentException("--members = " + members + ": expected an integer >= 2");
        Require.positive("--cycles", cycles);
        if (burnIn < 0 || burnIn >= cycles)
            throw new IllegalArgumentException("--burn-in = " + burnIn + ": expected 0 <= burn-in < cycles = " + cycles);
        Require.positive("--threads", threads);
        Require.positive("--init-spread", initialSpread);
        Require.notNull("initialEnsemble", initialEnsemble);
        Require.notNull("truthStart", truthStart);
        Require.nonNegative("--truth-spread", truthSpread);
        Require.atLeast("--spin-up", spinUp, 0);
        Require.finite("--forecast-noise", Require.nonNegative("--forecast-noise", forecastNoise));
        Require.finite("--process-noise", Require.nonNegative("--process-noise", processNoise));
        if (forecastNoise > 0 && processNoise > 0)
            throw new IllegalArgumentException("--process-noise = " + processNoise + " and --forecast-noise = " + forecastNoise
                    + ": expected at most one of them (per model step for truth and members, or per cycle for the forecast only)");
        if ((long) members * dim > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("--members * --dim = " + members + " * " + dim
                    + ": the ensemble needs at most " + (Integer.MAX_VALUE - 16) + " doubles");
    }

    private static void requireName(String flag, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(flag + " is empty: expected a name");
    }

    /** A builder with no value set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder().model(model).dim(dim).forcing(forcing).dt(dt).integrator(integrator)
                .obsEvery(obsEvery).observation(observation).obsSigma(obsSigma)
                .filter(filter).filterSettings(filterSettings)
                .members(members).cycles(cycles).burnIn(burnIn).seed(seed).observationSeed(observationSeed)
                .threads(threads).initialSpread(initialSpread).initialEnsemble(initialEnsemble)
                .truthStart(truthStart).truthSpread(truthSpread).spinUp(spinUp).forecastNoise(forecastNoise).processNoise(processNoise);
    }

    /** The model time between two analyses, obsEvery·dt. */
    public double cycleTime() {
        return obsEvery * dt;
    }

    /** One line for logs: the setup of the experiment. */
    public String describe() {
        return model + " d=" + dim + (Double.isNaN(forcing) ? "" : " F=" + forcing) + " dt=" + dt + (integrator == null ? "" : " " + integrator)
                + (processNoise == 0 ? "" : " + noise q=" + processNoise)
                + " | obs " + observation + " σ=" + obsSigma + " every " + obsEvery + " step" + (obsEvery == 1 ? "" : "s")
                + " | filter " + filter + (filterSettings.isEmpty() ? "" : " " + filterSettings)
                + (forecastNoise > 0 ? " | forecast noise " + forecastNoise + " per cycle" : "")
                + " | N=" + members + " | " + cycles + " cycles (burn-in " + burnIn + ") | seed " + seed
                + " | " + threads + " thread" + (threads == 1 ? "" : "s");
    }

    /** The configuration as ordered key → value pairs (summary.json). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("dim", dim);
        m.put("forcing", forcing);
        m.put("dt", dt);
        m.put("integrator", integrator);
        m.put("obs_every", obsEvery);
        m.put("obs", observation);
        m.put("obs_sigma", obsSigma);
        m.put("filter", filter);
        m.put("filter_settings_given", filterSettings);
        m.put("members", members);
        m.put("cycles", cycles);
        m.put("burn_in", burnIn);
        m.put("seed", seed);
        m.put("observation_seed", observationSeed);
        m.put("threads", threads);
        m.put("initial_spread", initialSpread);
        m.put("initial_ensemble", initialEnsemble.label());
        m.put("truth_start", truthStart.label());
        m.put("truth_spread", truthSpread);
        m.put("spin_up_steps", spinUp);
        m.put("forecast_noise", forecastNoise);
        m.put("process_noise", processNoise);
        return m;
    }

    /**
     * Collects settings, any of which may be left unset; {@link #build()} fills the derivable ones
     * (burn-in, observation seed, threads, filter settings) and rejects missing ones. Presets are builders,
     * and command-line flags are a builder {@linkplain #override merged} over a preset.
     */
    public static final class Builder {
        private String model;
        private Integer dim;
        private Double forcing;
        private Double dt;
        private String integrator;
        private Integer obsEvery;
        private String observation;
        private Double obsSigma;
        private String filter;
        private Map<String, String> filterSettings;
        private Integer members;
        private Integer cycles;
        private Integer burnIn;
        private Long seed;
        private Long observationSeed;
        private Integer threads;
        private Double initialSpread;
        private InitialEnsemble initialEnsemble;
        private TruthStart truthStart;
        private Double truthSpread;
        private Integer spinUp;
        private Double forecastNoise;
        private Double processNoise;

        private Builder() {}

        public Builder model(String v) { model = v; return this; }
        public Builder dim(Integer v) { dim = v; return this; }
        public Builder forcing(Double v) { forcing = v; return this; }
        public Builder dt(Double v) { dt = v; return this; }
        public Builder integrator(String v) { integrator = v; return this; }
        public Builder obsEvery(Integer v) { obsEvery = v; return this; }
        public Builder observation(String v) { observation = v; return this; }
        public Builder obsSigma(Double v) { obsSigma = v; return this; }
        public Builder filter(String v) { filter = v; return this; }
        public Builder filterSettings(Map<String, String> v) { filterSettings = v == null ? null : new LinkedHashMap<>(v); return this; }
        public Builder members(Integer v) { members = v; return this; }
        public Builder cycles(Integer v) { cycles = v; return this; }
        public Builder burnIn(Integer v) { burnIn = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder observationSeed(Long v) { observationSeed = v; return this; }
        public Builder threads(Integer v) { threads = v; return this; }
        public Builder initialSpread(Double v) { initialSpread = v; return this; }
        public Builder initialEnsemble(InitialEnsemble v) { initialEnsemble = v; return this; }
        public Builder truthStart(TruthStart v) { truthStart = v; return this; }
        public Builder truthSpread(Double v) { truthSpread = v; return this; }
        public Builder spinUp(Integer v) { spinUp = v; return this; }
        public Builder forecastNoise(Double v) { forecastNoise = v; return this; }
        public Builder processNoise(Double v) { processNoise = v; return this; }

        public String model() { return model; }
        public String filter() { return filter; }

        /** Switches to another model with that model's own defaults for everything model-specific (no process noise). */
        public Builder modelDefaults(ModelDefaults m) {
            return model(m.model()).dim(m.dim()).forcing(m.forcing()).dt(m.dt()).integrator(m.integrator())
                    .truthStart(m.truthStart()).truthSpread(m.truthSpread()).spinUp(m.spinUp()).processNoise(0.0);
        }

        /** Copies every value that {@code o} sets over this builder's value. */
        public Builder override(Builder o) {
            if (o.model != null) model = o.model;
            if (o.dim != null) dim = o.dim;
            if (o.forcing != null) forcing = o.forcing;
            if (o.dt != null) dt = o.dt;
            if (o.integrator != null) integrator = o.integrator;
            if (o.obsEvery != null) obsEvery = o.obsEvery;
            if (o.observation != null) observation = o.observation;
            if (o.obsSigma != null) obsSigma = o.obsSigma;
            if (o.filter != null) filter = o.filter;
            if (o.filterSettings != null) { // --set keys add to (and win over) the preset's settings
                Map<String, String> merged = filterSettings == null ? new LinkedHashMap<>() : new LinkedHashMap<>(filterSettings);
                merged.putAll(o.filterSettings);
                filterSettings = merged;
            }
            if (o.members != null) members = o.members;
            if (o.cycles != null) cycles = o.cycles;
            if (o.burnIn != null) burnIn = o.burnIn;
            if (o.seed != null) seed = o.seed;
            if (o.observationSeed != null) observationSeed = o.observationSeed;
            if (o.threads != null) threads = o.threads;
            if (o.initialSpread != null) initialSpread = o.initialSpread;
            if (o.initialEnsemble != null) initialEnsemble = o.initialEnsemble;
            if (o.truthStart != null) truthStart = o.truthStart;
            if (o.truthSpread != null) truthSpread = o.truthSpread;
            if (o.spinUp != null) spinUp = o.spinUp;
            if (o.forecastNoise != null) forecastNoise = o.forecastNoise;
            if (o.processNoise != null) processNoise = o.processNoise;
            return this;
        }

        public Builder copy() {
            return new Builder().override(this);
        }

        public ExperimentConfig build() {
            int c = required("--cycles", cycles);
            long s = required("--seed", seed);
            return new ExperimentConfig(required("--model", model), required("--dim", dim), required("--forcing", forcing),
                    required("--dt", dt), integrator, required("--obs-every", obsEvery), required("--obs", observation),
                    required("--obs-sigma", obsSigma), required("--filter", filter),
                    filterSettings == null ? Map.of() : filterSettings, required("--members", members), c,
                    burnIn == null ? defaultBurnIn(c) : burnIn, s, observationSeed == null ? s : observationSeed,
                    threads == null ? Runtime.getRuntime().availableProcessors() : threads,
                    required("--init-spread", initialSpread), required("--init", initialEnsemble),
                    required("--truth-start", truthStart), required("--truth-spread", truthSpread),
                    required("--spin-up", spinUp), forecastNoise == null ? 0.0 : forecastNoise,
                    processNoise == null ? 0.0 : processNoise);
        }

        private static <T> T required(String flag, T value) {
            if (value == null) throw new IllegalArgumentException(flag + " is not set: give it or use a --preset that sets it");
            return value;
        }
    }
}
