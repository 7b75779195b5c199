package org.enflow.learn;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.kernel.Exp;
import org.enflow.kernel.Require;

/**
 * A multilayer perceptron on flat arrays: layer l maps n_l inputs to n_{l+1} outputs by
 * z = a·W_l + b_l, with SiLU a = z·σ(z) on every hidden layer and no activation on the output layer.
 *
 * <p><b>Parameters</b> live in one flat {@code double[]} ({@link #parameters()}), layer by layer: W_l as
 * n_l × n_{l+1} row-major (input index major), then b_l. A gradient array has the same layout. After
 * changing the parameters call {@link #parametersChanged()}, which refreshes the transposed copies of the
 * weights that the backward pass reads.
 *
 * <p><b>Batches</b> are row-major: {@code rows} inputs of n_0 values. {@link #forward} keeps what
 * {@link #backward} needs in a caller-owned {@link Workspace} (one per thread); neither allocates. All
 * products go through {@link MatMul}, whose per-element summation order is fixed, and σ uses the library's
 * deterministic {@link Exp}: a row's outputs and gradients do not depend on the thread, the batch split or
 * the JIT state.
 *
 * <p><b>Cost</b> per row: forward 2P_w flops (P_w = Σ n_l n_{l+1} weights) plus n_hidden exponentials;
 * backward 2P_w for the weight gradient and 2P_w for the input gradients (the first layer's input
 * gradient only when asked for). See {@link #trainingFlopsPerRow()}.
 */
public final class Mlp {
    private final int[] sizes;
    private final int[] weightOffset, biasOffset;
    private final int parameterCount;
    private final int maxWidth;
    private final double[] parameters;
    private final double[] transposed;

    /**
     * @param sizes n_0 (inputs), the hidden widths, and the output count: at least two entries, all &gt; 0
     */
    public Mlp(int... sizes) {
        Require.notNull("sizes", sizes);
        if (sizes.length < 2) throw new IllegalArgumentException("sizes has " + sizes.length + " entries: expected at least 2 (inputs and outputs)");
        for (int l = 0; l < sizes.length; l++) Require.positive("sizes[" + l + "]", sizes[l]);
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        weightOffset = new int[layers];
        biasOffset = new int[layers];
        long off = 0;
        int width = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = (int) off;
            off += (long) sizes[l] * sizes[l + 1];
            biasOffset[l] = (int) off;
            off += sizes[l + 1];
            if (off > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("sizes " + Arrays.toString(sizes) + ": too many parameters");
        }
        for (int s : sizes) width = Math.max(width, s);
        parameterCount = (int) off;
        maxWidth = width;
        parameters = new double[parameterCount];
        transposed = new double[parameterCount];
    }

    /** Layer widths n_0 … n_L (a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    public int inputs() {
        return sizes[0];
    }

    public int outputs() {
        return sizes[sizes.length - 1];
    }

    /** Number of weight layers L. */
    public int layers() {
        return sizes.length - 1;
    }

    public int parameterCount() {
        return parameterCount;
    }

    /** Offset of W_l in the parameter array. */
    public int weightOffset(int layer) {
        return weightOffset[layer];
    }

    /** Offset of b_l in the parameter array. */
    public int biasOffset(int layer) {
        return biasOffset[layer];
    }

    /** The live parameter array (see the class comment); call {@link #parametersChanged()} after writing it. */
    public double[] parameters() {
        return parameters;
    }

    /** Copies {@code values} into the parameters (length {@link #parameterCount()}, all finite). */
    public void setParameters(double[] values) {
        Require.allFinite("parameters", Require.length("parameters", values, parameterCount));
        System.arraycopy(values, 0, parameters, 0, parameterCount);
        parametersChanged();
    }

    /** Refreshes the transposed weights; call after any change of {@link #parameters()}. */
    public void parametersChanged() {
        for (int l = 0; l < layers(); l++) {
            int in = sizes[l], out = sizes[l + 1], o = weightOffset[l];
            for (int i = 0; i < in; i++)
                for (int j = 0; j < out; j++) transposed[o + j * in + i] = parameters[o + i * out + j];
        }
    }

    /**
     * PyTorch's default initialization of a linear layer: W and b uniform on ±1/√n_in, drawn in parameter
     * order from {@code rng}.
     */
    public void initialize(UniformRandomProvider rng) {
        Require.notNull("rng", rng);
        for (int l = 0; l < layers(); l++) {
            double bound = 1 / Math.sqrt(sizes[l]);
            for (int p = weightOffset[l], end = biasOffset[l] + sizes[l + 1]; p < end; p++)
                parameters[p] = bound * (2 * rng.nextDouble() - 1);
        }
        parametersChanged();
    }

    /** Flops of one row through {@link #forward}: 2 per weight (multiply and add) plus 2 per bias and hidden unit. */
    public long forwardFlopsPerRow() {
        long f = 0;
        for (int l = 0; l < layers(); l++) f += 2L * sizes[l] * sizes[l + 1];
        return f;
    }

    /**
     * Flops of one training row (forward, weight gradient, input gradients of every layer but the first):
     * 2P_w + 2P_w + 2(P_w − n_0 n_1), counting only the multiply-adds of the products (the documented
     * GFLOP/s count of the training benchmark).
     */
    public long trainingFlopsPerRow() {
        long w = forwardFlopsPerRow();
        return 3 * w - 2L * sizes[0] * sizes[1];
    }

    /** Buffers for batches of up to {@code maxRows} rows. */
    public Workspace newWorkspace(int maxRows) {
        return new Workspace(this, Require.positive("maxRows", maxRows));
    }

    /**
     * Runs {@code rows} inputs {@code in[inOff ..]} (row-major, n_0 each) through the network. Returns the
     * workspace's output array: row r's outputs at {@code [r·n_L, (r+1)·n_L)}. The workspace keeps what a
     * following {@link #backward} needs.
     */
    public double[] forward(double[] in, int inOff, int rows, Workspace w) {
        checkWorkspace(w, rows);
        int n0 = sizes[0];
        if (inOff < 0 || (long) inOff + (long) rows * n0 > in.length)
            throw new IllegalArgumentException("in.length = " + in.length + ": expected at least inOff + rows * inputs = "
                    + inOff + " + " + rows + " * " + n0);
        System.arraycopy(in, inOff, w.activation[0], 0, rows * n0);
        w.rows = rows;
        for (int l = 0; l < layers(); l++) layerForward(l, rows, w);
        return w.activation[layers()];
    }

    private void layerForward(int l, int rows, Workspace w) {
        int in = sizes[l], out = sizes[l + 1];
        double[] a = w.activation[l], z = w.activation[l + 1];
        int b = biasOffset[l];
        for (int r = 0; r < rows; r++) System.arraycopy(parameters, b, z, r * out, out);
        MatMul.multiplyAdd(rows, out, in, a, 0, in, 1, parameters, weightOffset[l], out, z, 0, out);
        if (l + 1 < layers()) silu(z, w.preActivation[l + 1], w.sigmoid[l + 1], rows * out);
    }

    /** In place: a = z·σ(z); keeps z and σ(z) for the backward pass. */
    private static void silu(double[] a, double[] z, double[] sigmoid, int n) {
        System.arraycopy(a, 0, z, 0, n);
        for (int i = 0; i < n; i++) sigmoid[i] = -z[i];
        Exp.inPlace(sigmoid, 0, n);
        for (int i = 0; i < n; i++) {
            double s = 1 / (1 + sigmoid[i]);
            sigmoid[i] = s;
            a[i] = z[i] * s;
        }
    }

    /**
     * Back-propagates {@code dOut} (∂loss/∂output for the rows of the last {@link #forward}, row-major
     * n_L each) through the network.
     *
     * @param gradient  if not null, ∂loss/∂parameters is ADDED to it (parameter layout)
     * @param dIn       if not null, the first {@code dInCols} columns of ∂loss/∂input are written to it,
     *                  row r at {@code dIn[dInOff + r·dInCols ..]}
     */
    public void backward(double[] dOut, int dOutOff, Workspace w, double[] gradient, double[] dIn, int dInOff, int dInCols) {
        Require.notNull("w", w);
        if (w.owner != this) throw new IllegalArgumentException("workspace belongs to another network");
        int rows = w.rows;
        if (rows <= 0) throw new IllegalStateException("backward before forward");
        int nL = outputs();
        if (dOutOff < 0 || (long) dOutOff + (long) rows * nL > dOut.length)
            throw new IllegalArgumentException("dOut.length = " + dOut.length + ": expected at least dOutOff + rows * outputs");
        if (gradient != null) Require.length("gradient", gradient, parameterCount);
        if (dIn != null) {
            if (dInCols < 1 || dInCols > sizes[0])
                throw new IllegalArgumentException("dInCols = " + dInCols + ": expected 1.." + sizes[0]);
            if (dInOff < 0 || (long) dInOff + (long) rows * dInCols > dIn.length)
                throw new IllegalArgumentException("dIn.length = " + dIn.length + ": expected at least dInOff + rows * dInCols");
        }
        double[] delta = w.deltaA, next = w.deltaB;
        System.arraycopy(dOut, dOutOff, delta, 0, rows * nL);
        for (int l = layers() - 1; l >= 0; l--) {
            int in = sizes[l], out = sizes[l + 1];
            if (gradient != null) {
                MatMul.multiplyAdd(in, out, rows, w.activation[l], 0, 1, in, delta, 0, out, gradient, weightOffset[l], out);
                int b = biasOffset[l];
                for (int r = 0; r < rows; r++) {
                    int o = r * out;
                    for (int j = 0; j < out; j++) gradient[b + j] += delta[o + j];
                }
            }
            if (l == 0 && dIn == null) break;
            Arrays.fill(next, 0, rows * in, 0.0);
            MatMul.multiplyAdd(rows, in, out, delta, 0, out, 1, transposed, weightOffset[l], in, next, 0, in);
            if (l > 0) {
                double[] z = w.preActivation[l], s = w.sigmoid[l];
                for (int i = 0, n = rows * in; i < n; i++) next[i] *= s[i] * (1 + z[i] * (1 - s[i]));
            } else {
                for (int r = 0; r < rows; r++) System.arraycopy(next, r * in, dIn, dInOff + r * dInCols, dInCols);
            }
            double[] t = delta;
            delta = next;
            next = t;
        }
    }

    private void checkWorkspace(Workspace w, int rows) {
        Require.notNull("w", w);
        if (w.owner != this) throw new IllegalArgumentException("workspace belongs to another network");
        if (rows < 1 || rows > w.maxRows)
            throw new IllegalArgumentException("rows = " + rows + ": expected 1.." + w.maxRows + " (the workspace's size)");
    }

    /** Per-thread buffers of one network for batches of up to {@code maxRows} rows. */
    public static final class Workspace {
        private final Mlp owner;
        private final int maxRows;
        /** activation[0] = input copy; activation[l] for l ≥ 1 = layer l−1's output (after SiLU when hidden). */
        private final double[][] activation, preActivation, sigmoid;
        private final double[] deltaA, deltaB;
        private int rows;

        private Workspace(Mlp owner, int maxRows) {
            this.owner = owner;
            this.maxRows = maxRows;
            int n = owner.sizes.length;
            activation = new double[n][];
            preActivation = new double[n][];
            sigmoid = new double[n][];
            for (int l = 0; l < n; l++) {
                activation[l] = new double[maxRows * owner.sizes[l]];
                boolean hidden = l > 0 && l < n - 1;
                preActivation[l] = hidden ? new double[maxRows * owner.sizes[l]] : null;
                sigmoid[l] = hidden ? new double[maxRows * owner.sizes[l]] : null;
            }
            deltaA = new double[maxRows * owner.maxWidth];
            deltaB = new double[maxRows * owner.maxWidth];
        }

        public int maxRows() {
            return maxRows;
        }
    }
}
