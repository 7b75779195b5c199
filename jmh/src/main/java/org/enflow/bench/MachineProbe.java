package org.enflow.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.enflow.experiment.bench.Workloads;
import org.enflow.kernel.Exp;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Measures the two roofs every other figure is compared against, on the machine the benchmarks run on:
 * the double-precision FMA throughput of one core (independent fma chains kept in registers) and the
 * streaming read bandwidth from DRAM (a sum over an array far larger than the last-level cache).
 *
 * <p>FMA: 12 independent accumulators of {@code SPECIES_PREFERRED} lanes, {@link #FMA_LANE_ITERS} / lanes
 * iterations, so flops per call = 2 * 12 * FMA_LANE_ITERS = 1.92e7 whatever the vector width (AVX2 or
 * AVX-512 machines report comparable JSON). Bandwidth: bytes per call = 8 * length. Exp rate: the library's
 * deterministic exponential as the fused kernels call it ({@link Exp#applyShifted} over an L1-resident tile),
 * {@link Workloads#EXP_PROBE_CALL} exponentials per call: the roof of work dominated by exponentials (issue 5's
 * KDE right-hand side at small d is "4N²d flops at the FMA peak plus N² exps at the measured vector exp rate").
 * Run with {@code -t 1},
 * {@code -t 2} and {@code -t max} (JMH threads; each thread its own array) for per-core and whole-machine
 * figures; {@code jmh/run.sh} does, and bench-report derives the roofs from these records.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MachineProbe {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Lane-iterations of the FMA loop per call: FMA_LANE_ITERS / lanes iterations (100000 on AVX-512). */
    public static final int FMA_LANE_ITERS = 800_000;
    static final int FMA_ITERS = FMA_LANE_ITERS / S.length();

    /** Doubles streamed per call: 64 Mi doubles = 512 MiB, 16x the L3. */
    @Param({"67108864"})
    public int length;

    private double[] big;
    private double a, b;

    @Setup(Level.Trial)
    public void setUp() {
        big = new double[length];
        for (int i = 0; i < length; i++) big[i] = (i & 1023) * 1e-3;
        a = 0.999999;
        b = 1e-9;
    }

    /** 12 independent FMA chains: latency 4 x 2 ports needs >= 8 in flight. */
    @Benchmark
    public void fmaPeak(Blackhole bh) {
        DoubleVector va = DoubleVector.broadcast(S, a), vb = DoubleVector.broadcast(S, b);
        DoubleVector c0 = DoubleVector.broadcast(S, 1.0), c1 = c0.add(1), c2 = c0.add(2), c3 = c0.add(3);
        DoubleVector c4 = c0.add(4), c5 = c0.add(5), c6 = c0.add(6), c7 = c0.add(7);
        DoubleVector c8 = c0.add(8), c9 = c0.add(9), c10 = c0.add(10), c11 = c0.add(11);
        for (int i = 0; i < FMA_ITERS; i++) {
            c0 = c0.fma(va, vb); c1 = c1.fma(va, vb); c2 = c2.fma(va, vb); c3 = c3.fma(va, vb);
            c4 = c4.fma(va, vb); c5 = c5.fma(va, vb); c6 = c6.fma(va, vb); c7 = c7.fma(va, vb);
            c8 = c8.fma(va, vb); c9 = c9.fma(va, vb); c10 = c10.fma(va, vb); c11 = c11.fma(va, vb);
        }
        bh.consume(c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD));
    }

    /** One thread's exponent tile: logits in [−40, 0) (softmax weights from 1 down to ~4e-18), fixed per seed. */
    @State(Scope.Thread)
    public static class ExpTile {
        final double[] logits = new double[Workloads.EXP_PROBE_TILE], weights = new double[Workloads.EXP_PROBE_TILE];

        @Setup(Level.Trial)
        public void setUp() {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
            for (int i = 0; i < logits.length; i++) logits[i] = -40 * rnd.nextDouble();
        }
    }

    /** {@link Workloads#EXP_PROBE_REPS} passes of exp(ℓ − shift) over the tile; the shift varies so no pass repeats the last. */
    @Benchmark
    public double expRate(ExpTile tile) {
        double[] l = tile.logits, w = tile.weights;
        double s = 0;
        for (int r = 0; r < Workloads.EXP_PROBE_REPS; r++) {
            Exp.applyShifted(l, 0, -1e-3 * (r & 7), w, 0, l.length);
            s += w[r % l.length];
        }
        return s;
    }

    /** Streams {@code length} doubles once (read-only) with 4 vector accumulators. */
    @Benchmark
    public double dramRead() {
        double[] x = big;
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int step = S.length() * 4, n = x.length - x.length % step, i = 0;
        for (; i < n; i += step) {
            s0 = s0.add(DoubleVector.fromArray(S, x, i));
            s1 = s1.add(DoubleVector.fromArray(S, x, i + S.length()));
            s2 = s2.add(DoubleVector.fromArray(S, x, i + 2 * S.length()));
            s3 = s3.add(DoubleVector.fromArray(S, x, i + 3 * S.length()));
        }
        double r = s0.add(s1).add(s2).add(s3).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < x.length; i++) r += x[i];
        return r;
    }
}
