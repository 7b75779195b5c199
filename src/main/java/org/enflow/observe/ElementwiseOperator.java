package org.enflow.observe;

import java.util.Arrays;

/**
 * The canonical form of every built-in operator and of any composition of them:
 *
 * <pre>
 *   h_l(x) = f_m(… f_1(x_{s(l)}) …)   if output l is observed,
 *   h_l(x) = 0                       if it is masked,
 * </pre>
 *
 * i.e. a selection s (identity when {@code source == null}), a 0/1 mask on the outputs, then a chain of
 * scalar maps. Selections and 0/1 masks commute with every {@link ScalarMap} (each has f(0) = 0), so
 * {@code select ∘ f = f ∘ select} and any composition of built-ins collapses into this form
 * ({@link #then}). Evaluation then needs no intermediate vectors: {@code apply} gathers into y and runs
 * the maps in place; {@code adjoint} carries (value, accumulated slope) through the maps per element,
 * in blocks of {@link #BLOCK} held in a per-thread scratch array allocated once.
 *
 * <p>Immutable, so thread-safe; no allocation per call.
 */
final class ElementwiseOperator implements ObservationOperator {
    /** Elements per adjoint block: 2 × 512 doubles = 8 KiB of scratch, well inside L1. */
    static final int BLOCK = 512;

    /** Per-thread scratch: 2 blocks for adjoint, 5 for adjointResidualBlock. */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[5 * BLOCK]);
    private static final ScalarMap[] NO_MAPS = new ScalarMap[0];

    private final int inputDim;
    private final int outputDim;
    /** Output l reads input source[l]; null means source[l] = l (and outputDim = inputDim). */
    private final int[] source;
    /** observed[l] false means output l is identically 0; null means all observed. */
    private final boolean[] observed;
    /**
     * The same mask as bit patterns, −1L (observed) or 0L: masking is x's bits AND keep[l], exactly x or
     * +0.0 without a branch (a random mask makes a branch unpredictable: 3–4× slower).
     */
    private final long[] keep;
    private final ScalarMap[] maps;
    private final String description;

    private ElementwiseOperator(int inputDim, int[] source, boolean[] observed, ScalarMap[] maps, String description) {
        this.inputDim = inputDim;
        this.source = isIdentity(source, inputDim) ? null : source;
        this.outputDim = source == null ? inputDim : source.length;
        this.observed = allTrue(observed) ? null : observed;
        if (this.observed == null) this.keep = null;
        else {
            this.keep = new long[this.observed.length];
            for (int l = 0; l < keep.length; l++) keep[l] = this.observed[l] ? -1L : 0L;
        }
        this.maps = maps;
        this.description = description;
        if (this.observed != null && countTrue(this.observed) == 0)
            throw new IllegalArgumentException(description + ": every output is masked, so nothing is observed");
    }

    /** f applied to every component (f == null: identity). */
    static ElementwiseOperator pointwise(int dim, ScalarMap f, String description) {
        return new ElementwiseOperator(dim, null, null, f == null ? NO_MAPS : new ScalarMap[] {f}, description);
    }

    /** y_l = x_{indices[l]}; indices must be in range and distinct (checked here). */
    static ElementwiseOperator selection(int dim, int[] indices, String description) {
        if (indices == null || indices.length == 0)
            throw new IllegalArgumentException(description + ": expected at least one index");
        boolean[] seen = new boolean[dim];
        for (int l = 0; l < indices.length; l++) {
            int k = indices[l];
            if (k < 0 || k >= dim)
                throw new IllegalArgumentException(description + ": index " + k + " (entry " + l + ") is outside [0, " + dim + ")");
            if (seen[k]) throw new IllegalArgumentException(description + ": index " + k + " appears twice");
            seen[k] = true;
        }
        return new ElementwiseOperator(dim, indices.clone(), null, NO_MAPS, description);
    }

    /** y_k = m_k x_k with m_k ∈ {0, 1}; at least one entry must be observed. */
    static ElementwiseOperator mask(boolean[] mask, String description) {
        if (mask == null || mask.length == 0) throw new IllegalArgumentException(description + ": expected a non-empty mask");
        return new ElementwiseOperator(mask.length, null, mask.clone(), NO_MAPS, description);
    }

    /** This operator followed by {@code outer}: outer ∘ this, again in canonical form. */
    ElementwiseOperator then(ElementwiseOperator outer) {
        if (outer.inputDim != outputDim)
            throw new IllegalArgumentException("cannot apply '" + outer.description + "' (input dimension " + outer.inputDim
                    + ") after '" + description + "' (output dimension " + outputDim + ")");
        int p = outer.outputDim;
        // Output l of the composition reads intermediate j = outer.s(l), which reads input this.s(j).
        int[] src = null;
        if (outer.source != null || source != null) {
            src = new int[p];
            for (int l = 0; l < p; l++) src[l] = sourceOf(outer.sourceOf(l));
        }
        // Masked intermediates are exactly 0 and f(0) = 0, so they stay 0 through outer's maps.
        boolean[] obs = null;
        if (outer.observed != null || observed != null) {
            obs = new boolean[p];
            for (int l = 0; l < p; l++) obs[l] = outer.isObserved(l) && isObserved(outer.sourceOf(l));
        }
        ScalarMap[] chain = Arrays.copyOf(maps, maps.length + outer.maps.length);
        System.arraycopy(outer.maps, 0, chain, maps.length, outer.maps.length);
        return new ElementwiseOperator(inputDim, src, obs, chain, description + ">" + outer.description);
    }

    private int sourceOf(int l) {
        return source == null ? l : source[l];
    }

    private boolean isObserved(int l) {
        return observed == null || observed[l];
    }

    @Override
    public int inputDim() {
        return inputDim;
    }

    @Override
    public int outputDim() {
        return outputDim;
    }

    @Override
    public void apply(double[] x, int xOff, double[] y, int yOff) {
        checkSpan("x", x, xOff, inputDim);
        checkSpan("y", y, yOff, outputDim);
        int p = outputDim;
        if (source == null && observed == null) {
            if (maps.length == 0) {
                System.arraycopy(x, xOff, y, yOff, p);
                return;
            }
            maps[0].map(x, xOff, y, yOff, p);
            for (int j = 1; j < maps.length; j++) maps[j].map(y, yOff, y, yOff, p);
            return;
        }
        gather(x, xOff, y, yOff, 0, p);
        for (ScalarMap f : maps) f.map(y, yOff, y, yOff, p);
    }

    @Override
    public void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff) {
        checkSpan("x", x, xOff, inputDim);
        checkSpan("r", r, rOff, outputDim);
        checkSpan("out", out, outOff, inputDim);
        int m = maps.length;
        if (source == null && observed == null && m <= 1) {
            if (m == 0) System.arraycopy(r, rOff, out, outOff, inputDim);
            else maps[0].scaleBySlope(x, xOff, r, rOff, out, outOff, inputDim);
            return;
        }
        // Selected-away inputs get 0; with source == null every input is written by the scatter below.
        if (source != null) Arrays.fill(out, outOff, outOff + inputDim, 0.0);
        double[] s = SCRATCH.get(); // values in [0, BLOCK), accumulated slope·r in [BLOCK, 2·BLOCK)
        for (int l0 = 0; l0 < outputDim; l0 += BLOCK) {
            int n = Math.min(BLOCK, outputDim - l0);
            gather(x, xOff, s, 0, l0, n);
            gatherResidual(r, rOff, s, BLOCK, l0, n);
            for (int j = 0; j < m - 1; j++) maps[j].advance(s, 0, s, BLOCK, n);
            if (m > 0) maps[m - 1].scaleBySlope(s, 0, s, BLOCK, s, BLOCK, n);
            scatter(s, BLOCK, out, outOff, l0, n);
        }
    }

    /**
     * Every canonical form is componentwise: output l is f(x_{s(l)}) with distinct s(l) (or identically 0
     * when masked), so the likelihood gradient at state component c needs only x_c.
     */
    @Override
    public boolean isComponentwise() {
        return true;
    }

    /**
     * out_c = h'(x_c)·w_l·(y_l − h(x_c)) for the output l observing component c, 0 where no output (or only
     * a masked one) does; c in [from, to), x_c at {@code x[xOff + c − from]}. Values and slopes are carried
     * through the map chain with {@link ScalarMap#advance} in blocks of {@link #BLOCK}.
     */
    @Override
    public void adjointResidualBlock(double[] x, int xOff, int from, int to, double[] y, double[] w, double[] out,
                                     int outOff) {
        if (from < 0 || to > inputDim || from > to)
            throw new IllegalArgumentException("component range [" + from + ", " + to + ") is outside [0, " + inputDim + ")");
        checkSpan("x", x, xOff, to - from);
        checkSpan("out", out, outOff, to - from);
        checkSpan("y", y, 0, outputDim);
        checkSpan("w", w, 0, outputDim);
        int n = to - from;
        double[] s = SCRATCH.get(); // x → h in [0, B), h' in [B, 2B), y in [2B, 3B), w in [3B, 4B), result in [4B, 5B)
        if (source == null && observed == null && maps.length == 0) { // identity: w(y − x), on the scratch (see below)
            for (int c0 = 0; c0 < n; c0 += BLOCK) {
                int len = Math.min(BLOCK, n - c0);
                System.arraycopy(x, xOff + c0, s, 0, len);
                System.arraycopy(y, from + c0, s, 2 * BLOCK, len);
                System.arraycopy(w, from + c0, s, 3 * BLOCK, len);
                for (int i = 0; i < len; i++) s[4 * BLOCK + i] = s[3 * BLOCK + i] * (s[2 * BLOCK + i] - s[i]);
                System.arraycopy(s, 4 * BLOCK, out, outOff + c0, len);
            }
            return;
        }
        if (source == null && observed == null && maps.length == 1) {
            // Pointwise f (the common case). Every loop runs on the scratch at constant offsets: C2 (JDK 17)
            // vectorizes those, but not loops over different arrays at unrelated offsets.
            ScalarMap f = maps[0];
            if (f.adjointResidual(x, xOff, y, from, w, from, out, outOff, n)) return; // a fused kernel (arctan)
            for (int c0 = 0; c0 < n; c0 += BLOCK) {
                int len = Math.min(BLOCK, n - c0);
                System.arraycopy(x, xOff + c0, s, 0, len);
                Arrays.fill(s, BLOCK, BLOCK + len, 1.0);
                f.advance(s, 0, s, BLOCK, len);
                System.arraycopy(y, from + c0, s, 2 * BLOCK, len);
                System.arraycopy(w, from + c0, s, 3 * BLOCK, len);
                for (int i = 0; i < len; i++) s[4 * BLOCK + i] = s[BLOCK + i] * (s[3 * BLOCK + i] * (s[2 * BLOCK + i] - s[i]));
                System.arraycopy(s, 4 * BLOCK, out, outOff + c0, len);
            }
            return;
        }
        int[] outputOf = source == null ? null : outputOf();
        for (int c0 = from; c0 < to; c0 += BLOCK) {
            int len = Math.min(BLOCK, to - c0);
            int xo = xOff + (c0 - from), oo = outOff + (c0 - from);
            System.arraycopy(x, xo, s, 0, len);
            Arrays.fill(s, BLOCK, BLOCK + len, 1.0);
            for (ScalarMap f : maps) f.advance(s, 0, s, BLOCK, len);
            if (outputOf == null && observed == null) {
                for (int i = 0; i < len; i++) out[oo + i] = s[BLOCK + i] * w[c0 + i] * (y[c0 + i] - s[i]);
            } else {
                for (int i = 0; i < len; i++) {
                    int l = outputOf == null ? c0 + i : outputOf[c0 + i];
                    out[oo + i] = l < 0 || !isObserved(l) ? 0.0 : s[BLOCK + i] * w[l] * (y[l] - s[i]);
                }
            }
        }
    }

    /** Aligned exactly when there is no selection: output l reads x_l (masked outputs are identically 0). */
    @Override
    public boolean isAligned() {
        return source == null;
    }

    /** The steps of {@link #apply} on outputs [from, to): copy (and mask), then the maps in place, element by element. */
    @Override
    public void applyBlock(double[] x, int xOff, int from, int to, double[] y, int yOff) {
        if (source != null) throw new UnsupportedOperationException(description + " selects components: it is not aligned; use apply");
        if (from < 0 || to > inputDim || from > to)
            throw new IllegalArgumentException("component range [" + from + ", " + to + ") is outside [0, " + inputDim + ")");
        int n = to - from;
        checkSpan("x", x, xOff, n);
        checkSpan("y", y, yOff, n);
        if (observed == null && maps.length > 0) {
            maps[0].map(x, xOff, y, yOff, n);
            for (int j = 1; j < maps.length; j++) maps[j].map(y, yOff, y, yOff, n);
            return;
        }
        if (x != y || xOff != yOff) System.arraycopy(x, xOff, y, yOff, n);
        if (keep != null) applyMask(y, yOff, from, n);
        for (ScalarMap f : maps) f.map(y, yOff, y, yOff, n);
    }

    /** The inverse of the selection: outputOf[c] = l with s(l) = c, or −1; built once, on first use. */
    private int[] outputOf() {
        int[] inv = inverse;
        if (inv == null) {
            inv = new int[inputDim];
            Arrays.fill(inv, -1);
            for (int l = 0; l < outputDim; l++) inv[source[l]] = l;
            inverse = inv; // benign race: every thread computes the same array
        }
        return inv;
    }

    private volatile int[] inverse;

    /** dst[dOff + i] = x_{s(l0+i)}, or 0 where output l0+i is masked. */
    private void gather(double[] x, int xOff, double[] dst, int dOff, int l0, int n) {
        if (source == null) System.arraycopy(x, xOff + l0, dst, dOff, n);
        else for (int i = 0; i < n; i++) dst[dOff + i] = x[xOff + source[l0 + i]];
        if (keep != null) applyMask(dst, dOff, l0, n);
    }

    private void gatherResidual(double[] r, int rOff, double[] dst, int dOff, int l0, int n) {
        System.arraycopy(r, rOff + l0, dst, dOff, n);
        if (keep != null) applyMask(dst, dOff, l0, n);
    }

    private void applyMask(double[] a, int off, int l0, int n) {
        long[] k = keep;
        for (int i = 0; i < n; i++)
            a[off + i] = Double.longBitsToDouble(Double.doubleToRawLongBits(a[off + i]) & k[l0 + i]);
    }

    /** out[s(l0+i)] = g[gOff + i]: the transpose of the gather (indices are distinct). */
    private void scatter(double[] g, int gOff, double[] out, int outOff, int l0, int n) {
        if (source == null) System.arraycopy(g, gOff, out, outOff + l0, n);
        else for (int i = 0; i < n; i++) out[outOff + source[l0 + i]] = g[gOff + i];
    }

    @Override
    public double[] positions() {
        double[] pos = new double[outputDim];
        for (int l = 0; l < outputDim; l++) pos[l] = sourceOf(l);
        return pos;
    }

    @Override
    public double[] likelihoodWeights() {
        double[] w = new double[outputDim];
        for (int l = 0; l < outputDim; l++) w[l] = isObserved(l) ? 1.0 : 0.0;
        return w;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    /** The input index each output reads (a copy). */
    int[] sourceIndices() {
        int[] s = new int[outputDim];
        for (int l = 0; l < outputDim; l++) s[l] = sourceOf(l);
        return s;
    }

    /** Number of scalar maps in the chain (for tests). */
    int mapCount() {
        return maps.length;
    }

    static void checkSpan(String name, double[] a, int off, int len) {
        if (a == null) throw new IllegalArgumentException(name + " is null");
        if (off < 0 || off > a.length - len)
            throw new IllegalArgumentException(name + ": offset " + off + " + length " + len + " exceeds array length " + a.length);
    }

    private static boolean isIdentity(int[] source, int dim) {
        if (source == null) return true;
        if (source.length != dim) return false;
        for (int l = 0; l < dim; l++) if (source[l] != l) return false;
        return true;
    }

    private static boolean allTrue(boolean[] mask) {
        if (mask == null) return true;
        for (boolean b : mask) if (!b) return false;
        return true;
    }

    private static int countTrue(boolean[] mask) {
        int c = 0;
        for (boolean b : mask) if (b) c++;
        return c;
    }
}
