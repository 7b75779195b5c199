package org.enflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * The 1 → 2 thread speedup of {@link AnalysisBench} analyses, measured in one JVM with the two thread counts
 * alternating. Separate JMH forks of the two counts run minutes apart, and this VM's speed drifts by 10–40 %
 * between such windows (docs/benchmarks.md, "Run-to-run spread"); a ratio of two forks then measures the drift as
 * much as the code. Here each round times the 1-thread setup for about {@code --round-ms}, then the 2-thread one
 * for as many calls, on the same inputs (two {@code AnalysisBench} states, the benchmark's own setup), so each
 * round's ratio comes from one window. Reported: the median per-call time of each count over the rounds and the
 * median, lowest and highest of the per-round ratios. Only the analysis call is timed (not the restore before it).
 *
 * <p>Every state makes the same calls: the warm-up gives each one call at a time, and a round gives the 2-thread
 * state and the pair as many calls as the 1-thread state took for {@code --round-ms}. A filter's random streams run
 * on from call to call (the restore resets the ensemble, not the streams), and the work of some analyses depends on
 * the draws: the KDE filter's adaptive step count (0.81 to 3.17 s per call at N = 500, d = 1000), the
 * particle filter's duplicated members. With equal call counts, call k of every state has the same draws and so the
 * same work, and the ratio compares like with like (until session 17 the counts followed the time, and KDE ratios of
 * 0.8 to 7.4 came out).
 *
 * <p>Each round also times a <em>pair</em>: two single-thread analyses on two separate states, one on this thread
 * and one on a partner thread, started together; the pair's time is until both end. They share nothing but the
 * machine, so {@code ceiling} = 2 · (1-thread time) ÷ (pair time) is what two cores deliver for this analysis's
 * work here (shared caches, memory bandwidth, clock, the VM). The 2-thread ratio divided by the ceiling
 * ({@code efficiency}) is what the library's split achieves of that. Not a strict bound: the pair holds two working
 * sets where a 2-thread split shares one, so an analysis that spills out of the shared cache as a pair can beat it.
 * {@code pair split} (median over rounds) is the slower partner's own time over the faster one's: above 1 when the
 * two cores run the same work at different speeds, which caps any 2-thread split below 2× (with speeds 1 and 1/s,
 * at 1 + 1/s over the faster core).
 *
 * <pre>
 *   java -cp target/benchmarks.jar --add-modules=jdk.incubator.vector -Xmx12g org.enflow.bench.ThreadScalingCheck \
 *       [--rounds 7] [--round-ms 400] [--warmup-ms 3000] [--no-pair] [--out FILE.json] FILTER:NxD ...
 * </pre>
 * {@code --no-pair} skips the pair, so two states are held instead of four (the particle filter at N = 100, d = 10⁶
 * holds about 3 GB per state and four did not fit a 14 GB heap); the ceiling, efficiency and split are then NaN
 * (null in the JSON).
 * At least one call per round and count, so analyses of seconds take one call per round.
 */
public final class ThreadScalingCheck {
    private ThreadScalingCheck() {}

    public static void main(String[] args) throws IOException {
        int rounds = 7;
        long roundMs = 400, warmupMs = 3000;
        boolean withPair = true;
        Path out = null;
        List<String> configs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = positive("--rounds", args[++i]);
                case "--round-ms" -> roundMs = positive("--round-ms", args[++i]);
                case "--warmup-ms" -> warmupMs = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--no-pair" -> withPair = false;
                default -> {
                    if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
                    configs.add(args[i]);
                }
            }
        }
        if (configs.isEmpty()) {
            System.err.println("usage: ThreadScalingCheck [--rounds R] [--round-ms MS] [--warmup-ms MS] [--no-pair] [--out FILE.json] FILTER:NxD ...");
            System.exit(2);
        }
        StringBuilder json = new StringBuilder("[\n");
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %8s %13s %12s %8s %10s %10s%n", "config", "1 thread ms", "2 threads ms",
                "ratio", "rounds lo-hi", "pair ms", "ceiling", "efficiency", "pair split");
        for (int c = 0; c < configs.size(); c++) {
            String config = configs.get(c);
            try {
                measure(config, rounds, roundMs, warmupMs, withPair, json, c + 1 < configs.size());
            } catch (RuntimeException | OutOfMemoryError e) {
                // One analysis too big for the heap (four states) must not stop the list; its line says why.
                System.out.printf(Locale.ROOT, "%-22s failed: %s%n", config, e);
                json.append(String.format(Locale.ROOT, "  {\"config\": \"%s\", \"error\": \"%s\"}%s%n", config,
                        String.valueOf(e).replace("\\", "\\\\").replace("\"", "'"), c + 1 < configs.size() ? "," : ""));
            }
        }
        json.append("]\n");
        if (out != null) Files.writeString(out, json);
    }

    private static void measure(String config, int rounds, long roundMs, long warmupMs, boolean withPair, StringBuilder json,
                                boolean more) {
        AnalysisBench one = state(config, 1), two = state(config, 2);
        try (Pair pair = withPair ? new Pair(state(config, 1), state(config, 1)) : null) {
            long until = System.nanoTime() + warmupMs * 1_000_000;
            while (System.nanoTime() < until) {
                timeCalls(one, 1);
                timeCalls(two, 1);
                if (pair != null) pair.timeCalls(1);
            }
            double[] t1 = new double[rounds], t2 = new double[rounds], tp = new double[rounds];
            double[] ratio = new double[rounds], ceiling = new double[rounds];
            double[] caller = new double[rounds], partner = new double[rounds], split = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                Timed first = callsFor(one, roundMs);
                t1[r] = first.mean();
                t2[r] = timeCalls(two, first.calls());
                if (pair != null) {
                    tp[r] = pair.timeCalls(first.calls());
                    caller[r] = pair.callerMean;
                    partner[r] = pair.partnerMean;
                    split[r] = Math.max(caller[r], partner[r]) / Math.min(caller[r], partner[r]);
                } else { // --no-pair: no ceiling measured (NaN, printed as NaN and written as null)
                    tp[r] = caller[r] = partner[r] = split[r] = Double.NaN;
                }
                ratio[r] = t1[r] / t2[r];
                ceiling[r] = 2 * t1[r] / tp[r];
            }
            double[] sorted = ratio.clone();
            Arrays.sort(sorted);
            double medRatio = median(ratio), medCeiling = median(ceiling);
            System.out.printf(Locale.ROOT, "%-22s %12.3f %12.3f %8.3f %6.2f-%-6.2f %12.3f %8.3f %10.3f %10.3f%n", config,
                    median(t1) / 1e6, median(t2) / 1e6, medRatio, sorted[0], sorted[rounds - 1], median(tp) / 1e6,
                    medCeiling, medRatio / medCeiling, median(split));
            json.append(String.format(Locale.ROOT,
                    "  {\"config\": \"%s\", \"rounds\": %d, \"round_ms\": %d, \"median_ns_1\": %.1f, \"median_ns_2\": %.1f,"
                            + " \"median_ratio\": %.4f, \"median_ns_pair\": %.1f, \"median_ceiling\": %.4f, \"ns_1\": %s,"
                            + " \"ns_2\": %s, \"ns_pair\": %s, \"ratios\": %s, \"ceilings\": %s, \"ns_pair_caller\": %s,"
                            + " \"ns_pair_partner\": %s, \"median_pair_split\": %.4f}%s%n",
                    config, rounds, roundMs, median(t1), median(t2), medRatio, median(tp), medCeiling, list(t1), list(t2),
                    list(tp), list(ratio), list(ceiling), list(caller), list(partner), median(split), more ? "," : "")
                    .replace("NaN", "null"));
        } finally {
            one.tearDown();
            two.tearDown();
        }
    }

    /**
     * Two single-thread states analysed at the same time: {@code mine} on the calling thread, the other on a partner
     * thread. A barrier starts both calls together and another waits for both to end.
     */
    private static final class Pair implements AutoCloseable {
        private final AnalysisBench mine, partnerState;
        private final CyclicBarrier start = new CyclicBarrier(2), end = new CyclicBarrier(2);
        private final Thread partner;
        private volatile boolean stop;
        /** The partner's own time for its last call (written before the end barrier, read after it). */
        private volatile long partnerNanos;
        /** What stopped the partner's calls, if anything (see {@link #partnerLoop}). */
        private volatile Throwable failure;
        /** Mean time of each side's own calls in the last {@link #timeCalls}: the caller's and the partner's. */
        double callerMean, partnerMean;

        Pair(AnalysisBench mine, AnalysisBench partnerState) {
            this.mine = mine;
            this.partnerState = partnerState;
            partner = new Thread(this::partnerLoop, "pair-partner");
            partner.setDaemon(true);
            partner.start();
        }

        /**
         * A failed partner call (an OutOfMemoryError with four states of a huge analysis) is kept in {@link #failure}
         * and the partner goes on meeting the barriers without working, so the caller is never left waiting for a
         * partner that is gone; the caller throws it after the round.
         */
        private void partnerLoop() {
            try {
                while (true) {
                    if (failure == null) {
                        try {
                            partnerState.restore();
                        } catch (RuntimeException | Error e) {
                            failure = e;
                        }
                    }
                    start.await();
                    if (stop) return;
                    if (failure == null) {
                        try {
                            long t0 = System.nanoTime();
                            partnerState.analysis();
                            partnerNanos = System.nanoTime() - t0;
                        } catch (RuntimeException | Error e) {
                            failure = e;
                        }
                    }
                    end.await();
                }
            } catch (InterruptedException | BrokenBarrierException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Mean nanoseconds per pair of calls over {@code calls} pairs; also each side's own mean ({@link #callerMean},
         * {@link #partnerMean}). Their ratio, the pair split, shows two cores running the same work at different
         * speeds (this VM: up to 1.3 for seconds at a time).
         */
        double timeCalls(int calls) {
            long spent = 0, own = 0, other = 0;
            for (int c = 0; c < calls; c++) {
                mine.restore();
                await(start);
                long t0 = System.nanoTime();
                mine.analysis();
                long t1 = System.nanoTime();
                await(end);
                if (failure != null) throw new IllegalStateException("pair partner failed: " + failure, failure);
                spent += System.nanoTime() - t0;
                own += t1 - t0;
                other += partnerNanos;
            }
            callerMean = (double) own / calls;
            partnerMean = (double) other / calls;
            return (double) spent / calls;
        }

        private static void await(CyclicBarrier barrier) {
            try {
                barrier.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                throw new IllegalStateException("pair partner stopped", e);
            }
        }

        @Override
        public void close() {
            // Interrupted wherever it waits (either barrier, after a failure on either side), the partner leaves its loop.
            stop = true;
            partner.interrupt();
            try {
                partner.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            mine.tearDown();
            partnerState.tearDown();
        }
    }

    private static AnalysisBench state(String config, int threads) {
        AnalysisBench b = new AnalysisBench();
        b.config = config;
        b.threads = threads;
        b.setUp();
        return b;
    }

    /** A number of calls and their mean nanoseconds per analysis. */
    private record Timed(int calls, double mean) {}

    /** Calls until {@code ms} of analysis time have been spent (at least one): their number and mean time. */
    private static Timed callsFor(AnalysisBench b, long ms) {
        long spent = 0, limit = ms * 1_000_000;
        int calls = 0;
        do {
            spent += timeOne(b);
            calls++;
        } while (spent < limit);
        return new Timed(calls, (double) spent / calls);
    }

    /** Mean nanoseconds per analysis over exactly {@code calls} calls. */
    private static double timeCalls(AnalysisBench b, int calls) {
        long spent = 0;
        for (int c = 0; c < calls; c++) spent += timeOne(b);
        return (double) spent / calls;
    }

    private static long timeOne(AnalysisBench b) {
        b.restore();
        long t0 = System.nanoTime();
        b.analysis();
        return System.nanoTime() - t0;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static String list(double[] x) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < x.length; i++) sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", x[i]));
        return sb.append(']').toString();
    }

    private static int positive(String name, String v) {
        int x = Integer.parseInt(v);
        if (x <= 0) throw new IllegalArgumentException(name + " = " + v + ": expected a positive integer");
        return x;
    }
}
