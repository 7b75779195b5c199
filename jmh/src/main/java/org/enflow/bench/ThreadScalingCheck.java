package org.enflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The 1 → 2 thread speedup of {@link AnalysisBench} analyses, measured in one JVM with the two thread counts
 * alternating. Separate JMH forks of the two counts run minutes apart, and this VM's speed drifts by 10–40 %
 * between such windows (docs/benchmarks.md, "Run-to-run spread"); a ratio of two forks then measures the drift as
 * much as the code. Here each round times the 1-thread setup for about {@code --round-ms}, then the 2-thread one
 * for as long, on the same inputs (two {@code AnalysisBench} states, the benchmark's own setup), so each round's
 * ratio comes from one window. Reported: the median per-call time of each count over the rounds and the median,
 * lowest and highest of the per-round ratios. Only the analysis call is timed (not the restore before it).
 *
 * <pre>
 *   java -cp target/benchmarks.jar --add-modules=jdk.incubator.vector -Xmx12g org.enflow.bench.ThreadScalingCheck \
 *       [--rounds 7] [--round-ms 400] [--warmup-ms 3000] [--out FILE.json] FILTER:NxD ...
 * </pre>
 * At least one call per round and count, so analyses of seconds take one call per round.
 */
public final class ThreadScalingCheck {
    private ThreadScalingCheck() {}

    public static void main(String[] args) throws IOException {
        int rounds = 7;
        long roundMs = 400, warmupMs = 3000;
        Path out = null;
        List<String> configs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = positive("--rounds", args[++i]);
                case "--round-ms" -> roundMs = positive("--round-ms", args[++i]);
                case "--warmup-ms" -> warmupMs = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
                    configs.add(args[i]);
                }
            }
        }
        if (configs.isEmpty()) {
            System.err.println("usage: ThreadScalingCheck [--rounds R] [--round-ms MS] [--warmup-ms MS] [--out FILE.json] FILTER:NxD ...");
            System.exit(2);
        }
        StringBuilder json = new StringBuilder("[\n");
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %8s %17s%n", "config", "1 thread ms", "2 threads ms", "ratio", "rounds (lo-hi)");
        for (int c = 0; c < configs.size(); c++) {
            String config = configs.get(c);
            AnalysisBench one = state(config, 1), two = state(config, 2);
            try {
                long until = System.nanoTime() + warmupMs * 1_000_000;
                while (System.nanoTime() < until) {
                    perCall(one, 1);
                    perCall(two, 1);
                }
                double[] t1 = new double[rounds], t2 = new double[rounds], ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    t1[r] = perCall(one, roundMs);
                    t2[r] = perCall(two, roundMs);
                    ratio[r] = t1[r] / t2[r];
                }
                double[] sorted = ratio.clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "%-22s %12.3f %12.3f %8.3f %8.2f-%.2f%n", config, median(t1) / 1e6,
                        median(t2) / 1e6, median(ratio), sorted[0], sorted[rounds - 1]);
                json.append(String.format(Locale.ROOT,
                        "  {\"config\": \"%s\", \"rounds\": %d, \"round_ms\": %d, \"median_ns_1\": %.1f, \"median_ns_2\": %.1f,"
                                + " \"median_ratio\": %.4f, \"ns_1\": %s, \"ns_2\": %s, \"ratios\": %s}%s%n",
                        config, rounds, roundMs, median(t1), median(t2), median(ratio), list(t1), list(t2), list(ratio),
                        c + 1 < configs.size() ? "," : ""));
            } finally {
                one.tearDown();
                two.tearDown();
            }
        }
        json.append("]\n");
        if (out != null) Files.writeString(out, json);
    }

    private static AnalysisBench state(String config, int threads) {
        AnalysisBench b = new AnalysisBench();
        b.config = config;
        b.threads = threads;
        b.setUp();
        return b;
    }

    /** Mean nanoseconds per analysis over calls for at least {@code ms} of analysis time (at least one call). */
    private static double perCall(AnalysisBench b, long ms) {
        long spent = 0, limit = ms * 1_000_000;
        int calls = 0;
        do {
            b.restore();
            long t0 = System.nanoTime();
            b.analysis();
            spent += System.nanoTime() - t0;
            calls++;
        } while (spent < limit);
        return (double) spent / calls;
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
