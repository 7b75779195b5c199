package org.enflow.filter.classical;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.Filters;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.RandomStreams.Purpose;
import org.enflow.model.Model;
import org.enflow.model.Models;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.enflow.observe.Operators;

/**
 * DAPPER's twin-experiment protocol for the classical reference numbers (classical.md §7), driven
 * directly (not through the CLI, whose protocol follows upstream EnFF: spun-up truth, first analysis on
 * the initial ensemble, and per-cycle energy scores that dominate the run time at N = 3000):
 * <ul>
 *   <li>truth x*(0) and every member x_i(0) drawn independently from X0 = N(x0, c0 I)
 *       (L96 Sakov 2008: x0 = (1, 0, …, 0), c0 = 0.001; L63 Sakov 2012: x0 = (1.509, −1.531, 25.46), c0 = 2);</li>
 *   <li>cycle k = 1 … K: truth and ensemble advanced {@code obsEvery} RK4 steps, y = x* + σε, analysis;</li>
 *   <li>rmse.a = time mean over cycles after the burn-in of the RMSE of the analysis mean (weighted by
 *       {@link Filter#weights()} for the particle filter); spread likewise (1/(N−1), or the unbiased weighted variance).</li>
 * </ul>
 * Usage: {@code DapperReproduction CASE FILTER N K BURNIN THREADS SEED[,SEED…] [key=value …]}, CASE = l96 | l63.
 */
public final class DapperReproduction {
    /** Print the RMSE every this many cycles (system property enflow.trace; 0 = never). */
    static final int TRACE = Integer.getInteger("enflow.trace", 0);

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        String kase = args[0], filterName = args[1];
        int n = Integer.parseInt(args[2]), cycles = Integer.parseInt(args[3]), burnIn = Integer.parseInt(args[4]);
        int threads = Integer.parseInt(args[5]);
        String[] seedList = args[6].split(",");
        Map<String, String> given = new LinkedHashMap<>();
        for (int a = 7; a < args.length; a++) {
            int eq = args[a].indexOf('=');
            given.put(args[a].substring(0, eq), args[a].substring(eq + 1));
        }
        double[] rm = new double[seedList.length], sp = new double[seedList.length];
        double[] ok = new double[seedList.length];
        int kept = 0;
        long t0 = System.nanoTime();
        for (int s = 0; s < seedList.length; s++) {
            double[] r = run(kase, filterName, n, cycles, burnIn, threads, Long.parseLong(seedList[s].trim()), given);
            rm[s] = r[0];
            sp[s] = r[1];
            boolean diverged = r[3] > 0;
            if (!diverged) ok[kept++] = r[0];
            System.out.printf("%s %s N=%d %s seed %s: rmse.a %.4f  spread %.4f  (%d cycles after %d burn-in, analysis %.3f ms per cycle)%s%n", kase,
                    filterName, n, given, seedList[s].trim(), r[0], r[1], cycles - burnIn, burnIn, r[2] * 1e3,
                    diverged ? "  DIVERGED (last-1000-cycle RMSE > 1 and > 4x spread)" : "");
        }
        System.out.printf("%s %s N=%d %s: rmse.a %.4f ± %.4f (mean ± s.e. over %d seeds), spread %.4f; %.0f s%n", kase, filterName, n,
                given, LinearGaussianTwin.avg(rm), seedList.length > 1 ? LinearGaussianTwin.se(rm) : Double.NaN, seedList.length,
                LinearGaussianTwin.avg(sp), (System.nanoTime() - t0) * 1e-9);
        if (kept < seedList.length && kept > 0) {
            double[] k = java.util.Arrays.copyOf(ok, kept);
            System.out.printf("%s %s N=%d %s: %d of %d runs diverged; the others: rmse.a %.4f ± %.4f%n", kase, filterName, n, given,
                    seedList.length - kept, seedList.length, LinearGaussianTwin.avg(k), kept > 1 ? LinearGaussianTwin.se(k) : Double.NaN);
        }
    }

    /** Returns {rmse.a, spread.a, analysis seconds per cycle, 1 if the run diverged else 0}. */
    static double[] run(String kase, String filterName, int n, int cycles, int burnIn, int threads, long seed, Map<String, String> given) {
        int d, obsEvery;
        double sigma, c0;
        double[] x0;
        Model model;
        try (Parallel parallel = threads == 1 ? null : new Parallel(threads)) {
            Parallel par = parallel == null ? Parallel.sequential() : parallel;
            if (kase.equals("l96")) {
                d = 40;
                obsEvery = 1;
                sigma = 1;
                c0 = 0.001;
                x0 = new double[d];
                x0[0] = 1;
                model = Models.create("lorenz96", d, 8, 0.05, "rk4", par);
            } else if (kase.equals("l63")) {
                d = 3;
                obsEvery = 25;
                sigma = Math.sqrt(2);
                c0 = 2;
                x0 = new double[] {1.509, -1.531, 25.46};
                model = Models.create("lorenz63", d, Double.NaN, 0.01, "rk4", par);
            } else {
                throw new IllegalArgumentException("case " + kase + ": expected l96 or l63");
            }
            Model truthModel = kase.equals("l96") ? Models.create("lorenz96", d, 8, 0.05, "rk4", Parallel.sequential())
                    : Models.create("lorenz63", d, Double.NaN, 0.01, "rk4", Parallel.sequential());
            RandomStreams streams = new RandomStreams(seed);
            ObservationOperator h = Operators.parse("identity", d, streams);
            FilterFactory factory = Filters.byName(filterName);
            Filter filter = factory.create(new FilterContext(model, n, streams, par),
                    new FilterSettings(factory.name(), factory.parameters(), given));
            double sq = Math.sqrt(c0);
            Ensemble truth = new Ensemble(1, d);
            System.arraycopy(x0, 0, truth.data(), 0, d);
            new Gaussian(streams.stream(Purpose.TRUTH, 0)).addScaled(truth.data(), 0, d, sq);
            Ensemble e = new Ensemble(n, d);
            UniformRandomProvider[] rngs = streams.streams(Purpose.INITIAL_ENSEMBLE, n);
            for (int i = 0; i < n; i++) {
                System.arraycopy(x0, 0, e.data(), i * d, d);
                new Gaussian(rngs[i]).addScaled(e.data(), i * d, d, sq);
            }
            filter.initialize(e);
            Gaussian obsNoise = new Gaussian(streams.stream(Purpose.OBSERVATIONS, 0));
            double sumR = 0, sumS = 0, lastR = 0, lastS = 0;
            int lastCount = 0;
            long analysisNanos = 0;
            double[] mean = new double[d];
            for (int k = 1; k <= cycles; k++) {
                double t = (k - 1) * obsEvery * model.dt();
                model.advance(e, t, obsEvery);
                truthModel.advance(truth, t, obsEvery);
                double[] y = new double[d];
                h.apply(truth.data(), 0, y, 0);
                obsNoise.addScaled(y, 0, d, sigma);
                long a0 = System.nanoTime();
                filter.assimilate(e, Observation.withSigma(y, h, sigma));
                analysisNanos += System.nanoTime() - a0;
                if (k <= burnIn) continue;
                double[] w = filter.weights();
                java.util.Arrays.fill(mean, 0);
                for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += (w == null ? 1.0 / n : w[i]) * e.get(i, j);
                double se = 0, var = 0, sw2 = 0;
                for (int i = 0; i < n; i++) sw2 += w == null ? 1.0 / ((double) n * n) : w[i] * w[i];
                for (int j = 0; j < d; j++) {
                    se += Math.pow(mean[j] - truth.get(0, j), 2);
                    double v = 0;
                    for (int i = 0; i < n; i++) v += (w == null ? 1.0 / n : w[i]) * Math.pow(e.get(i, j) - mean[j], 2);
                    var += v / (1 - sw2);
                }
                double rmse = Math.sqrt(se / d);
                if (!Double.isFinite(rmse)) throw new IllegalStateException("diverged at cycle " + k);
                if (TRACE > 0 && k % TRACE == 0) System.out.printf("  cycle %d rmse %.4f spread %.4f%s%n", k, rmse, Math.sqrt(var / d),
                        filter instanceof BootstrapParticleFilter ? String.format(" N_eff %.1f%s", ((BootstrapParticleFilter) filter).lastEffectiveSize(),
                                ((BootstrapParticleFilter) filter).resampledLast() ? " resampled" : "") : "");
                sumR += rmse;
                sumS += Math.sqrt(var / d);
                if (k > cycles - 1000) {
                    lastR += rmse;
                    lastS += Math.sqrt(var / d);
                    lastCount++;
                }
            }
            int m = cycles - burnIn;
            // Filter divergence: the ensemble confidently tracks a wrong trajectory (error ≫ spread) at the end.
            boolean diverged = lastCount > 0 && lastR / lastCount > 1 && lastR > 4 * lastS;
            return new double[] {sumR / m, sumS / m, analysisNanos * 1e-9 / cycles, diverged ? 1 : 0};
        }
    }
}
