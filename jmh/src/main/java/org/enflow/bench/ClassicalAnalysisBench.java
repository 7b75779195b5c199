package org.enflow.bench;

import java.util.concurrent.TimeUnit;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.classical.BootstrapParticleFilter;
import org.enflow.filter.classical.EnkfPo;
import org.enflow.filter.classical.Etkf;
import org.enflow.filter.classical.Letkf;
import org.enflow.filter.common.Resampler;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Integrator;
import org.enflow.model.Lorenz96;
import org.enflow.model.Model;
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
 * One analysis of a classical filter on a Lorenz-96 ensemble (spun up onto the attractor), identity
 * observations of a perturbed member with R = I: the issue-3 speed targets. Each invocation restores the
 * forecast ensemble (and the particle filter's weights) first; that copy is outside the timed call.
 * {@code config} = FILTER:NxD, with the filters' DAPPER settings (LETKF loc_rad 4, PF NER 0.5 reg 0.7).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClassicalAnalysisBench {
    @Param({"letkf:10x40", "letkf:20x10000", "letkf:20x1000000", "etkf:40x40", "enkf:40x40", "bpf:3000x40"})
    public String config;

    @Param({"1", "2"})
    public int threads;

    private Ensemble forecast, work;
    private Observation observation;
    private Filter filter;
    private Parallel parallel;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = config.split(":");
        String[] nd = parts[1].split("x");
        int n = Integer.parseInt(nd[0]), d = Integer.parseInt(nd[1]);
        parallel = new Parallel(threads);
        RandomStreams streams = new RandomStreams(42);
        Model model = new Lorenz96(d, 8.0).model(0.05, Integrator.parse("rk4"), parallel);
        Ensemble e = new Ensemble(n + 1, d);
        Gaussian g = new Gaussian(streams.stream(RandomStreams.Purpose.INITIAL_ENSEMBLE));
        double[] x = e.data();
        for (int i = 0; i < d; i++) x[i] = 3 * g.next();
        for (int i = 1; i <= n; i++) for (int k = 0; k < d; k++) x[i * d + k] = x[k] + g.next();
        model.advance(e, 0, 20);
        forecast = new Ensemble(n, d);
        System.arraycopy(x, d, forecast.data(), 0, n * d);
        work = forecast.copy();
        ObservationOperator h = Operators.parse("identity", d, streams);
        double[] y = new double[d];
        for (int k = 0; k < d; k++) y[k] = x[k] + g.next();
        observation = Observation.withSigma(y, h, 1.0);
        switch (parts[0]) {
            case "letkf": filter = new Letkf(n, 1.04, true, 4, streams, parallel); break;
            case "etkf": filter = new Etkf(n, 1.013, true, streams, parallel); break;
            case "enkf": filter = new EnkfPo(n, 1.06, false, false, Double.POSITIVE_INFINITY, streams, parallel); break;
            case "bpf": filter = new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 0.5, 0.7, 1.0, streams, parallel); break;
            default: throw new IllegalArgumentException("config " + config);
        }
    }

    @Setup(Level.Invocation)
    public void restore() {
        work.copyFrom(forecast);
        filter.initialize(work);
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
