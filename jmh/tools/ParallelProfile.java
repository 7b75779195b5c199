package org.enflow.bench;

import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import org.enflow.kernel.Parallel;

/**
 * Where an analysis's time goes between and inside its parallel calls: compiled and run by parallel-profile.sh against
 * a build with parallel-profile.patch applied (Parallel then records, per call site, the time the calling thread
 * spends in each call). For one {@link AnalysisBench} config and thread count: the mean analysis time, every call site
 * with its time per analysis and calls per analysis, and the time outside all calls (the serial remainder, with the
 * bookkeeping's own time taken out). A call made from inside another call's block is counted inside both.
 *
 * <pre>
 *   ParallelProfile CONFIG THREADS CALLS   (CALLS warm-up analyses, then CALLS measured ones)
 * </pre>
 */
public final class ParallelProfile {
    private ParallelProfile() {}

    public static void main(String[] args) {
        if (args.length != 3) throw new IllegalArgumentException("usage: ParallelProfile CONFIG THREADS CALLS");
        AnalysisBench b = new AnalysisBench();
        b.config = args[0];
        b.threads = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        b.setUp();
        try {
            for (int i = 0; i < calls; i++) {
                b.restore();
                b.analysis();
            }
            Parallel.PROFILE.clear();
            Parallel.PROFILE_OVERHEAD.set(0);
            long total = 0;
            for (int i = 0; i < calls; i++) {
                b.restore();
                long t0 = System.nanoTime();
                b.analysis();
                total += System.nanoTime() - t0;
            }
            double per = total / 1e3 / calls, inside = 0;
            System.out.printf(Locale.ROOT, "%s, %d thread(s): %.1f us per analysis (mean of %d)%n", b.config, b.threads, per, calls);
            var sites = new ArrayList<>(Parallel.PROFILE.entrySet());
            sites.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
            for (Map.Entry<String, long[]> s : sites) {
                double us = s.getValue()[0] / 1e3 / calls;
                inside += us;
                System.out.printf(Locale.ROOT, "%12.1f us %8.1f calls  %s%n", us, s.getValue()[1] / (double) calls, s.getKey());
            }
            double overhead = Parallel.PROFILE_OVERHEAD.get() / 1e3 / calls;
            System.out.printf(Locale.ROOT, "%12.1f us outside the parallel calls (%.1f %%; bookkeeping %.1f us taken out)%n",
                    per - inside - overhead, 100 * (per - inside - overhead) / per, overhead);
        } finally {
            b.tearDown();
        }
    }
}
