package org.enflow.filter.flowdas;

import java.util.LinkedHashMap;
import java.util.Map;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;
import org.enflow.learn.Mlp;

/**
 * A learned drift b_θ(s, x, x₀): an {@link Mlp} with SiLU hidden layers on the input features
 *
 * <pre>
 *   [x (d), x₀ (d), s, sin 2πks, cos 2πks for k = 1..K]       (2d + 1 + 2K numbers; flowdas.md §4: K = 4)
 * </pre>
 *
 * in normalized coordinates, with d outputs. Trained by {@link DriftTrainer}, stored by
 * {@link DriftFile}. The conditioning of a member is x₀ itself. The sines and cosines come from one
 * {@link StrictMath} pair and the angle-addition recurrence, so features are reproducible everywhere.
 */
public final class MlpDrift implements TransitionDrift {
    /** K of flowdas.md §4. */
    public static final int DEFAULT_FOURIER = 4;

    private final Mlp net;
    private final int dim, fourier;
    private final StochasticInterpolant interpolant;
    private final Normalization normalization;
    private final int stepsPerTransition;
    private final double dt;
    private final String model;
    private final Map<String, String> info;

    /**
     * @param net                 the network: {@link #inputs}(d, K) inputs, d outputs
     * @param stepsPerTransition  model steps between x₀ and x₁ in the training pairs
     * @param dt                  the model time step of the training pairs
     * @param model               a description of the model the pairs came from
     * @param info                free-form training facts (kept in the file), may be empty
     */
    public MlpDrift(Mlp net, int dim, int fourier, StochasticInterpolant interpolant, Normalization normalization,
                    int stepsPerTransition, double dt, String model, Map<String, String> info) {
        this.net = Require.notNull("net", net);
        this.dim = Require.positive("dim", dim);
        this.fourier = Require.atLeast("fourier", fourier, 0);
        if (net.inputs() != inputs(dim, fourier))
            throw new IllegalArgumentException("network inputs = " + net.inputs() + ": expected 2d + 1 + 2K = " + inputs(dim, fourier));
        if (net.outputs() != dim) throw new IllegalArgumentException("network outputs = " + net.outputs() + ": expected d = " + dim);
        this.interpolant = Require.notNull("interpolant", interpolant);
        this.normalization = Require.notNull("normalization", normalization);
        if (normalization.dim() != dim)
            throw new IllegalArgumentException("normalization dim = " + normalization.dim() + ": expected " + dim);
        this.stepsPerTransition = Require.positive("stepsPerTransition", stepsPerTransition);
        this.dt = Require.positive("dt", dt);
        this.model = model == null ? "" : model.strip();
        if (this.model.contains("\n")) throw new IllegalArgumentException("model description must be one line");
        this.info = new LinkedHashMap<>(info == null ? Map.of() : info);
    }

    /** Inputs of the network for dimension d and K Fourier pairs: 2d + 1 + 2K. */
    public static int inputs(int dim, int fourier) {
        return 2 * dim + 1 + 2 * fourier;
    }

    /** A fresh (uninitialized) network of the given hidden widths for dimension d and K pairs. */
    public static Mlp network(int dim, int fourier, int... hidden) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = inputs(dim, fourier);
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = dim;
        return new Mlp(sizes);
    }

    /** One input row at {@code row[off ..]}: [x, x₀, s, sin 2πks, cos 2πks (k = 1..K)]. */
    public static void features(int dim, int fourier, double s, double[] x, int xOff, double[] x0, int x0Off, double[] row, int off) {
        System.arraycopy(x, xOff, row, off, dim);
        System.arraycopy(x0, x0Off, row, off + dim, dim);
        int f = off + 2 * dim;
        row[f] = s;
        if (fourier == 0) return;
        double theta = 2 * Math.PI * s, s1 = StrictMath.sin(theta), c1 = StrictMath.cos(theta);
        double sk = s1, ck = c1;
        for (int k = 0; k < fourier; k++) {
            row[f + 1 + k] = sk;
            row[f + 1 + fourier + k] = ck;
            double sn = sk * c1 + ck * s1, cn = ck * c1 - sk * s1;
            sk = sn;
            ck = cn;
        }
    }

    public Mlp network() {
        return net;
    }

    public int fourier() {
        return fourier;
    }

    public int stepsPerTransition() {
        return stepsPerTransition;
    }

    public double dt() {
        return dt;
    }

    /** The description of the model the training pairs came from. */
    public String model() {
        return model;
    }

    public Map<String, String> info() {
        return java.util.Collections.unmodifiableMap(info);
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public StochasticInterpolant interpolant() {
        return interpolant;
    }

    @Override
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public int conditionWidth() {
        return dim;
    }

    @Override
    public void condition(double[] x0, int members, double[] out, Parallel parallel) {
        System.arraycopy(x0, 0, out, 0, members * dim);
    }

    @Override
    public Evaluator evaluator(int maxRows) {
        return new NetworkEvaluator(Require.positive("maxRows", maxRows));
    }

    @Override
    public String describe() {
        int[] sizes = net.sizes();
        StringBuilder s = new StringBuilder("mlp(");
        for (int l = 0; l < sizes.length; l++) s.append(l == 0 ? "" : "-").append(sizes[l]);
        return s.append(", ").append(net.parameterCount()).append(" parameters)").toString();
    }

    private final class NetworkEvaluator implements Evaluator {
        private final Mlp.Workspace workspace;
        private final double[] rows;

        NetworkEvaluator(int maxRows) {
            workspace = net.newWorkspace(maxRows);
            rows = new double[maxRows * net.inputs()];
        }

        @Override
        public void drift(double s, double[] x, int xOff, int count, double[] cond, int condOff, double[] out, int outOff) {
            int n = net.inputs();
            features(dim, fourier, s, x, xOff, cond, condOff, rows, 0);
            // Rows differ only in x: copy the shared x₀ and time features from the first row.
            for (int r = 1; r < count; r++) {
                System.arraycopy(x, xOff + r * dim, rows, r * n, dim);
                System.arraycopy(rows, dim, rows, r * n + dim, n - dim);
            }
            double[] y = net.forward(rows, 0, count, workspace);
            System.arraycopy(y, 0, out, outOff, count * dim);
        }

        @Override
        public void adjoint(double[] g, int gOff, double[] out, int outOff) {
            net.backward(g, gOff, workspace, null, out, outOff, dim);
        }
    }
}
