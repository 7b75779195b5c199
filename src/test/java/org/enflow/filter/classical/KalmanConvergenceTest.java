package org.enflow.filter.classical;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Issue 3, item 1 (fast version; the full sweep N = 20 … 5000 is {@link LinearGaussianTwin#main}): on the
 * linear-Gaussian twin the ensemble filters' analysis mean and covariance converge to the Kalman filter's
 * like N^{-1/2}.
 */
class KalmanConvergenceTest {
    static final long[] SEEDS = {462133975L, 979497033L, 97616566L};

    static double[] sweep(java.util.function.LongFunction<java.util.function.IntFunction<org.enflow.filter.Filter>> f,
                          int[] ns, boolean covariance) {
        double[] out = new double[ns.length];
        for (int a = 0; a < ns.length; a++)
            for (long seed : SEEDS) {
                LinearGaussianTwin.Result r = LinearGaussianTwin.run(f.apply(seed), ns[a], seed, 20, 60);
                out[a] += (covariance ? r.covError() : r.meanError()) / SEEDS.length;
            }
        return out;
    }

    /**
     * Sampling error ∝ N^{-1/2}: the fitted log-log slope over N = 25 … 1600 is −0.5; with 3 seeds × 60
     * correlated cycles the slope estimate has a spread of about ±0.07, so the band is [−0.7, −0.3].
     */
    @Test
    void etkfAndEnkfConvergeToKalmanLikeInverseSqrtN() {
        int[] ns = {25, 100, 400, 1600};
        double[] x = {25, 100, 400, 1600};
        for (String name : new String[] {"etkf", "enkf"}) {
            var f = name.equals("etkf") ? (java.util.function.LongFunction<java.util.function.IntFunction<org.enflow.filter.Filter>>) LinearGaussianTwin::etkf
                    : (java.util.function.LongFunction<java.util.function.IntFunction<org.enflow.filter.Filter>>) LinearGaussianTwin::enkf;
            double[] me = sweep(f, ns, false), ce = sweep(f, ns, true);
            double sm = Stats.logLogSlope(x, me), sc = Stats.logLogSlope(x, ce);
            assertTrue(sm > -0.7 && sm < -0.3, name + " mean-error slope " + sm + " " + java.util.Arrays.toString(me));
            assertTrue(sc > -0.7 && sc < -0.3, name + " covariance-error slope " + sc + " " + java.util.Arrays.toString(ce));
            // The relative Frobenius error of a sample covariance in d dimensions is about sqrt(d/N)
            // (≈ 0.08 at d = 10, N = 1600); twice that bounds it.
            assertTrue(ce[ns.length - 1] < 2 * Math.sqrt(LinearGaussianTwin.D / 1600.0), name + " covariance error at N=1600: " + ce[ns.length - 1]);
        }
    }

    @Test
    void bootstrapParticleFilterMeanConvergesToKalman() {
        int[] ns = {500, 2000, 8000};
        double[] me = sweep(LinearGaussianTwin::bpf, ns, false);
        double slope = Stats.logLogSlope(new double[] {500, 2000, 8000}, me);
        assertTrue(slope > -0.75 && slope < -0.25, "BPF mean-error slope " + slope + " " + java.util.Arrays.toString(me));
    }

    /** Oracle 7 (reduced): time-mean RMSE against the truth within 3% of the KF's for EnKF-PO N = 500 and the BPF. */
    @Test
    void cyclingRmseMatchesKalman() {
        for (long seed : SEEDS) {
            LinearGaussianTwin.Result enkf = LinearGaussianTwin.run(LinearGaussianTwin.enkf(seed), 500, seed, 50, 200);
            assertEquals(enkf.kfRmse(), enkf.rmse(), 0.03 * enkf.kfRmse(), "EnKF-PO seed " + seed);
        }
        LinearGaussianTwin.Result bpf = LinearGaussianTwin.run(LinearGaussianTwin.bpf(SEEDS[0]), 20_000, SEEDS[0], 50, 200);
        assertEquals(bpf.kfRmse(), bpf.rmse(), 0.03 * bpf.kfRmse(), "BPF");
    }
}
