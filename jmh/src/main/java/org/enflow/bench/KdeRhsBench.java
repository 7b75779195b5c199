package org.enflow.bench;

import java.util.concurrent.TimeUnit;
import org.enflow.filter.kde.FlowForm;
import org.enflow.filter.kde.KdeDenoiser;
import org.enflow.filter.kde.KdeProbabilityFlow;
import org.enflow.filter.kde.KdeSchedule;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
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
 * One right-hand-side evaluation of the KDE filter's probability-flow ODE (kde_diffusion.md §4): N particles
 * attend over the N centred forecast members with key bias ℓ_i and scale 1/(2σ̄²), then du/dt =
 * (σ̄′/σ̄)(u − D). Members ~ N(0, 9I) (L96-like spread), ℓ_i ~ −½χ²-like, particles at σ̄ = 2 (mid
 * trajectory: weights neither uniform nor one-hot).
 *
 * <p>The machine limit for one evaluation (issue 5, acceptance 5): 4N²d flops at the FMA peak plus N²
 * exponentials at the measured vector exp rate; derive GFLOP/s as 4N²d / time. Scalar twin: the same call in
 * a fork with {@code -jvmArgsAppend -Denflow.vector=false}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KdeRhsBench {
    @Param({"1000", "5000"})
    public int n;

    @Param({"3", "40"})
    public int d;

    @Param({"1", "2"})
    public int threads;

    private double[] u, dudt;
    private Parallel parallel;
    private KdeProbabilityFlow flow;
    private double t;

    @Setup(Level.Trial)
    public void setUp() {
        parallel = new Parallel(threads);
        RandomStreams streams = new RandomStreams(12);
        Gaussian g = new Gaussian(streams.stream(RandomStreams.Purpose.AUXILIARY));
        double[] centres = new double[n * d];
        g.fill(centres, 0, centres.length);
        for (int i = 0; i < centres.length; i++) centres[i] *= 3;
        double[] logWeights = new double[n];
        for (int i = 0; i < n; i++) {
            double z = g.next();
            logWeights[i] = -0.5 * z * z;
        }
        u = new double[n * d];
        g.fill(u, 0, u.length);
        for (int i = 0; i < u.length; i++) u[i] *= 3;
        dudt = new double[n * d];
        KdeSchedule schedule = new KdeSchedule(0.1, 50);
        t = (2.0 - 0.1) / (50 - 0.1); // σ̄(t) = 2
        KdeDenoiser denoiser = new KdeDenoiser(parallel);
        denoiser.bind(centres, n, d, logWeights);
        flow = new KdeProbabilityFlow(denoiser, schedule, FlowForm.TIME, n);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }

    @Benchmark
    public double[] rhs() {
        flow.evaluate(t, u, dudt);
        return dudt;
    }
}
