package org.enflow.filter.classical;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.common.GaspariCohn;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Vectorization;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.junit.jupiter.api.Test;

/** The Vector API LETKF kernel against its scalar twin, on the same local problems. */
class LocalTransformTwinTest {
    static LocalProblem problem(int n, int d, int p, double radius, double inflation, Random rnd) {
        Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1.1);
        double[] hm = new double[p * d], pos = new double[p];
        for (int l = 0; l < p; l++) {
            int k = rnd.nextInt(d);
            hm[l * d + k] = 1;
            pos[l] = k + 0.3 * rnd.nextDouble();
        }
        ObservationOperator h = TestOperators.matrix(hm, p, d, pos);
        double[] y = new double[p], r = new double[p];
        for (int l = 0; l < p; l++) {
            y[l] = rnd.nextGaussian();
            r[l] = 0.3 + rnd.nextDouble();
        }
        ObservedEnsemble oe = new ObservedEnsemble();
        oe.compute(e, new Observation(y, h, r), Parallel.sequential(), true);
        LocalProblem pb = new LocalProblem();
        pb.n = n;
        pb.d = d;
        pb.p = p;
        pb.anomalies = oe.anomalies;
        pb.mean = oe.mean;
        pb.whitened = oe.whitened;
        pb.innovation = oe.innovation;
        pb.positions = pos;
        pb.period = d;
        pb.halfWidth = GaspariCohn.halfWidth(radius);
        pb.cutoff = GaspariCohn.DAPPER_CUTOFF;
        pb.inflation = inflation;
        pb.out = e.data();
        return pb;
    }

    /** Every observation within the cutoff distance of the group (a superset is allowed: the kernel tapers). */
    static int[] allObservations(int p) {
        int[] obs = new int[p];
        for (int l = 0; l < p; l++) obs[l] = l;
        return obs;
    }

    @Test
    void vectorKernelMatchesScalarTwin() {
        assumeTrue(Vectorization.enabled());
        Random rnd = new Random(61);
        for (int n : new int[] {2, 3, 5, 8, 13, 20, 27}) {
            for (int d : new int[] {8, 19, 40, 67}) {
                for (double radius : new double[] {0.5, 2, 4, Double.POSITIVE_INFINITY}) {
                    int p = 1 + rnd.nextInt(2 * d);
                    LocalProblem a = problem(n, d, p, radius, 1.07, new Random(n * 1000L + d));
                    LocalProblem b = problem(n, d, p, radius, 1.07, new Random(n * 1000L + d));
                    LocalTransform vector = LocalTransformVectorFactory.create(n);
                    LocalTransform scalar = new LocalTransformScalar(n, vector.lanes());
                    int[] obs = allObservations(p);
                    int lanes = vector.lanes();
                    for (int k0 = 0; k0 < d; k0 += 2 * lanes) {
                        int v0 = Math.min(lanes, d - k0);
                        if (v0 == lanes && k0 + lanes < d) {
                            int v1 = Math.min(lanes, d - k0 - lanes);
                            vector.pair(a, k0, obs, p, v1, obs, p);
                            scalar.pair(b, k0, obs, p, v1, obs, p);
                        } else {
                            vector.group(a, k0, v0, obs, p);
                            scalar.group(b, k0, v0, obs, p);
                        }
                    }
                    // Same algorithm, FMA vs separate rounding: agreement to ~N·ε relative to the state's scale.
                    double scale = Stats.maxAbs(b.out) + 1;
                    double diff = Stats.maxAbsDiff(a.out, b.out);
                    assertTrue(diff <= 1e-12 * n * scale, "N=" + n + " d=" + d + " radius=" + radius + ": " + diff);
                }
            }
        }
    }

    /** The scalar twin, driven through the filter, is exercised by LetkfTest in the scalar surefire pass; here directly. */
    @Test
    void scalarTwinMatchesPerPointReference() {
        Random rnd = new Random(62);
        int n = 9, d = 29, p = 17;
        double[] hm = new double[p * d], pos = new double[p];
        for (int l = 0; l < p; l++) {
            int k = rnd.nextInt(d);
            hm[l * d + k] = 1;
            pos[l] = k;
        }
        ObservationOperator h = TestOperators.matrix(hm, p, d, pos);
        Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1);
        Observation obs = EtkfTest.observe(h, new double[d], 0.8, rnd);
        Ensemble ref = e.copy();
        LetkfTest.reference(ref, obs, 3);
        LocalProblem pb = new LocalProblem();
        ObservedEnsemble oe = new ObservedEnsemble();
        oe.compute(e, obs, Parallel.sequential(), true);
        pb.n = n;
        pb.d = d;
        pb.p = p;
        pb.anomalies = oe.anomalies;
        pb.mean = oe.mean;
        pb.whitened = oe.whitened;
        pb.innovation = oe.innovation;
        pb.positions = pos;
        pb.period = d;
        pb.halfWidth = GaspariCohn.halfWidth(3);
        pb.cutoff = GaspariCohn.DAPPER_CUTOFF;
        pb.inflation = 1;
        pb.out = e.data();
        LocalTransformScalar scalar = new LocalTransformScalar(n, 4);
        for (int k0 = 0; k0 < d; k0 += 4) scalar.group(pb, k0, Math.min(4, d - k0), allObservations(p), p);
        assertTrue(Stats.maxAbsDiff(ref.data(), e.data()) < 1e-11, "diff " + Stats.maxAbsDiff(ref.data(), e.data()));
        assertNotNull(new Letkf(n, 1, false, 3, new RandomStreams(1), Parallel.sequential()).describe());
    }
}
