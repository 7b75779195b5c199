package org.enflow.bench;

import java.util.concurrent.TimeUnit;
import org.enflow.experiment.bench.TwinProblem;
import org.enflow.kernel.Parallel;
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
 * The problems the PyTorch twin ({@code jmh/gpu/bench.py}, benchmark {@code torch.TwinBench.step}) times
 * too: {@link TwinProblem} {@code l96:NxD} (one RK4-3/8 step), {@code f2p:NxD} (one EnFF-F2P Euler step,
 * local guidance, arctan observations) and {@code kde:NxD} (the KDE probability-flow right-hand side). The
 * f2p particles are restored before each call, outside the timed region (the PyTorch side does the same).
 * Flop and byte counts: {@code org.enflow.experiment.bench.Workloads}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TwinBench {
    @Param({"l96:20x1000000", "l96:1000x40", "f2p:20x1000000", "kde:2000x40"})
    public String problem;

    @Param({"1", "2"})
    public int threads;

    private TwinProblem twin;
    private Parallel parallel;

    @Setup(Level.Trial)
    public void setUp() {
        parallel = new Parallel(threads);
        twin = TwinProblem.create(problem, 42, parallel);
        twin.restore();
    }

    @Setup(Level.Invocation)
    public void restore() {
        if (problem.startsWith("f2p")) twin.restore();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }

    @Benchmark
    public TwinProblem step() {
        twin.run();
        return twin;
    }
}
