package org.enflow.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link Parallel}: coverage, thread-independent block boundaries, deterministic reductions. */
class ParallelTest {
    private static final int[] NS = {0, 1, 2, 7, 100, 255, 256, 257, 1000, 4099, 100_003};
    private static final int[] GRAINS = {1, 3, 64, 1000, 1 << 20};

    @Test
    void blocksCoverTheRangeExactlyOnce() {
        try (Parallel two = new Parallel(2)) {
            for (Parallel par : new Parallel[] {Parallel.sequential(), two}) {
                for (int n : NS) {
                    for (int grain : GRAINS) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                        par.forRange(n, grain, (b, from, to) -> {
                            assertTrue(from < to, "empty block");
                            for (int i = from; i < to; i++) hits.incrementAndGet(i);
                        });
                        for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "n=" + n + " grain=" + grain + " item " + i);
                    }
                }
            }
        }
    }

    @Test
    void blockBoundariesDependOnlyOnSizeAndGrain() {
        try (Parallel one = new Parallel(1); Parallel two = new Parallel(2); Parallel three = new Parallel(3)) {
            for (int n : NS) {
                for (int grain : GRAINS) {
                    List<String> b1 = blocks(one, n, grain), b2 = blocks(two, n, grain), b3 = blocks(three, n, grain);
                    assertEquals(b1, b2, "n=" + n + " grain=" + grain);
                    assertEquals(b1, b3);
                    int expected = Parallel.blockCount(n, grain);
                    assertEquals(expected, b1.size());
                    assertTrue(expected <= Parallel.MAX_BLOCKS);
                    if (n > 0) assertTrue(n / expected >= Math.min(grain, n) || expected == 1, "blocks smaller than the grain");
                }
            }
        }
    }

    @Test
    void forEachRunsEveryItemOnce() {
        try (Parallel two = new Parallel(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(37);
            two.forEach(37, (b, from, to) -> {
                assertEquals(b, from);
                assertEquals(from + 1, to);
                hits.incrementAndGet(b);
            });
            for (int i = 0; i < 37; i++) assertEquals(1, hits.get(i));
        }
    }

    @Test
    void blockOrderedReductionIsBitIdenticalForAnyThreadCount() {
        int n = 1_000_003;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.sin(i * 0.37) * Math.exp(-1e-6 * i) * 1e3;
        double[] r1 = reduce(new Parallel(1), x), r2 = reduce(new Parallel(2), x), r4 = reduce(new Parallel(4), x);
        assertArrayEquals(r1, r2);
        assertArrayEquals(r1, r4);
    }

    @Test
    void aFailingBlockFailsTheCallAndEveryOtherBlockStillRuns() {
        try (Parallel two = new Parallel(2)) {
            for (int bad : new int[] {0, 5, 63}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(64);
                IllegalStateException ex = assertThrows(IllegalStateException.class, () -> two.forRange(64, 1, (b, from, to) -> {
                    hits.incrementAndGet(b);
                    if (b == bad) throw new IllegalStateException("block " + b);
                }));
                assertEquals("block " + bad, ex.getMessage());
                for (int b = 0; b < 64; b++) assertEquals(1, hits.get(b), "block " + b);
            }
            // The pool is still usable after a failure.
            AtomicIntegerArray hits = new AtomicIntegerArray(10);
            two.forEach(10, (b, from, to) -> hits.incrementAndGet(b));
            for (int b = 0; b < 10; b++) assertEquals(1, hits.get(b));
        }
    }

    @Test
    void nestedCallsFromInsideBlocksComplete() {
        // Every thread may be busy in an outer block when it starts an inner call: the caller of each call
        // can run all of its blocks itself, so this finishes (and the surefire timeout would catch a hang).
        try (Parallel two = new Parallel(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(16 * 50);
            two.forRange(16, 1, (outer, from, to) -> two.forRange(50, 1, (inner, f2, t2) -> hits.incrementAndGet(outer * 50 + inner)));
            for (int i = 0; i < 16 * 50; i++) assertEquals(1, hits.get(i), "item " + i);
        }
    }

    @Test
    void aPoolOfTwoRunsBlocksOnTwoThreads() throws Exception {
        try (Parallel two = new Parallel(2)) {
            // Blocks that wait for each other can only finish if two threads run them at once.
            java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
            java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
            two.forRange(2, 1, (b, from, to) -> {
                names.add(Thread.currentThread().getName());
                try {
                    barrier.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(2, names.size(), names.toString());
        }
    }

    @Test
    void callsFromSeveralThreadsOnOnePoolEachRunEveryBlockOnce() throws Exception {
        // A lingering helper joins the newest call it sees; calls that others overwrite as "newest" must
        // still complete, each block exactly once (their callers finish what no helper took).
        try (Parallel two = new Parallel(2)) {
            int callers = 3, calls = 300, blocks = 40;
            AtomicIntegerArray hits = new AtomicIntegerArray(callers * calls * blocks);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int c = 0; c < callers; c++) {
                int caller = c;
                Thread t = new Thread(() -> {
                    for (int k = 0; k < calls; k++) {
                        int base = (caller * calls + k) * blocks;
                        two.forRange(blocks, 1, (b, from, to) -> hits.incrementAndGet(base + b));
                    }
                });
                t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) t.join(60_000);
            assertTrue(failures.isEmpty(), failures.toString());
            for (int i = 0; i < hits.length(); i++) assertEquals(1, hits.get(i), "block " + i);
        }
    }

    @Test
    void consecutiveCallsAreJoinedByTheLingeringHelper() throws Exception {
        // Calls a few microseconds apart: the helper that finished one call is still running and takes part
        // in the next; over many calls both threads must have run blocks, and every block runs once.
        try (Parallel two = new Parallel(2)) {
            java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicIntegerArray hits = new AtomicIntegerArray(200 * 32);
            for (int k = 0; k < 200; k++) {
                int base = k * 32;
                two.forRange(32, 1, (b, from, to) -> {
                    names.add(Thread.currentThread().getName());
                    long t0 = System.nanoTime();
                    while (System.nanoTime() - t0 < 2_000) Thread.onSpinWait();
                    hits.incrementAndGet(base + b);
                });
            }
            for (int i = 0; i < hits.length(); i++) assertEquals(1, hits.get(i), "block " + i);
            assertEquals(2, names.size(), names.toString());
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Parallel(0));
        assertThrows(IllegalArgumentException.class, () -> Parallel.blockCount(10, 0));
    }

    /** The pattern kernels use: per-block partials, combined in block order. */
    private static double[] reduce(Parallel par, double[] x) {
        try (par) {
            int blocks = Parallel.blockCount(x.length, 10_000);
            double[] partial = new double[blocks];
            par.forRange(x.length, 10_000, (b, from, to) -> partial[b] = Blas.sum(x, from, to - from));
            double s = 0;
            for (double p : partial) s += p;
            return new double[] {s};
        }
    }

    private static List<String> blocks(Parallel par, int n, int grain) {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        par.forRange(n, grain, (b, from, to) -> out.add(b + ":" + from + "-" + to));
        List<String> sorted = new ArrayList<>(out);
        sorted.sort((p, q) -> Integer.compare(Integer.parseInt(p.split(":")[0]), Integer.parseInt(q.split(":")[0])));
        return sorted;
    }
}
