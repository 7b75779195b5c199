package org.enflow.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.experiment.Metrics;
import org.enflow.experiment.RankHistogram;
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
 * The scores a twin experiment computes every cycle (TwinExperiment: RMSE and spread of the forecast and
 * the analysis, the analysis CRPS and energy score, the rank histogram after the burn-in), one benchmark
 * each, on an unweighted ensemble of shape {@code n x d} against a truth; 20 x 1000000 is the l96-1m
 * preset, where they add up to a noticeable share of its 2-minute run. The CRPS at N ≤ 128 runs on
 * {@code AbsDifferenceSums}; its scalar twin is the same benchmark in a fork with
 * {@code -jvmArgsAppend -Denflow.vector=false}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MetricsBench {
    @Param({"20x1000000"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Ensemble ensemble;
    private double[] truth;
    private Parallel parallel;
    private RankHistogram histogram;
    private UniformRandomProvider ties;

    @Setup(Level.Trial)
    public void setUp() {
        String[] nd = shape.split("x");
        int n = Integer.parseInt(nd[0]), d = Integer.parseInt(nd[1]);
        parallel = new Parallel(threads);
        Gaussian g = new Gaussian(new RandomStreams(7).stream(RandomStreams.Purpose.AUXILIARY));
        ensemble = new Ensemble(n, d);
        truth = new double[d];
        g.fill(ensemble.data(), 0, n * d);
        g.fill(truth, 0, d);
        histogram = new RankHistogram(n);
        ties = new RandomStreams(8).stream(RandomStreams.Purpose.AUXILIARY);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }

    @Benchmark
    public double rmse() {
        return Metrics.rmse(ensemble, truth, parallel);
    }

    @Benchmark
    public double spread() {
        return Metrics.spread(ensemble, parallel);
    }

    @Benchmark
    public double crps() {
        return Metrics.crps(ensemble, truth, parallel);
    }

    @Benchmark
    public double energyScore() {
        return Metrics.energyScore(ensemble, truth, parallel);
    }

    @Benchmark
    public long rankHistogram() {
        histogram.add(ensemble, truth, ties, parallel);
        return histogram.total();
    }
}
