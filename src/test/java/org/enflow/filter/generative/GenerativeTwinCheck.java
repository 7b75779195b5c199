package org.enflow.filter.generative;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.Filters;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Model;
import org.enflow.model.Models;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationNoise;
import org.enflow.observe.Operators;

/**
 * A stand-alone twin experiment for the generative filters (until the CLI lands): protocol.md §3 rows
 * L96 (d = 10⁶, ArcTan σ 0.05, dt 0.01, obs every 10 steps, 80 cycles, truth N(0, 9I) spun up 1000
 * steps, ensemble N(0, I)) and KS (d = 1024, ArcTan σ 0.1, dt 0.25, obs every 4 steps, truth DAPPER x0 +
 * N(0, I) spun up 2000 steps, ensemble truth + N(0, I)). The first analysis is applied to the initial
 * ensemble (upstream convention: C cycles = C − 1 forecasts). Prints per-cycle RMSE and timing and the
 * mean analysis RMSE over the last 50 cycles.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ... GenerativeTwinCheck l96|ks dim cycles seed enff|ensf key=value...</pre>
 */
public final class GenerativeTwinCheck {
    public static void main(String[] args) {
        String problem = args[0];
        int dim = Integer.parseInt(args[1]);
        int cycles = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        String filterName = args[4];
        Map<String, String> given = new LinkedHashMap<>();
        for (int a = 5; a < args.length; a++) {
            String[] kv = args[a].split("=", 2);
            given.put(kv[0], kv[1]);
        }
        int n = 20;
        boolean l96 = problem.equals("l96");
        Parallel par = Parallel.common();
        Model model = l96 ? Models.create("lorenz96", dim, 8, 0.01, "rk4_38", par) : Models.create("ks", dim, Double.NaN, 0.25, null, par);
        int stepsPerCycle = l96 ? 10 : 4, spinUp = l96 ? 1000 : 2000;
        double sigma = l96 ? 0.05 : 0.1;
        RandomStreams streams = new RandomStreams(seed);
        double[] x0 = Models.defaultInitialState(model, streams);
        Ensemble truth = Ensemble.wrap(1, dim, x0);
        model.advance(truth, 0, spinUp);
        Ensemble ens = new Ensemble(n, dim);
        Gaussian g = new Gaussian(streams.stream(RandomStreams.Purpose.INITIAL_ENSEMBLE));
        for (int i = 0; i < n; i++) {
            if (!l96) System.arraycopy(truth.data(), 0, ens.data(), i * dim, dim);
            g.addScaled(ens.data(), i * dim, dim, 1.0);
        }
        FilterFactory ff = Filters.byName(filterName);
        Filter filter = ff.create(new FilterContext(model, n, streams, par), new FilterSettings(ff.name(), ff.parameters(), given));
        filter.initialize(ens);
        ObservationNoise noise = ObservationNoise.withSigma(Operators.arctan(dim), sigma);
        var obsRng = streams.stream(RandomStreams.Purpose.OBSERVATIONS);
        System.out.println("# " + problem + " d=" + dim + " N=" + n + " seed=" + seed + " " + filter.describe() + " threads=" + par.threads());
        double[] rmse = new double[cycles];
        long forecastNs = 0, analysisNs = 0;
        double t = spinUp * model.dt();
        for (int c = 0; c < cycles; c++) {
            long f0 = System.nanoTime();
            if (c > 0) {
                model.advance(truth, t, stepsPerCycle);
                model.advance(ens, t, stepsPerCycle);
                t += stepsPerCycle * model.dt();
            }
            long f1 = System.nanoTime();
            Observation obs = noise.observe(truth.data(), 0, obsRng);
            filter.assimilate(ens, obs);
            long f2 = System.nanoTime();
            if (c > 0) forecastNs += f1 - f0;
            analysisNs += f2 - f1;
            double s = 0;
            for (int k = 0; k < dim; k++) {
                double mean = 0;
                for (int i = 0; i < n; i++) mean += ens.data()[i * dim + k];
                mean /= n;
                double e = mean - truth.data()[k];
                s += e * e;
            }
            rmse[c] = Math.sqrt(s / dim);
            String split = filter instanceof EnsembleFlowFilter ? ((EnsembleFlowFilter) filter).lastTimes().toString()
                    : filter instanceof EnsembleScoreFilter ? ((EnsembleScoreFilter) filter).lastTimes().toString() : "";
            System.out.printf(Locale.ROOT, "cycle %4d rmse %.5f forecast %.3f s analysis %.3f s (%s)%n", c, rmse[c], (f1 - f0) / 1e9,
                    (f2 - f1) / 1e9, split);
        }
        int from = Math.max(0, cycles - 50);
        double m = 0;
        for (int c = from; c < cycles; c++) m += rmse[c];
        m /= cycles - from;
        System.out.printf(Locale.ROOT, "RESULT %s d=%d seed=%d %s rmse_last50 %.5f forecast %.3f s/cycle analysis %.3f s/cycle%n", problem, dim,
                seed, filter.describe(), m, forecastNs / 1e9 / Math.max(1, cycles - 1), analysisNs / 1e9 / cycles);
    }
}
