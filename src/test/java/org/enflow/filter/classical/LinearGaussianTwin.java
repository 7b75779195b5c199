package org.enflow.filter.classical;

import java.util.Random;
import java.util.function.IntFunction;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.common.Resampler;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * Linear-Gaussian twin experiment against the exact Kalman filter (classical.md test problem 6(b)):
 * d = 10, M random with spectral norm 0.95, Q = 0.1 I added to the truth and, independently, to every
 * member, H observes every second component, R = 0.25 I, x₀ ~ N(0, I) and the initial ensemble drawn
 * from the KF's prior N(0, I). The KF runs on the same observations.
 *
 * <p>{@code main} runs the full sweep N = 20 … 5000 (the documented command in docs/filters.md);
 * the unit test uses a few N.
 */
public final class LinearGaussianTwin {
    static final int D = 10;
    static final double Q = 0.1, SIGMA = 0.5;

    /** Time means over the post-burn-in cycles. */
    record Result(double meanError, double covError, double rmse, double kfRmse) {}

    static Result run(IntFunction<Filter> make, int n, long seed, int burnIn, int cycles) {
        double[] m = LinearTestModel.randomStable(D, 1234, 0.95);
        ObservationOperator h = TestOperators.every(D, 2, 0);
        RandomStreams streams = new RandomStreams(seed);
        Gaussian truthNoise = new Gaussian(streams.stream(RandomStreams.Purpose.TRUTH, 0));
        Gaussian obsNoise = new Gaussian(streams.stream(RandomStreams.Purpose.OBSERVATIONS, 0));
        Gaussian[] modelNoise = new Gaussian[n];
        var rngs = streams.streams(RandomStreams.Purpose.MODEL_NOISE, n);
        for (int i = 0; i < n; i++) modelNoise[i] = new Gaussian(rngs[i]);
        Gaussian init = new Gaussian(streams.stream(RandomStreams.Purpose.INITIAL_ENSEMBLE, 0));
        double[] truth = new double[D];
        truthNoise.fill(truth, 0, D);
        Ensemble e = new Ensemble(n, D);
        init.fill(e.data(), 0, n * D);
        double[] qm = new double[D * D];
        double[] p0 = new double[D * D];
        for (int k = 0; k < D; k++) {
            qm[k * D + k] = Q;
            p0[k * D + k] = 1;
        }
        KalmanFilter kf = new KalmanFilter(D, m, qm);
        kf.setState(new double[D], p0);
        Filter filter = make.apply(n);
        filter.initialize(e);
        double sq = Math.sqrt(Q);
        double[] tmp = new double[D], y = new double[h.outputDim()];
        double meanErr = 0, covErr = 0, rmse = 0, kfRmse = 0;
        for (int c = 0; c < burnIn + cycles; c++) {
            step(m, truth, 0, tmp);
            truthNoise.addScaled(truth, 0, D, sq);
            for (int i = 0; i < n; i++) {
                step(m, e.data(), i * D, tmp);
                modelNoise[i].addScaled(e.data(), i * D, D, sq);
            }
            kf.forecast(1);
            h.apply(truth, 0, y, 0);
            for (int l = 0; l < y.length; l++) y[l] += SIGMA * obsNoise.next();
            Observation obs = Observation.withSigma(y.clone(), h, SIGMA);
            kf.analyze(obs);
            filter.assimilate(e, obs);
            if (c < burnIn) continue;
            double[] w = filter.weights();
            double[] mean = new double[D], cov = new double[D * D];
            for (int i = 0; i < n; i++) for (int k = 0; k < D; k++) mean[k] += (w == null ? 1.0 / n : w[i]) * e.get(i, k);
            if (w == null) cov = Stats.covariance(e);
            double em = 0, et = 0, ek = 0;
            for (int k = 0; k < D; k++) {
                em += Math.pow(mean[k] - kf.mean()[k], 2);
                et += Math.pow(mean[k] - truth[k], 2);
                ek += Math.pow(kf.mean()[k] - truth[k], 2);
            }
            meanErr += Math.sqrt(em / D) / cycles;
            rmse += Math.sqrt(et / D) / cycles;
            kfRmse += Math.sqrt(ek / D) / cycles;
            if (w == null) covErr += Stats.frobeniusDiff(cov, kf.covariance()) / Stats.frobenius(kf.covariance()) / cycles;
        }
        return new Result(meanErr, covErr, rmse, kfRmse);
    }

    private static void step(double[] m, double[] x, int off, double[] tmp) {
        for (int r = 0; r < D; r++) {
            double v = 0;
            for (int k = 0; k < D; k++) v += m[r * D + k] * x[off + k];
            tmp[r] = v;
        }
        System.arraycopy(tmp, 0, x, off, D);
    }

    static IntFunction<Filter> etkf(long seed) {
        return n -> new Etkf(n, 1.0, false, new RandomStreams(seed), Parallel.sequential());
    }

    static IntFunction<Filter> enkf(long seed) {
        return n -> new EnkfPo(n, 1.0, false, false, Double.POSITIVE_INFINITY, new RandomStreams(seed), Parallel.sequential());
    }

    static IntFunction<Filter> bpf(long seed) {
        return n -> new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 1.0, 0, 1.0, new RandomStreams(seed), Parallel.sequential());
    }

    /** Full sweep: prints N, mean error, covariance error (mean ± s.e. over seeds) per filter, and the fitted slopes. */
    public static void main(String[] args) {
        int[] ns = {20, 50, 100, 200, 500, 1000, 2000, 5000};
        long[] seeds = {462133975L, 979497033L, 97616566L, 715319214L, 19704671L};
        int burnIn = 50, cycles = 200;
        for (String name : new String[] {"etkf", "enkf", "bpf"}) {
            double[] x = new double[ns.length], ym = new double[ns.length], yc = new double[ns.length];
            for (int a = 0; a < ns.length; a++) {
                int n = ns[a];
                if (name.equals("bpf")) n *= 20;
                double[] me = new double[seeds.length], ce = new double[seeds.length], rm = new double[seeds.length], kr = new double[seeds.length];
                for (int s = 0; s < seeds.length; s++) {
                    IntFunction<Filter> f = name.equals("etkf") ? etkf(seeds[s]) : name.equals("enkf") ? enkf(seeds[s]) : bpf(seeds[s]);
                    Result r = run(f, n, seeds[s], burnIn, cycles);
                    me[s] = r.meanError();
                    ce[s] = r.covError();
                    rm[s] = r.rmse();
                    kr[s] = r.kfRmse();
                }
                x[a] = n;
                ym[a] = avg(me);
                yc[a] = avg(ce);
                System.out.printf("%s N=%d  |mean-KF| %.5f ± %.5f  |P-P_KF|/|P_KF| %.5f ± %.5f  rmse %.4f (KF %.4f)%n", name, n,
                        avg(me), se(me), avg(ce), se(ce), avg(rm), avg(kr));
            }
            System.out.printf("%s slope of mean error vs N: %.3f%s%n", name, Stats.logLogSlope(x, ym),
                    name.equals("bpf") ? "" : String.format(", covariance error: %.3f", Stats.logLogSlope(x, yc)));
        }
    }

    static double avg(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s / a.length;
    }

    static double se(double[] a) {
        double m = avg(a), s = 0;
        for (double v : a) s += (v - m) * (v - m);
        return Math.sqrt(s / (a.length - 1) / a.length);
    }
}
