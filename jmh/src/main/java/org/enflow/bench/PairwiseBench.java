package org.enflow.bench;

import java.util.concurrent.TimeUnit;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Gram;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.PairwiseDistances;
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
 * All-pairs panels between two ensembles A (n x d) and B (n x d): the Gram matrix A Bᵀ (2 n² d flops)
 * and the pairwise squared distances (the facade's route: streaming differences for small n, centred
 * Gram above). Shapes: {@code n x d}; 20 x 1000000 is the EnFF small-N/huge-d case (memory-bound:
 * 2 * 8 * n * d bytes per call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PairwiseBench {
    @Param({"20x40", "20x256", "500x40", "500x256", "2000x40", "2000x256", "20x1000000"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private int n, d;
    private double[] a, b, out, gramWork, distWork;
    private Parallel parallel;

    @Setup(Level.Trial)
    public void setUp() {
        String[] nd = shape.split("x");
        n = Integer.parseInt(nd[0]);
        d = Integer.parseInt(nd[1]);
        parallel = new Parallel(threads);
        Gaussian g = new Gaussian(new RandomStreams(7).stream(RandomStreams.Purpose.AUXILIARY));
        a = new double[n * d];
        b = new double[n * d];
        g.fill(a, 0, a.length);
        g.fill(b, 0, b.length);
        out = new double[n * n];
        gramWork = new double[Gram.workspaceLength(n, n, d)];
        distWork = new double[PairwiseDistances.workspaceLength(n, n, d)];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }

    @Benchmark
    public double[] gram() {
        Gram.compute(parallel, a, 0, n, b, 0, n, d, out, gramWork);
        return out;
    }

    @Benchmark
    public double[] squaredDistances() {
        PairwiseDistances.squared(parallel, a, 0, n, b, 0, n, d, out, distWork);
        return out;
    }
}
