package org.enflow.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.enflow.kernel.RandomStreams;
import org.junit.jupiter.api.Assumptions;
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
     * In steady state calls allocate nothing: a round of 1000 calls must allocate fewer than 1000 bytes
     * (any object is at least 16 bytes). Vector API code does allocate (one object per vector) while it
     * runs interpreted or in C1, so rounds are repeated until C2 has compiled the kernels; the scalar
     * code passes on the first round. Up to 40 rounds (≈ 10⁵ calls) are allowed; a per-call allocation
     * in compiled code fails every round.
     */
    @Test
    void callsAllocateNothingInSteadyState() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        long id = Thread.currentThread().getId();
        for (ObservationOperator h : operators()) {
            int p = h.outputDim();
            double[] x = TestOperators.gaussian(D, 3), r = TestOperators.gaussian(p, 4), y = new double[p], g = new double[D];
            long allocated = -1;
            // Until C2 has compiled the kernels (the Vector API's Java fallback allocates); wait on time, not
            // a round count, because a loaded machine can keep the compile queue busy for seconds.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!(allocated >= 0 && allocated < 1000) && System.nanoTime() < deadline) {
                long before = mx.getThreadAllocatedBytes(id);
                for (int i = 0; i < 500; i++) {
                    h.apply(x, 0, y, 0);
                    h.adjoint(x, 0, r, 0, g, 0);
                }
                allocated = mx.getThreadAllocatedBytes(id) - before;
            }
            assertTrue(allocated >= 0 && allocated < 1000, h.describe() + " allocated " + allocated + " bytes in 1000 calls");
        }
    }
}
