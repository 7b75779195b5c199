package org.enflow.filter.classical;

import org.enflow.filter.classical.linalg.Cholesky;
import org.enflow.kernel.Require;
import org.enflow.model.LinearDynamics;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * The exact Kalman filter for a linear-Gaussian system: the oracle the ensemble filters are tested
 * against. Forecast m ← Mm, P ← MPMᵀ + Q per model step; analysis with diagonal R,
 * S = HPHᵀ + R (Cholesky), K = PHᵀS⁻¹, m ← m + K(y − h(m)), and the Joseph form
 * P ← (I − KH)P(I − KH)ᵀ + KRKᵀ, symmetrized. H is read off a linear (or affine) observation operator by
 * applying it to the unit vectors, once per operator instance; a nonlinear operator is rejected.
 *
 * <p>Dense O(d³ + p³) per cycle: meant for small oracle problems, not for large d.
 */
public final class KalmanFilter {
    private final int d;
    private final double[] m, pmat;
    private final double[] mm; // M, or null for the identity
    private final double[] q; // per-step Q, or null
    private final double[] tmp, tmp2, vec;
    private ObservationOperator cachedOperator;
    private double[] hmat = new double[0], h0 = new double[0];
    private double[] s = new double[0], ph = new double[0], gain = new double[0], ikh = new double[0], y = new double[0];

    /** A filter for {@code dynamics} (M and its process noise), with m = 0 and P = 0 until {@link #setState}. */
    public KalmanFilter(LinearDynamics dynamics) {
        this(Require.notNull("dynamics", dynamics).dim(), dynamics.matrix(), dynamics.processNoise());
    }

    /** @param matrix M (d×d row-major) or null for the identity; @param processNoise Q per step or null for 0 */
    public KalmanFilter(int dim, double[] matrix, double[] processNoise) {
        this.d = Require.positive("dim", dim);
        if (matrix != null) Require.allFinite("matrix", Require.length("matrix", matrix, d * d));
        if (processNoise != null) Require.allFinite("processNoise", Require.length("processNoise", processNoise, d * d));
        this.mm = matrix == null ? null : matrix.clone();
        this.q = processNoise == null ? null : processNoise.clone();
        this.m = new double[d];
        this.pmat = new double[d * d];
        this.tmp = new double[d * d];
        this.tmp2 = new double[d * d];
        this.vec = new double[d];
    }

    public int dim() {
        return d;
    }

    /** Sets the mean and covariance (copied; the covariance must be symmetric). */
    public void setState(double[] mean, double[] covariance) {
        System.arraycopy(Require.allFinite("mean", Require.length("mean", mean, d)), 0, m, 0, d);
        System.arraycopy(Require.allFinite("covariance", Require.length("covariance", covariance, d * d)), 0, pmat, 0, d * d);
    }

    /** The current mean (owned by the filter). */
    public double[] mean() {
        return m;
    }

    /** The current covariance, d×d row-major (owned by the filter). */
    public double[] covariance() {
        return pmat;
    }

    /** Advances mean and covariance by {@code steps} model steps. */
    public void forecast(int steps) {
        Require.atLeast("steps", steps, 0);
        for (int st = 0; st < steps; st++) {
            if (mm != null) {
                for (int i = 0; i < d; i++) vec[i] = Dense.dot(mm, i * d, m, 0, d);
                System.arraycopy(vec, 0, m, 0, d);
                // tmp = M P ; P = tmp Mᵀ
                multiply(mm, pmat, tmp, d);
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++) pmat[i * d + j] = Dense.dot(tmp, i * d, mm, j * d, d);
            }
            if (q != null) for (int i = 0; i < d * d; i++) pmat[i] += q[i];
            symmetrize(pmat, d);
        }
    }

    /** The analysis given {@code obs}. */
    public void analyze(Observation obs) {
        ObservationOperator h = obs.operator();
        if (h.inputDim() != d) throw new IllegalArgumentException("operator input dimension " + h.inputDim() + ": expected " + d);
        int p = h.outputDim();
        linearize(h, p);
        if (s.length < p * p) {
            s = new double[p * p];
            y = new double[p];
        }
        if (ph.length < d * p) {
            ph = new double[d * p];
            gain = new double[d * p];
        }
        // ph = P Hᵀ (d×p) ; S = H P Hᵀ + R
        for (int i = 0; i < d; i++)
            for (int l = 0; l < p; l++) ph[i * p + l] = Dense.dot(pmat, i * d, hmat, l * d, d);
        double[] r = obs.variances();
        for (int l = 0; l < p; l++)
            for (int k = 0; k <= l; k++) {
                double v = 0;
                for (int i = 0; i < d; i++) v += hmat[l * d + i] * ph[i * p + k];
                if (l == k) v += r[l];
                s[l * p + k] = v;
                s[k * p + l] = v;
            }
        int bad = Cholesky.factor(s, p);
        if (bad >= 0)
            throw new IllegalStateException("Kalman: innovation covariance HPHᵀ + R is not positive definite at observation "
                    + bad + " (pivot " + s[bad * p + bad] + ")");
        // K = P Hᵀ S⁻¹: solve S k_i = (PHᵀ)_i for each row i.
        System.arraycopy(ph, 0, gain, 0, d * p);
        Cholesky.solveRows(s, p, gain, 0, d);
        // m += K (y − h(m))
        h.apply(m, 0, y, 0);
        double[] yo = obs.values();
        for (int l = 0; l < p; l++) y[l] = yo[l] - y[l];
        for (int i = 0; i < d; i++) m[i] += Dense.dot(gain, i * p, y, 0, p);
        // Joseph: P = (I − KH) P (I − KH)ᵀ + K R Kᵀ
        if (ikh.length < d * d) ikh = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double v = i == j ? 1 : 0;
                for (int l = 0; l < p; l++) v -= gain[i * p + l] * hmat[l * d + j];
                ikh[i * d + j] = v;
            }
        multiply(ikh, pmat, tmp, d);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) tmp2[i * d + j] = Dense.dot(tmp, i * d, ikh, j * d, d);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double v = tmp2[i * d + j];
                for (int l = 0; l < p; l++) v += gain[i * p + l] * r[l] * gain[j * p + l];
                pmat[i * d + j] = v;
            }
        symmetrize(pmat, d);
    }

    /** H (p×d) and h(0), by applying h to 0 and the unit vectors; checked for linearity at a test point. */
    private void linearize(ObservationOperator h, int p) {
        if (h == cachedOperator) return;
        hmat = new double[p * d];
        h0 = new double[p];
        double[] x = new double[d], col = new double[p];
        h.apply(x, 0, h0, 0);
        for (int j = 0; j < d; j++) {
            x[j] = 1;
            h.apply(x, 0, col, 0);
            x[j] = 0;
            for (int l = 0; l < p; l++) hmat[l * d + j] = col[l] - h0[l];
        }
        // Linearity check at x = (1, −2, 3, …)/d: h(x) must equal h(0) + H x to rounding.
        double scale = 0;
        for (int j = 0; j < d; j++) x[j] = (j % 2 == 0 ? 1 : -2) * (1 + j % 3) / (double) d;
        h.apply(x, 0, col, 0);
        for (int l = 0; l < p; l++) {
            double lin = h0[l];
            for (int j = 0; j < d; j++) lin += hmat[l * d + j] * x[j];
            scale = Math.max(scale, Math.abs(col[l]) + Math.abs(lin));
            if (Math.abs(col[l] - lin) > 1e-9 * (1 + scale))
                throw new IllegalArgumentException("Kalman filter needs a linear observation operator; " + h.describe()
                        + " is nonlinear (component " + l + ": h(x) = " + col[l] + " vs H x = " + lin + ")");
        }
        cachedOperator = h;
    }

    private static void multiply(double[] a, double[] b, double[] out, int d) {
        java.util.Arrays.fill(out, 0, d * d, 0.0);
        for (int i = 0; i < d; i++)
            for (int k = 0; k < d; k++) {
                double aik = a[i * d + k];
                if (aik == 0) continue;
                for (int j = 0; j < d; j++) out[i * d + j] += aik * b[k * d + j];
            }
    }

    private static void symmetrize(double[] p, int d) {
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (p[i * d + j] + p[j * d + i]);
                p[i * d + j] = v;
                p[j * d + i] = v;
            }
    }
}
