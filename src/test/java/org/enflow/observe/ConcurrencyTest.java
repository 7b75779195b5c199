package org.enflow.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.enflow.kernel.RandomStreams;
import org.enflow.testing.SteadyStateAllocation;
import org.junit.jupiter.api.Test;

/** Operators are shared by the threads of a filter: concurrent calls must equal sequential ones and allocate nothing. */
class ConcurrencyTest {
    static final int D = 3001; // 1000 outputs after every:3:1 — two adjoint blocks with a tail
    static final int MEMBERS = 12;

    static List<ObservationOperator> operators() {
        RandomStreams streams = new RandomStreams(5);
        return List.of(
                Operators.parse("every:3:1>arctan>power:3", D, streams),       // canonical, scratch path
                Operators.parse("mask:0.7>tanh>square", D, streams),           // canonical, masked
                Operators.parse("arctan", D, streams),                          // canonical, direct path
                Operators.chain(new TestOperators.Opaque(Operators.every(D, 2, 1)), Operators.arctan(1500),
                        new TestOperators.Opaque(Operators.tanh(1500)))); // generic chain, per-thread buffers
    }

    @Test
    void concurrentCallsEqualSequentialOnes() throws Exception {
        for (ObservationOperator h : operators()) {
            int p = h.outputDim();
            double[] ens = TestOperators.gaussian(MEMBERS * D, 1);
            double[] res = TestOperators.gaussian(MEMBERS * p, 2);
            double[] ySeq = new double[MEMBERS * p], gSeq = new double[MEMBERS * D];
            for (int i = 0; i < MEMBERS; i++) {
                h.apply(ens, i * D, ySeq, i * p);
                h.adjoint(ens, i * D, res, i * p, gSeq, i * D);
            }
            int threads = 4, rounds = 10;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier start = new CyclicBarrier(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await(); // all threads hammer the same operator at once
                        double[] y = new double[p], g = new double[D];
                        for (int round = 0; round < rounds; round++) {
                            for (int j = 0; j < MEMBERS; j++) {
                                int i = (j * 5 + thread * 7 + round) % MEMBERS; // different member order per thread
                                h.apply(ens, i * D, y, 0);
                                h.adjoint(ens, i * D, res, i * p, g, 0);
                                assertArrayEquals(java.util.Arrays.copyOfRange(ySeq, i * p, (i + 1) * p), y, 0.0, h.describe());
                                assertArrayEquals(java.util.Arrays.copyOfRange(gSeq, i * D, (i + 1) * D), g, 0.0, h.describe());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) f.get(); // rethrows an assertion failure from any thread
            } finally {
                pool.shutdown();
            }
        }
    }

    /**
     * In steady state calls allocate nothing: a round of 500 apply + adjoint pairs allocates less than one
     * object once compiled. Measured in a fresh -Xbatch JVM ({@link SteadyStateAllocation}: in this JVM the
     * compiled code depends on the rest of the suite and on compile timing).
     */
    @Test
    void callsAllocateNothingInSteadyState() throws Exception {
        List<String> lines = SteadyStateAllocation.runInChild(AllocationProbe.class);
        assertEquals(operators().size(), lines.size(), String.join("\n", lines));
        for (String line : lines) {
            System.out.println(line);
            assertTrue(SteadyStateAllocation.bytes(line) < SteadyStateAllocation.LIMIT, line);
        }
    }

    /** Run in a child JVM by the test above: one report per operator. */
    static final class AllocationProbe {
        public static void main(String[] args) {
            for (ObservationOperator h : operators()) {
                int p = h.outputDim();
                double[] x = TestOperators.gaussian(D, 3), r = TestOperators.gaussian(p, 4), y = new double[p], g = new double[D];
                SteadyStateAllocation.report(h.describe(), () -> {
                    for (int i = 0; i < 500; i++) {
                        h.apply(x, 0, y, 0);
                        h.adjoint(x, 0, r, 0, g, 0);
                    }
                });
            }
        }
    }
}
