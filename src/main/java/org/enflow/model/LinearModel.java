package org.enflow.model;

import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;

/**
 * The linear model x ← M x per step (dt = 1): the exact-Kalman test bed (classical.md §6).
 */
public final class LinearModel implements Model, LinearDynamics {
    /** Multiply-adds per parallel block: about 0.5 ms. */
    private static final long BLOCK_WORK = 1_000_000;

    private final double[] matrix;
    private final int dim;
    private final Parallel parallel;
    private final WorkspacePool<double[]> workspaces;

    /** M given row-major (d×d, copied), stepped on the shared pool. */
    public LinearModel(double[] matrix, int dim) {
        this(matrix, dim, Parallel.common());
    }

    public LinearModel(double[] matrix, int dim, Parallel parallel) {
        Require.positive("dim", dim);
        if ((long) dim * dim > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("dim = " + dim + ": a dense d×d matrix must have at most 2^31 entries");
        Require.length("matrix", matrix, dim * dim);
        Require.allFinite("matrix", matrix);
        this.matrix = matrix.clone();
        this.dim = dim;
        this.parallel = Require.notNull("parallel", parallel);
        this.workspaces = new WorkspacePool<>(() -> new double[dim]);
    }

    /**
     * A random normal matrix with spectral radius (and 2-norm) exactly {@code spectralRadius}:
     * M = Q B Qᵀ with Q Haar-orthogonal (Gram–Schmidt of a Gaussian matrix, signs fixed) and B block
     * diagonal with 2×2 blocks r_j·R(θ_j), a rotation by θ_j ~ U(0, π) scaled by r_j ~ U[ρ/2, ρ] with
     * r₁ = ρ (and, for odd d, a last 1×1 block r). Its eigenvalues are r_j e^{±iθ_j}, so the dynamics rotate
     * and contract; seeded, platform-independent.
     */
    public static LinearModel randomStable(int dim, long seed, double spectralRadius) {
        Require.positive("dim", dim);
        Require.positive("spectralRadius", spectralRadius);
        UniformRandomProvider rng = new RandomStreams(seed).stream(RandomStreams.Purpose.AUXILIARY);
        double[] q = randomOrthogonal(dim, new Gaussian(rng));
        double[] b = new double[dim * dim];
        for (int j = 0; j + 1 < dim; j += 2) {
            double r = j == 0 ? spectralRadius : spectralRadius * (0.5 + 0.5 * rng.nextDouble());
            double theta = Math.PI * rng.nextDouble();
            double c = r * Math.cos(theta), s = r * Math.sin(theta);
            b[j * dim + j] = c;
            b[j * dim + j + 1] = -s;
            b[(j + 1) * dim + j] = s;
            b[(j + 1) * dim + j + 1] = c;
        }
        if (dim % 2 == 1) b[dim * dim - 1] = dim == 1 ? spectralRadius : spectralRadius * (0.5 + 0.5 * rng.nextDouble());
        // M = Q B Qᵀ
        double[] qb = multiply(q, b, dim, false);
        return new LinearModel(multiply(qb, q, dim, true), dim);
    }

    /** The 2-D rotation by {@code angle} (the Rotation2D test problem uses angle = 2πU). */
    public static LinearModel rotation(double angle) {
        Require.finite("angle", angle);
        double c = Math.cos(angle), s = Math.sin(angle);
        return new LinearModel(new double[] {c, -s, s, c}, 2);
    }

    /** Columns of a Gaussian matrix, Gram–Schmidt-orthonormalized twice: a Haar-distributed orthogonal Q. */
    private static double[] randomOrthogonal(int d, Gaussian g) {
        double[] q = new double[d * d];
        for (int k = 0; k < q.length; k++) q[k] = g.next();
        for (int j = 0; j < d; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int l = 0; l < j; l++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) dot += q[i * d + l] * q[i * d + j];
                    for (int i = 0; i < d; i++) q[i * d + j] -= dot * q[i * d + l];
                }
            }
            double norm = 0;
            for (int i = 0; i < d; i++) norm += q[i * d + j] * q[i * d + j];
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) q[i * d + j] /= norm;
        }
        return q;
    }

    /** a·b, or a·bᵀ when {@code transposeB}, for d×d row-major matrices. */
    private static double[] multiply(double[] a, double[] b, int d, boolean transposeB) {
        double[] c = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += a[i * d + k] * (transposeB ? b[j * d + k] : b[k * d + j]);
                c[i * d + j] = s;
            }
        return c;
    }

    /** A copy of M, row-major. */
    public double[] matrix() {
        return matrix.clone();
    }

    /** M[i][j]. */
    public double entry(int i, int j) {
        return matrix[i * dim + j];
    }

    /** out[outOff..+d) = M x[xOff..+d); out must not overlap x. */
    public void apply(double[] x, int xOff, double[] out, int outOff) {
        int d = dim;
        for (int i = 0; i < d; i++) out[outOff + i] = dot(matrix, i * d, x, xOff, d);
    }

    /** Σ a[ao+k]·b[bo+k] with four accumulators. */
    private static double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += a[ao + k] * b[bo + k];
            s1 += a[ao + k + 1] * b[bo + k + 1];
            s2 += a[ao + k + 2] * b[bo + k + 2];
            s3 += a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < n; k++) s0 += a[ao + k] * b[bo + k];
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double dt() {
        return 1;
    }

    @Override
    public void advance(Ensemble ensemble, double t0, int steps) {
        DriftModel.checkEnsemble(ensemble, dim, describe());
        Require.finite("t0", t0);
        Require.atLeast("steps", steps, 0);
        if (steps == 0) return;
        double[] data = ensemble.data();
        long perMember = Math.max(1, (long) dim * dim * steps);
        int grain = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (BLOCK_WORK + perMember - 1) / perMember));
        parallel.forRange(ensemble.members(), grain, (block, from, to) -> {
            double[] y = workspaces.acquire();
            try {
                for (int m = from; m < to; m++) {
                    for (int s = 0; s < steps; s++) {
                        apply(data, m * dim, y, 0);
                        System.arraycopy(y, 0, data, m * dim, dim);
                    }
                }
            } finally {
                workspaces.release(y);
            }
        });
    }

    @Override
    public String describe() {
        return "linear(d=" + dim + ")";
    }
}
