package org.enflow.bench;

import java.util.concurrent.TimeUnit;
import org.enflow.filter.flowdas.DriftTrainer;
import org.enflow.filter.flowdas.MlpDrift;
import org.enflow.filter.flowdas.Normalization;
import org.enflow.filter.flowdas.StochasticInterpolant;
import org.enflow.filter.flowdas.TrainingConfig;
import org.enflow.filter.flowdas.TransitionPairs;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.learn.Mlp;
import org.enflow.model.Integrator;
import org.enflow.model.Lorenz63;
import org.enflow.model.NoisyModel;
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
 * One training step of the FlowDAS drift network ({@link DriftTrainer.Session#step()}): draw a batch of
 * (pair, s, z) from Lorenz-63 transition pairs, forward, backward, sum the block gradients, Adam update.
 *
 * <p><b>Flop count</b> (GFLOP/s = flops per step / time per step; the setup prints flops per step):
 * batch × {@link Mlp#trainingFlopsPerRow()}, i.e. per row 2P_w (forward) + 2P_w (weight gradient) +
 * 2(P_w − n₀n₁) (input gradients of the hidden layers), P_w = Σ n_l n_{l+1} the weights. For the
 * 15-64-64-64-3 network P_w = 9344 and a row is 54,144 flops (27.7 MFLOP per step at batch 512); for
 * width 128 P_w = 35,072 and a row 206,592. SiLU exponentials, biases, the draws and Adam (~10 flops per
 * parameter per step) are work but not counted. Machine peak: 56.8 GFLOP/s per core (FMA, AVX-512).
 *
 * <p>Smoke run: {@code java -jar target/benchmarks.jar MlpTrainBench -wi 1 -i 1 -w 1 -r 1 -f 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MlpTrainBench {
    @Param({"64", "128"})
    public int width;

    @Param({"512"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private Parallel parallel;
    private DriftTrainer.Session session;

    @Setup(Level.Trial)
    public void setUp() {
        parallel = new Parallel(threads);
        NoisyModel model = new NoisyModel(new Lorenz63().model(0.025, Integrator.RK4, Parallel.sequential()), Math.sqrt(0.025),
                new RandomStreams(1), Parallel.sequential());
        TransitionPairs data = TransitionPairs.simulate(model, 64, 256, 1024, 1, new RandomStreams(2));
        Normalization norm = data.normalization();
        TrainingConfig config = TrainingConfig.defaults(3).withHidden(width, width, width).withBatch(batch).withSteps(1_000_000);
        Mlp net = MlpDrift.network(3, config.fourier(), config.hidden());
        net.initialize(new RandomStreams(3).stream(RandomStreams.Purpose.AUXILIARY, 1));
        session = new DriftTrainer.Session(net, data, norm, new StochasticInterpolant(1), config, parallel, new RandomStreams(3));
        System.out.println("MlpTrainBench: width " + width + ", batch " + batch + ": " + session.flopsPerStep()
                + " flops per step (GFLOP/s = " + session.flopsPerStep() * 1e-6 + " / (ms per step))");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }

    @Benchmark
    public double trainingStep() {
        return session.step();
    }
}
