package org.enflow.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.Filters;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Integrator;
import org.enflow.model.Lorenz96;
import org.enflow.model.Model;
import org.enflow.model.NoisyModel;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.enflow.observe.Operators;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One analysis of any registered filter on a Lorenz-96 ensemble: {@code config} = FILTER:NxD. The
 * previous analysis x^a (members spread around a state spun up onto the attractor) is advanced 10 steps of
 * dt = 0.01 to the forecast x^f; the observation is of a perturbed member. Each invocation restores the
 * forecast and re-initializes the filter with x^a (outside the timed call), so every call does the same work.
 *
 * <p>FILTER is a name of {@link Filters} or one of these benchmark aliases (their DAPPER / paper settings):
 * <pre>
 *   enkf      EnKF-PO, inflation 1.06                  identity obs, sigma 1
 *   etkf      ETKF, inflation 1.013                    identity obs, sigma 1
 *   letkf     LETKF, inflation 1.04, loc_radius 4      identity obs, sigma 1
 *   bpf       bootstrap PF, NER 0.5, jitter 0.7        identity obs, sigma 1
 *   enff-f2p  EnFF F2P, K 10, sigma_min 0.01, λ 0.05   arctan obs, sigma 0.05
 *   enff-ot   EnFF OT, K 20, sigma_min 0.01, λ 0.05    arctan obs, sigma 0.05
 *   ensf      EnSF defaults (K 100, mixture score)     arctan obs, sigma 0.05
 *   kde       KDE diffusion filter, automatic bandwidths  identity obs, sigma 1
 *   flowdas   FlowDAS, closed-form drift (defaults)    identity obs, sigma 1; L96 with process noise 0.1
 * </pre>
 * Any other registered filter runs with its registry defaults on identity observations with σ = 1: the
 * hook for filters that land later. Flop and byte models per filter:
 * {@code org.enflow.experiment.bench.Workloads}; the sweep over N × d × threads: {@link Sweep}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AnalysisBench {
    @Param({"letkf:20x1000", "etkf:20x1000", "enkf:20x1000", "bpf:100x1000", "enff-f2p:20x10000", "enff-ot:20x10000",
        "ensf:20x1000", "kde:250x40"})
    public String config;

    @Param({"1", "2"})
    public int threads;

    /** Registry name, settings and observation (operator spec, σ) of a benchmark alias. */
    record Spec(String filter, Map<String, String> settings, String operator, double sigma, double processNoise) {
        Spec(String filter, Map<String, String> settings, String operator, double sigma) {
            this(filter, settings, operator, sigma, 0);
        }
    }

    static Spec spec(String alias) {
        return switch (alias) {
            case "enkf" -> new Spec("enkf", Map.of("inflation", "1.06"), "identity", 1.0);
            case "etkf" -> new Spec("etkf", Map.of("inflation", "1.013", "rotate", "true"), "identity", 1.0);
            case "letkf" -> new Spec("letkf", Map.of("inflation", "1.04", "loc_radius", "4", "rotate", "true"), "identity", 1.0);
            case "bpf" -> new Spec("bpf", Map.of("resample_threshold", "0.5", "jitter", "0.7"), "identity", 1.0);
            case "enff-f2p" -> new Spec("enff", Map.of("path", "f2p", "grid", "10"), "arctan", 0.05);
            case "enff-ot" -> new Spec("enff", Map.of("path", "ot", "grid", "20"), "arctan", 0.05);
            case "ensf" -> new Spec("ensf", Map.of(), "arctan", 0.05);
            case "kde" -> new Spec("kde", Map.of(), "identity", 1.0);
            // The closed-form drift needs a Gaussian transition: the model gets additive process noise.
            case "flowdas" -> new Spec("flowdas", Map.of(), "identity", 1.0, 0.1);
            default -> new Spec(alias, Map.of(), "identity", 1.0);
        };
    }

    private Ensemble previous, forecast, work;
    private Observation observation;
    private Filter filter;
    private Parallel parallel;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = config.split(":");
        if (parts.length != 2) throw new IllegalArgumentException("config " + config + ": expected FILTER:NxD");
        String[] nd = parts[1].split("x");
        int n = Integer.parseInt(nd[0]), d = Integer.parseInt(nd[1]);
        Spec spec = spec(parts[0]);
        parallel = new Parallel(threads);
        RandomStreams streams = new RandomStreams(42);
        Model model = new Lorenz96(d, 8.0).model(0.01, Integrator.RK4_38, parallel);
        if (spec.processNoise() > 0) model = new NoisyModel(model, spec.processNoise(), streams, parallel);
        Gaussian g = new Gaussian(streams.stream(RandomStreams.Purpose.INITIAL_ENSEMBLE));
        Ensemble truth = new Ensemble(1, d);
        g.fill(truth.data(), 0, d);
        for (int k = 0; k < d; k++) truth.data()[k] *= 3;
        model.advance(truth, 0, 50);
        previous = new Ensemble(n, d);
        double[] x = previous.data(), t = truth.data();
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) x[i * d + k] = t[k] + g.next();
        forecast = previous.copy();
        model.advance(forecast, 0, 10);
        model.advance(truth, 0, 10);
        work = forecast.copy();
        ObservationOperator h = Operators.parse(spec.operator(), d, streams);
        double[] y = new double[h.outputDim()];
        h.apply(t, 0, y, 0);
        for (int k = 0; k < y.length; k++) y[k] += spec.sigma() * g.next();
        observation = Observation.withSigma(y, h, spec.sigma());
        FilterFactory factory = Filters.byName(spec.filter());
        FilterSettings settings = new FilterSettings(factory.name(), factory.parameters(), spec.settings());
        filter = factory.create(new FilterContext(model, n, streams, parallel), settings);
    }

    @Setup(Level.Invocation)
    public void restore() {
        filter.initialize(previous);
        work.copyFrom(forecast);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }

    @Benchmark
    public Ensemble analysis() {
        filter.assimilate(work, observation);
        return work;
    }
}
