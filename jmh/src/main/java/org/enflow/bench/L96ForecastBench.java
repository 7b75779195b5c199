package org.enflow.bench;

import java.util.concurrent.TimeUnit;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Integrator;
import org.enflow.model.Lorenz96;
import org.enflow.model.Model;
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
 * The Lorenz-96 forecast: {@code steps} RK4 steps of every member, in place. Normalize by
 * members * dim * steps for ns per element-step. The scalar twin is the same call in a fork started with
 * {@code -jvmArgsAppend -Denflow.vector=false}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class L96ForecastBench {
    /** members x dim. */
    @Param({"1000x40", "20x1000000"})
    public String shape;

    @Param({"10"})
    public int steps;

    @Param({"1", "2"})
    public int threads;

    @Param({"rk4_38"})
    public String integrator;

    private Ensemble ensemble;
    private Model model;
    private Parallel parallel;

    @Setup(Level.Trial)
    public void setUp() {
        String[] nd = shape.split("x");
        int n = Integer.parseInt(nd[0]), d = Integer.parseInt(nd[1]);
        parallel = new Parallel(threads);
        model = new Lorenz96(d, 8.0).model(0.01, Integrator.parse(integrator), parallel);
        ensemble = new Ensemble(n, d);
        Gaussian g = new Gaussian(new RandomStreams(42).stream(RandomStreams.Purpose.INITIAL_ENSEMBLE));
        double[] x = ensemble.data();
        for (int i = 0; i < x.length; i++) x[i] = 3 * g.next();
        model.advance(ensemble, 0, 200); // onto the attractor, so the timed states are typical
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }

    @Benchmark
    public Ensemble forecast() {
        model.advance(ensemble, 0, steps);
        return ensemble;
    }
}
