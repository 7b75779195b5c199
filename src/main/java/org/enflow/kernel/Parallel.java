package org.enflow.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's own ForkJoin pool and its block-splitting rule.
 *
 * <p>Work over {@code n} items is cut into blocks whose boundaries depend only on {@code n} and the
 * caller's grain, never on the thread count. Each block is computed by one thread in one fixed order,
 * and reductions combine per-block partials in block order. So a result computed with 1 thread is
 * bit-identical to the same result computed with any other number of threads.
 *
 * <p>Waking a parked worker costs tens of microseconds: callers pass a grain large enough that one block
 * is at least ~0.5 ms of work, small problems run inline on the calling thread, and the calling thread
 * always works on the blocks itself rather than waiting for the pool.
 */
public final class Parallel implements AutoCloseable {
    /** Upper bound on blocks per call, so per-block bookkeeping stays negligible. */
    public static final int MAX_BLOCKS = 256;

    private static final AtomicInteger POOL_ID = new AtomicInteger();
    private static volatile Parallel common;

    private final int threads;
    private final ForkJoinPool pool;

    /** A pool with {@code threads} workers; 1 means everything runs on the calling thread. */
    public Parallel(int threads) {
        this.threads = Require.positive("threads", threads);
        if (threads == 1) {
            this.pool = null;
        } else {
            int id = POOL_ID.incrementAndGet();
            // The calling thread works too (see Job): threads − 1 workers make the threads in total.
            this.pool = new ForkJoinPool(threads - 1, p -> {
                ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                t.setName("enflow-" + id + "-" + t.getPoolIndex());
                t.setDaemon(true);
                return t;
            }, null, false);
        }
    }

    /** The shared instance, sized to the available processors unless {@link #setCommonThreads} said otherwise. */
    public static Parallel common() {
        Parallel p = common;
        if (p == null) {
            synchronized (Parallel.class) {
                p = common;
                if (p == null) common = p = new Parallel(Runtime.getRuntime().availableProcessors());
            }
        }
        return p;
    }

    /** Replaces the shared instance with one of {@code threads} workers. */
    public static synchronized void setCommonThreads(int threads) {
        Require.positive("threads", threads);
        Parallel old = common;
        common = new Parallel(threads);
        if (old != null) old.close();
    }

    /** A single-threaded instance: runs every block inline, in order. */
    public static Parallel sequential() {
        return SequentialHolder.INSTANCE;
    }

    private static final class SequentialHolder {
        static final Parallel INSTANCE = new Parallel(1);
    }

    public int threads() {
        return threads;
    }

    /** Number of blocks {@code n} items are cut into for the given grain (items per block at least). */
    public static int blockCount(int n, int grain) {
        Require.positive("grain", grain);
        if (n <= 0) return 0;
        return Math.max(1, Math.min(MAX_BLOCKS, n / grain));
    }

    /** Start of block {@code b} of {@code blocks} over {@code n} items: an even split, independent of threads. */
    public static int blockStart(int n, int blocks, int b) {
        return (int) ((long) n * b / blocks);
    }

    /** A body run over the item range [from, to) of block {@code block}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int block, int from, int to);
    }

    /**
     * Runs {@code body} over [0, n) cut into {@link #blockCount(int, int)} blocks. Blocks run concurrently
     * when this instance has more than one thread; each block's items are visited by one thread.
     */
    public void forRange(int n, int grain, RangeBody body) {
        int blocks = blockCount(n, grain);
        if (blocks == 0) return;
        if (pool == null || blocks == 1) {
            for (int b = 0; b < blocks; b++) body.run(b, blockStart(n, blocks, b), blockStart(n, blocks, b + 1));
            return;
        }
        new Job(n, blocks, body, false).run(pool, threads);
    }

    /** Runs {@code body} once per item in [0, n) (one block per item when work per item is large). */
    public void forEach(int n, RangeBody body) {
        if (n <= 0) return;
        if (pool == null || n == 1) {
            for (int i = 0; i < n; i++) body.run(i, i, i + 1);
            return;
        }
        new Job(n, n, body, true).run(pool, threads);
    }

    /**
     * One parallel call. The calling thread claims blocks from a shared counter and runs them itself while
     * up to threads − 1 helpers, submitted to the pool, claim the rest: the caller never waits for a worker
     * to wake up before work starts, and a helper that starts after the last block was claimed finds nothing
     * to do and returns. Which thread runs a block varies; the blocks, and each block's order, do not. The
     * caller can finish every block alone, so nested calls from inside a block cannot deadlock.
     */
    private static final class Job implements Runnable {
        /** Spins (about a microsecond each) before the waiting caller starts yielding its core. */
        private static final int SPINS = 1 << 12;

        private final int n, blocks;
        private final boolean items;
        private final RangeBody body;
        private final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        private volatile Throwable failure;

        Job(int n, int blocks, RangeBody body, boolean items) {
            this.n = n;
            this.blocks = blocks;
            this.body = body;
            this.items = items;
        }

        void run(ForkJoinPool pool, int threads) {
            int helpers = Math.min(threads - 1, blocks - 1);
            for (int h = 0; h < helpers; h++) pool.execute(this);
            work();
            for (int spins = 0; done.get() < blocks; spins++) {
                if (spins < SPINS) Thread.onSpinWait();
                else Thread.yield();
            }
            Throwable t = failure;
            if (t instanceof RuntimeException) throw (RuntimeException) t;
            if (t instanceof Error) throw (Error) t;
            if (t != null) throw new IllegalStateException(t);
        }

        @Override
        public void run() {
            work();
        }

        private void work() {
            for (int b; (b = next.getAndIncrement()) < blocks; ) {
                try {
                    if (items) body.run(b, b, b + 1);
                    else body.run(b, blockStart(n, blocks, b), blockStart(n, blocks, b + 1));
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    @Override
    public void close() {
        if (pool != null && this != common) pool.shutdown();
    }

    @Override
    public String toString() {
        return "Parallel[threads=" + threads + "]";
    }
}
