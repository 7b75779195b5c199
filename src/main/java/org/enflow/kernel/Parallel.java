package org.enflow.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The library's own ForkJoin pool and its block-splitting rule.
 *
 * <p>Work over {@code n} items is cut into blocks whose boundaries depend only on {@code n} and the
 * caller's grain, never on the thread count. Each block is computed by one thread in one fixed order,
 * and reductions combine per-block partials in block order. So a result computed with 1 thread is
 * bit-identical to the same result computed with any other number of threads.
 *
 * <p>Waking a parked worker costs tens of microseconds. The calling thread therefore always works on the
 * blocks itself rather than waiting for the pool, so a worker that wakes late costs only its share; callers
 * still pick grains of at least some tens of microseconds of work per block and run small problems inline.
 */
public final class Parallel implements AutoCloseable {
    /** Upper bound on blocks per call, so per-block bookkeeping stays negligible. */
    public static final int MAX_BLOCKS = 256;

    private static final AtomicInteger POOL_ID = new AtomicInteger();
    private static volatile Parallel common;

    /**
     * How long a helper that finished its part of a call keeps watching for the next call before it returns
     * to the pool. Iterative callers (ODE stages, flow steps) issue calls a few microseconds apart, and a
     * parked worker takes tens of microseconds to wake; a helper that is already running joins at once.
     */
    private static final long LINGER_NANOS = 100_000;

    private final int threads;
    private final ForkJoinPool pool;
    /**
     * The call in progress most recently started, for lingering helpers to join; cleared when it ends, so an
     * idle pool keeps no reference to a finished call's body (and the arrays it captured).
     */
    private final AtomicReference<Job> latest = new AtomicReference<>();
    /** Helpers currently lingering (see {@link #LINGER_NANOS}). */
    private final AtomicInteger lingering = new AtomicInteger();

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
        new Job(this, n, blocks, body, false).run();
    }

    /** Runs {@code body} once per item in [0, n) (one block per item when work per item is large). */
    public void forEach(int n, RangeBody body) {
        if (n <= 0) return;
        if (pool == null || n == 1) {
            for (int i = 0; i < n; i++) body.run(i, i, i + 1);
            return;
        }
        new Job(this, n, n, body, true).run();
    }

    /**
     * One parallel call. The blocks are cut into one contiguous segment per participant (the calling thread
     * and up to threads − 1 helpers submitted to the pool). Each participant runs its own segment front to
     * back, then takes what is left of the others' segments from their back ends. So the calling thread never
     * waits for a worker to wake up before work starts, a helper that starts late finds its segment already
     * taken and helps with the rest or returns, and neighbouring blocks (whose data, e.g. per-member random
     * streams, often share cache lines) mostly stay on one thread. Which thread runs a block varies; the
     * blocks and each block's order do not. The caller can finish every block alone, so nested calls from
     * inside a block cannot deadlock.
     */
    private static final class Job {
        /** Spin-wait hints (a pause instruction each) before the waiting caller starts yielding its core. */
        private static final int SPINS = 1 << 12;

        private final Parallel owner;
        private final int n, blocks, parts;
        private final boolean items;
        private final RangeBody body;
        /** Per segment: its unclaimed blocks [lo, hi) packed as lo << 32 | hi. */
        private final AtomicLongArray segments;
        private final AtomicInteger joined = new AtomicInteger(1), done = new AtomicInteger();
        private volatile Throwable failure;

        Job(Parallel owner, int n, int blocks, RangeBody body, boolean items) {
            this.owner = owner;
            this.n = n;
            this.blocks = blocks;
            this.body = body;
            this.items = items;
            this.parts = Math.min(owner.threads, blocks);
            this.segments = new AtomicLongArray(parts);
            for (int s = 0; s < parts; s++) segments.set(s, pack(blockStart(blocks, parts, s), blockStart(blocks, parts, s + 1)));
        }

        private static long pack(int lo, int hi) {
            return (long) lo << 32 | (hi & 0xFFFFFFFFL);
        }

        void run() {
            // Publish first, then count the lingering helpers: a helper that stops lingering after this count
            // looks at `latest` once more on its way out (see linger), so it cannot miss this call.
            owner.latest.set(this);
            int wanted = parts - 1 - Math.min(parts - 1, owner.lingering.get());
            for (int h = 0; h < wanted; h++) owner.pool.execute(this::help);
            work(0);
            for (int spins = 0; done.get() < blocks; spins++) {
                if (spins < SPINS) Thread.onSpinWait();
                else Thread.yield();
            }
            owner.latest.compareAndSet(this, null);
            Throwable t = failure;
            if (t instanceof RuntimeException) throw (RuntimeException) t;
            if (t instanceof Error) throw (Error) t;
            if (t != null) throw new IllegalStateException(t);
        }

        /** A pool worker's task: take part in this call, then in any call started while it lingers. */
        private void help() {
            for (Job j = this; j != null; j = owner.linger(j)) j.join();
        }

        private void join() {
            int me = joined.getAndIncrement();
            if (me < parts) work(me);
        }

        private void work(int me) {
            for (int b; (b = take(me, true)) >= 0; ) runBlock(b);
            for (int k = 1; k < parts; k++) {
                int s = (me + k) % parts;
                for (int b; (b = take(s, false)) >= 0; ) runBlock(b);
            }
        }

        /** Claims the first (front) or last block left in segment s; −1 when it is empty. */
        private int take(int s, boolean front) {
            while (true) {
                long v = segments.get(s);
                int lo = (int) (v >>> 32), hi = (int) v;
                if (lo >= hi) return -1;
                if (segments.compareAndSet(s, v, front ? pack(lo + 1, hi) : pack(lo, hi - 1))) return front ? lo : hi - 1;
            }
        }

        private void runBlock(int b) {
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

    /** Waits up to {@link #LINGER_NANOS} for a call other than {@code seen}; null if none started. */
    private Job linger(Job seen) {
        lingering.incrementAndGet();
        long deadline = System.nanoTime() + LINGER_NANOS;
        Job j;
        while (((j = latest.get()) == null || j == seen) && System.nanoTime() < deadline) Thread.onSpinWait();
        lingering.decrementAndGet();
        j = latest.get();
        return j != null && j != seen ? j : null;
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
