package org.enflow.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's own ForkJoin pool and its block-splitting rule.
 *
 * <p>Work over {@code n} items is cut into blocks whose boundaries depend only on {@code n} and the
 * caller's grain, never on the thread count. Each block is computed by one thread in one fixed order,
 * and reductions combine per-block partials in block order. So a result computed with 1 thread is
 * bit-identical to the same result computed with any other number of threads.
 *
 * <p>A fork/join round trip costs tens of microseconds: callers pass a grain large enough that one block
 * is at least ~0.5 ms of work, and small problems run inline on the calling thread.
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
            this.pool = new ForkJoinPool(threads, p -> {
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
        pool.invoke(new Blocks(n, blocks, 0, blocks, body));
    }

    /** Runs {@code body} once per item in [0, n) (one block per item when work per item is large). */
    public void forEach(int n, RangeBody body) {
        if (n <= 0) return;
        if (pool == null || n == 1) {
            for (int i = 0; i < n; i++) body.run(i, i, i + 1);
            return;
        }
        pool.invoke(new Items(0, n, body));
    }

    private static final class Blocks extends RecursiveAction {
        private final int n, blocks, lo, hi;
        private final RangeBody body;

        Blocks(int n, int blocks, int lo, int hi, RangeBody body) {
            this.n = n;
            this.blocks = blocks;
            this.lo = lo;
            this.hi = hi;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                body.run(lo, blockStart(n, blocks, lo), blockStart(n, blocks, lo + 1));
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Blocks(n, blocks, lo, mid, body), new Blocks(n, blocks, mid, hi, body));
        }
    }

    private static final class Items extends RecursiveAction {
        private final int lo, hi;
        private final RangeBody body;

        Items(int lo, int hi, RangeBody body) {
            this.lo = lo;
            this.hi = hi;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                body.run(lo, lo, hi);
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Items(lo, mid, body), new Items(mid, hi, body));
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
