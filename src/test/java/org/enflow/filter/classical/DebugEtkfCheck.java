package org.enflow.filter.classical;

import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.RandomStreams.Purpose;
import org.enflow.model.Model;
import org.enflow.model.Models;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.enflow.observe.Operators;

/** Debug: the L96 ETKF run of DapperReproduction, checking every analysis against the KF formula. */
public final class DebugEtkfCheck {
    public static void main(String[] args) {
        long seed = Long.parseLong(args[0]);
        int cycles = Integer.parseInt(args[1]);
        double infl = Double.parseDouble(args[2]);
        boolean rot = Boolean.parseBoolean(args[3]);
        int n = 40, d = 40;
        Model model = Models.create("lorenz96", d, 8, 0.05, "rk4", Parallel.sequential());
        RandomStreams streams = new RandomStreams(seed);
        ObservationOperator h = Operators.parse("identity", d, streams);
        Etkf f = new Etkf(n, infl, rot, streams, Parallel.sequential());
        double[] x0 = new double[d];
        x0[0] = 1;
        Ensemble truth = new Ensemble(1, d);
        System.arraycopy(x0, 0, truth.data(), 0, d);
        new Gaussian(streams.stream(Purpose.TRUTH, 0)).addScaled(truth.data(), 0, d, Math.sqrt(0.001));
        Ensemble e = new Ensemble(n, d);
        UniformRandomProvider[] rngs = streams.streams(Purpose.INITIAL_ENSEMBLE, n);
        for (int i = 0; i < n; i++) {
            System.arraycopy(x0, 0, e.data(), i * d, d);
            new Gaussian(rngs[i]).addScaled(e.data(), i * d, d, Math.sqrt(0.001));
        }
        Gaussian obsNoise = new Gaussian(streams.stream(Purpose.OBSERVATIONS, 0));
        double worst = 0;
        for (int k = 1; k <= cycles; k++) {
            model.advance(e, 0, 1);
            model.advance(truth, 0, 1);
            double[] y = new double[d];
            h.apply(truth.data(), 0, y, 0);
            obsNoise.addScaled(y, 0, d, 1);
            Observation obs = Observation.withSigma(y, h, 1);
            KalmanFilter kf = new KalmanFilter(d, null, null);
            kf.setState(Stats.mean(e), Stats.covariance(e));
            kf.analyze(obs);
            f.assimilate(e, obs);
            double[] m = Stats.mean(e), p = Stats.covariance(e);
            double dm = Stats.maxAbsDiff(m, kf.mean()) / (1 + Stats.maxAbs(kf.mean()));
            double[] pk = kf.covariance().clone();
            for (int i = 0; i < pk.length; i++) pk[i] *= infl * infl;
            double dp = Stats.maxAbsDiff(p, pk) / (Stats.maxAbs(pk));
            worst = Math.max(worst, Math.max(dm, dp));
            if (dm > 1e-8 || dp > 1e-8) System.out.printf("cycle %d: mean diff %.3e cov diff %.3e%n", k, dm, dp);
            if (k % 500 == 0) {
                double se = 0;
                for (int j = 0; j < d; j++) se += Math.pow(m[j] - truth.get(0, j), 2);
                System.out.printf("cycle %d rmse %.4f worst rel diff so far %.2e%n", k, Math.sqrt(se / d), worst);
            }
        }
    }
}
