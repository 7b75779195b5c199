package org.enflow.filter.classical;

import java.util.List;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.classical.linalg.SymmetricEigen;
import org.enflow.filter.common.Moments;
import org.enflow.kernel.Require;
import org.enflow.model.LinearDynamics;
import org.enflow.observe.Observation;

/**
 * The exact Kalman filter behind the ensemble {@link Filter} interface ({@code --filter kalman}).
 *
 * <p>The ensemble is a <em>carrier</em> of the Gaussian: after each analysis its N ≥ d + 1 members are
 * set to m + √(N−1)·P^{1/2}E_d, with E_d d orthonormal vectors orthogonal to 1, so the ensemble mean is
 * exactly m and the sample covariance (1/(N−1)) exactly P. The model then propagates the members;
 * because it is linear (the factory requires {@link LinearDynamics}) and noise-free, the forecast
 * ensemble's mean and covariance are exactly Mᵏm and MᵏPMᵏᵀ whatever the number k of steps per cycle,
 * which the filter never needs to know. Process noise cannot be represented this way (it would need k):
 * a model with Q ≠ 0 is rejected; use {@link KalmanFilter} directly for that case.
 */
public final class KalmanEnsembleFilter implements Filter {
    private final int n, d;
    private final KalmanFilter kf;
    private final double[] mean, cov, basis, root;
    private final SymmetricEigen eig;

    public KalmanEnsembleFilter(int members, int dim) {
        this.d = Require.positive("dim", dim);
        if (members < dim + 1)
            throw new IllegalArgumentException("members = " + members + ": the Kalman filter carries its covariance in the"
                    + " ensemble and needs at least dim + 1 = " + (dim + 1) + " members");
        this.n = members;
        this.kf = new KalmanFilter(dim, null, null);
        this.mean = new double[d];
        this.cov = new double[d * d];
        this.basis = new double[d * n];
        this.root = new double[d * d];
        this.eig = new SymmetricEigen(d);
        // d orthonormal vectors in R^N orthogonal to 1: rows 1..d of the reflection swapping e₀ and 1/√N.
        double inv = 1 / Math.sqrt(n);
        double[] u = new double[n];
        for (int i = 0; i < n; i++) u[i] = -inv;
        u[0] += 1;
        double uu = 0;
        for (double v : u) uu += v * v;
        for (int r = 0; r < d; r++)
            for (int i = 0; i < n; i++) basis[r * n + i] = (r + 1 == i ? 1 : 0) - 2 * u[r + 1] * u[i] / uu;
    }

    @Override
    public void assimilate(Ensemble e, Observation obs) {
        if (e.members() != n || e.dim() != d)
            throw new IllegalArgumentException("ensemble is " + e.members() + "×" + e.dim() + ": expected " + n + "×" + d);
        double[] x = e.data();
        Moments.mean(x, 0, n, d, mean);
        java.util.Arrays.fill(cov, 0.0);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) {
                double ak = x[i * d + k] - mean[k];
                for (int j = 0; j <= k; j++) cov[k * d + j] += ak * (x[i * d + j] - mean[j]);
            }
        for (int k = 0; k < d; k++)
            for (int j = 0; j <= k; j++) {
                double v = cov[k * d + j] / (n - 1);
                cov[k * d + j] = v;
                cov[j * d + k] = v;
            }
        kf.setState(mean, cov);
        kf.analyze(obs);
        writeCarrier(x);
    }

    /** members ← m + √(N−1) P^{1/2} E_d, with the symmetric square root P^{1/2} (P may be singular). */
    private void writeCarrier(double[] x) {
        eig.decompose(kf.covariance(), d);
        double[] lam = eig.values(), vt = eig.vectorsT();
        java.util.Arrays.fill(root, 0.0);
        for (int m = 0; m < d; m++) {
            double s = Math.sqrt(Math.max(lam[m], 0) * (n - 1));
            for (int k = 0; k < d; k++)
                for (int j = 0; j < d; j++) root[k * d + j] += s * vt[m * d + k] * vt[m * d + j];
        }
        double[] m = kf.mean();
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) {
                double v = m[k];
                for (int r = 0; r < d; r++) v += root[k * d + r] * basis[r * n + i];
                x[i * d + k] = v;
            }
    }

    /** The analysis mean (owned by the filter). */
    public double[] mean() {
        return kf.mean();
    }

    /** The analysis covariance (owned by the filter). */
    public double[] covariance() {
        return kf.covariance();
    }

    @Override
    public String describe() {
        return "kalman(d=" + d + ", carrier N=" + n + ")";
    }

    /** Factory for {@code --filter kalman}. */
    public static final class Factory implements FilterFactory {
        @Override
        public String name() {
            return "kalman";
        }

        @Override
        public String description() {
            return "exact Kalman filter (linear model and observations, Q = 0; needs members >= dim + 1)";
        }

        @Override
        public List<FilterParameter> parameters() {
            return List.of();
        }

        @Override
        public Filter create(FilterContext c, FilterSettings s) {
            if (!(c.model() instanceof LinearDynamics))
                throw new IllegalArgumentException("--filter kalman needs a linear model; " + c.model().describe() + " is not");
            LinearDynamics lin = (LinearDynamics) c.model();
            if (lin.processNoise() != null)
                throw new IllegalArgumentException("--filter kalman carries the Gaussian in the ensemble and cannot add process"
                        + " noise; use org.enflow.filter.classical.KalmanFilter directly");
            return new KalmanEnsembleFilter(c.members(), c.model().dim());
        }
    }
}
