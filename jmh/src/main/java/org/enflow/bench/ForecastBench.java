package org.enflow.bench;

import java.util.concurrent.TimeUnit;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Integrator;
import org.enflow.model.KuramotoSivashinsky;
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
 * The ensemble forecast: {@code steps} model steps of every member, in place. {@code config} =
 * MODEL:NxD with MODEL {@code l96} (Lorenz-96, F = 8, dt = 0.01, the fused RK4 3/8 kernel; replaces the
 * former L96ForecastBench) or {@code ks} (Kuramoto–Sivashinsky, L = 128π, dt = 0.25, ETDRK4; d a power of
 * two). Normalize by N·d·steps for ns per element-step (bench-report does). The scalar twin is the same
 * call in a fork without the incubator module and with {@code -Denflow.vector=false} ({@code jmh/run.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ForecastBench {
    /** MODEL:members x dim. */
    @Param({"l96:1000x40", "l96:20x1000000", "ks:20x1024"})
    public String config;

    @Param({"10"})
    public int steps;

    @Param({"1", "2"})
    public int threads;

    private Ensemble ensemble;
    private Model model;
    private Parallel parallel;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = config.split(":");
        if (parts.length != 2) throw new IllegalArgumentException("config " + config + ": expected MODEL:NxD");
        String[] nd = parts[1].split("x");
        int n = Integer.parseInt(nd[0]), d = Integer.parseInt(nd[1]);
        parallel = new Parallel(threads);
        ensemble = new Ensemble(n, d);
        Gaussian g = new Gaussian(new RandomStreams(42).stream(RandomStreams.Purpose.INITIAL_ENSEMBLE));
        double[] x = ensemble.data();
        switch (parts[0]) {
            case "l96", "l96-rk4" -> { // l96: the 3/8 rule of the l96-1m preset; l96-rk4: classic RK4
                model = new Lorenz96(d, 8.0).model(0.01, parts[0].equals("l96") ? Integrator.RK4_38 : Integrator.RK4, parallel);
                for (int i = 0; i < x.length; i++) x[i] = 3 * g.next();
                model.advance(ensemble, 0, 100); // toward the attractor, so the timed states are typical
            }
            case "ks" -> {
                KuramotoSivashinsky ks = new KuramotoSivashinsky(d, 0.25, parallel);
                model = ks;
                double[] x0 = ks.kassamTrefethen();
                for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) x[i * d + k] = x0[k] + g.next();
                model.advance(ensemble, 0, 20);
            }
            default -> throw new IllegalArgumentException("config " + config + ": unknown model " + parts[0] + "; expected l96 or ks");
        }
        ensemble.requireFinite("spun-up ensemble");
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
