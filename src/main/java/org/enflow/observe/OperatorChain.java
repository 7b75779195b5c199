package org.enflow.observe;

/**
 * h = h_m ∘ … ∘ h_1 for stages that cannot be collapsed into an {@link ElementwiseOperator} (user
 * implementations). {@code apply} runs the stages left to right through intermediate vectors;
 * {@code adjoint} recomputes those intermediates (each Jacobian is taken at its own input) and then runs
 * right to left: J_hᵀr = J_1ᵀ(x) J_2ᵀ(z_1) … J_mᵀ(z_{m−1}) r.
 *
 * <p>The intermediates live in a per-thread workspace allocated on a thread's first call, so calls
 * allocate nothing afterwards and concurrent calls from different threads never share buffers. The
 * stages themselves must be thread-safe (the {@link ObservationOperator} contract).
 */
final class OperatorChain implements ObservationOperator {
    private final ObservationOperator[] stages;
    /** Per thread: forward[j] = output of stage j (j &lt; m−1), backward[j] = J_{j+1}ᵀ(…) of the same size. */
    private final ThreadLocal<double[][][]> workspace;
    private final String description;

    OperatorChain(ObservationOperator[] stages) {
        if (stages.length < 2) throw new IllegalArgumentException("a chain needs at least two stages, got " + stages.length);
        for (int j = 1; j < stages.length; j++) {
            if (stages[j].inputDim() != stages[j - 1].outputDim())
                throw new IllegalArgumentException("cannot apply '" + stages[j].describe() + "' (input dimension "
                        + stages[j].inputDim() + ") after '" + stages[j - 1].describe() + "' (output dimension "
                        + stages[j - 1].outputDim() + ")");
        }
        this.stages = stages.clone();
        StringBuilder sb = new StringBuilder(stages[0].describe());
        for (int j = 1; j < stages.length; j++) sb.append('>').append(stages[j].describe());
        this.description = sb.toString();
        this.workspace = ThreadLocal.withInitial(() -> {
            int m = this.stages.length;
            double[][] forward = new double[m - 1][];
            double[][] backward = new double[m - 1][];
            for (int j = 0; j < m - 1; j++) {
                forward[j] = new double[this.stages[j].outputDim()];
                backward[j] = new double[this.stages[j].outputDim()];
            }
            return new double[][][] {forward, backward};
        });
    }

    @Override
    public int inputDim() {
        return stages[0].inputDim();
    }

    @Override
    public int outputDim() {
        return stages[stages.length - 1].outputDim();
    }

    @Override
    public void apply(double[] x, int xOff, double[] y, int yOff) {
        double[][] forward = workspace.get()[0];
        int last = forward(x, xOff, forward);
        stages[last].apply(last == 0 ? x : forward[last - 1], last == 0 ? xOff : 0, y, yOff);
    }

    /** Runs stages 0..m−2 into forward[]; returns m−1, the index of the stage still to apply. */
    private int forward(double[] x, int xOff, double[][] forward) {
        int m = stages.length;
        stages[0].apply(x, xOff, forward[0], 0);
        for (int j = 1; j < m - 1; j++) stages[j].apply(forward[j - 1], 0, forward[j], 0);
        return m - 1;
    }

    @Override
    public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
        double[][][] ws = workspace.get();
        double[][] forward = ws[0];
        double[][] backward = ws[1];
        int m = stages.length;
        forward(x, xOff, forward);
        // backward[j] = J_{j+1}(forward[j])ᵀ … r, the residual pulled back to stage j's output.
        stages[m - 1].adjoint(forward[m - 2], 0, r, rOff, backward[m - 2], 0);
        for (int j = m - 2; j >= 1; j--) stages[j].adjoint(forward[j - 1], 0, backward[j], 0, backward[j - 1], 0);
        stages[0].adjoint(x, xOff, backward[0], 0, out, outOff);
    }

    /**
     * The last stage's positions traced back through earlier stages while they are integer indices of
     * the previous stage's outputs: exact for selections and elementwise maps, and the position of a
     * user stage's own output otherwise.
     */
    @Override
    public double[] positions() {
        int m = stages.length;
        double[] pos = stages[m - 1].positions();
        boolean[] traced = new boolean[pos.length]; // true once pos[l] is no longer an index one stage up
        for (int j = m - 2; j >= 0; j--) {
            double[] inner = stages[j].positions();
            for (int l = 0; l < pos.length; l++) {
                double q = pos[l];
                if (!traced[l] && q == Math.rint(q) && q >= 0 && q < inner.length) pos[l] = inner[(int) q];
                else traced[l] = true;
            }
        }
        return pos;
    }

    /**
     * The last stage's weights: an output it declares identically zero stays so. A mask in an earlier
     * user stage cannot be traced through an arbitrary later stage, so it is not reflected here.
     */
    @Override
    public double[] likelihoodWeights() {
        return stages[stages.length - 1].likelihoodWeights();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    /** The stages in application order (a copy). */
    ObservationOperator[] stages() {
        return stages.clone();
    }
}
