package org.enflow.observe;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;

/**
 * The built-in observation operators of models.md §6, their composition, and the spec grammar of the
 * CLI ({@link #parse}, {@link #help}).
 *
 * <p>Every operator returned here is immutable, thread-safe and allocation-free per call. Elementwise
 * maps, selections and masks of any composition collapse into one canonical operator (select/mask, then
 * a chain of scalar maps evaluated in place), so compositions of built-ins need no intermediate vectors;
 * a composition involving a user operator keeps per-thread intermediate buffers instead.
 *
 * <p>{@link ObservationOperator#describe()} of an operator built here is its spec in the grammar of
 * {@link #parse} (stages in application order joined by '&gt;'), except for explicitly given masks and
 * selections of more than {@value #LISTED_INDICES} indices, which are summarized.
 */
public final class Operators {
    /** Selections with more indices than this are described by their size, not their full list. */
    static final int LISTED_INDICES = 32;

    private Operators() {}

    /** y = x. */
    public static ObservationOperator identity(int dim) {
        return ElementwiseOperator.pointwise(Require.positive("dim", dim), null, "identity");
    }

    /**
     * y_k = atan(x_k), (J_hᵀr)_k = r_k / (1 + x_k²). atan is the library's own kernel (within 2 ulp, SIMD
     * with the Vector API, bit-identical to its scalar twin), not Math.atan: see {@link ArcTanScalar}.
     */
    public static ObservationOperator arctan(int dim) {
        return pointwise(dim, new ScalarMap.ArcTan());
    }

    /** y_k = tanh(x_k), (J_hᵀr)_k = r_k (1 − tanh² x_k). */
    public static ObservationOperator tanh(int dim) {
        return pointwise(dim, new ScalarMap.Tanh());
    }

    /** y_k = x_k², (J_hᵀr)_k = 2 x_k r_k. */
    public static ObservationOperator square(int dim) {
        return pointwise(dim, new ScalarMap.Square());
    }

    /** y_k = x_k^p for an integer p ≥ 1, (J_hᵀr)_k = p x_k^(p−1) r_k. */
    public static ObservationOperator power(int dim, int p) {
        Require.atLeast("p", p, 1);
        return pointwise(dim, new ScalarMap.Power(p));
    }

    /**
     * y_k = sign(x_k)|x_k|^p for a real p &gt; 0, (J_hᵀr)_k = p|x_k|^(p−1) r_k. For p &lt; 1 the slope at
     * x_k = 0 is infinite; it is reported as 0 there (see {@link ScalarMap.SignedPower}).
     */
    public static ObservationOperator signedPower(int dim, double p) {
        Require.positive("p", p);
        return pointwise(dim, new ScalarMap.SignedPower(p));
    }

    /** y_k = |x_k|, (J_hᵀr)_k = sign(x_k) r_k with sign(0) = 0. */
    public static ObservationOperator abs(int dim) {
        return pointwise(dim, new ScalarMap.Abs());
    }

    /** y_k = c·x_k, (J_hᵀr)_k = c·r_k, for a finite c (a change of units, e.g. before {@link #arctan}). */
    public static ObservationOperator scale(int dim, double c) {
        Require.finite("c", c);
        return pointwise(dim, new ScalarMap.Scale(c));
    }

    private static ObservationOperator pointwise(int dim, ScalarMap f) {
        return ElementwiseOperator.pointwise(Require.positive("dim", dim), f, f.spec());
    }

    /**
     * y_l = x_{indices[l]}, l &lt; indices.length; the adjoint scatters r_l into position indices[l].
     * Indices must lie in [0, dim) and be distinct; their order is the order of the outputs.
     */
    public static ObservationOperator select(int dim, int... indices) {
        Require.positive("dim", dim);
        Require.notNull("indices", indices);
        return ElementwiseOperator.selection(dim, indices, selectSpec(indices));
    }

    /** Every k-th component from an offset: S = {o, o + k, o + 2k, …} ∩ [0, dim), 0-based. */
    public static ObservationOperator every(int dim, int k, int offset) {
        Require.positive("dim", dim);
        Require.positive("k", k);
        if (offset < 0 || offset >= dim)
            throw new IllegalArgumentException("offset = " + offset + ": expected an index in [0, " + dim + ")");
        int[] s = new int[(dim - 1 - offset) / k + 1];
        for (int l = 0; l < s.length; l++) s[l] = offset + l * k;
        return ElementwiseOperator.selection(dim, s, offset == 0 ? "every:" + k : "every:" + k + ":" + offset);
    }

    /** The single component x_index. */
    public static ObservationOperator component(int dim, int index) {
        Require.positive("dim", dim);
        if (index < 0 || index >= dim)
            throw new IllegalArgumentException("index = " + index + ": expected an index in [0, " + dim + ")");
        return ElementwiseOperator.selection(dim, new int[] {index}, "component:" + index);
    }

    /**
     * Zero mask y_k = m_k x_k with m_k ∈ {true = 1, false = 0}: unobserved outputs are identically 0,
     * their likelihood weight is 0 (see {@link ObservationOperator#likelihoodWeights()}). At least one
     * entry must be true. The output dimension is the full dim, positions are 0..dim−1.
     */
    public static ObservationOperator zeroMask(boolean[] mask) {
        Require.notNull("mask", mask);
        return ElementwiseOperator.mask(mask, maskSummary(mask));
    }

    /** Zero mask from a 0/1 vector; any other entry (including NaN) is rejected. */
    public static ObservationOperator zeroMask(double[] mask) {
        Require.notNull("mask", mask);
        boolean[] m = new boolean[mask.length];
        for (int k = 0; k < mask.length; k++) {
            if (mask[k] != 0.0 && mask[k] != 1.0)
                throw new IllegalArgumentException("mask[" + k + "] = " + mask[k] + ": expected 0 or 1");
            m[k] = mask[k] == 1.0;
        }
        return zeroMask(m);
    }

    /**
     * The upstream "random subset" (RandomDimensions(p)) in its ZeroMask form: each component observed
     * with probability p, independently, drawn once from rng (one {@code nextDouble()} per component,
     * in order; component k observed iff the draw is &lt; p). For classical filters use
     * {@link #randomSubset}, which draws the same set.
     */
    public static ObservationOperator randomMask(int dim, double p, UniformRandomProvider rng) {
        boolean[] m = bernoulli(dim, p, rng, "mask:" + p);
        return ElementwiseOperator.mask(m, "mask:" + p);
    }

    /**
     * The same random subset as {@link #randomMask} with the same rng state, in the Select form: only the
     * observed components are outputs (in increasing order), so positions are their true grid indices.
     */
    public static ObservationOperator randomSubset(int dim, double p, UniformRandomProvider rng) {
        boolean[] m = bernoulli(dim, p, rng, "subset:" + p);
        int count = 0;
        for (boolean b : m) if (b) count++;
        int[] s = new int[count];
        for (int k = 0, l = 0; k < dim; k++) if (m[k]) s[l++] = k;
        return ElementwiseOperator.selection(dim, s, "subset:" + p);
    }

    private static boolean[] bernoulli(int dim, double p, UniformRandomProvider rng, String spec) {
        Require.positive("dim", dim);
        Require.notNull("rng", rng);
        if (!(p > 0 && p <= 1)) throw new IllegalArgumentException("p = " + p + ": expected a probability in (0, 1]");
        boolean[] m = new boolean[dim];
        boolean any = false;
        for (int k = 0; k < dim; k++) {
            m[k] = rng.nextDouble() < p;
            any |= m[k];
        }
        if (!any)
            throw new IllegalArgumentException(spec + " on dim " + dim + " drew no observed component; use a larger p");
        return m;
    }

    /**
     * h = h_m ∘ … ∘ h_1 with the stages given in application order (stages[0] = h_1 acts on the state
     * first), as the '&gt;' of the spec grammar. Checks that each stage's input dimension equals the
     * previous stage's output dimension. Runs of built-in stages collapse into one canonical operator.
     */
    public static ObservationOperator chain(ObservationOperator... stages) {
        Require.notNull("stages", stages);
        if (stages.length == 0) throw new IllegalArgumentException("stages is empty: expected at least one operator");
        List<ObservationOperator> flat = new ArrayList<>();
        for (int j = 0; j < stages.length; j++) {
            ObservationOperator h = stages[j];
            if (h == null) throw new IllegalArgumentException("stages[" + j + "] is null");
            if (h instanceof OperatorChain) flat.addAll(List.of(((OperatorChain) h).stages()));
            else flat.add(h);
        }
        for (int j = 1; j < flat.size(); j++) {
            ObservationOperator inner = flat.get(j - 1), outer = flat.get(j);
            if (outer.inputDim() != inner.outputDim())
                throw new IllegalArgumentException("cannot apply '" + outer.describe() + "' (input dimension "
                        + outer.inputDim() + ") after '" + inner.describe() + "' (output dimension " + inner.outputDim() + ")");
        }
        List<ObservationOperator> merged = new ArrayList<>();
        for (ObservationOperator h : flat) {
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last) instanceof ElementwiseOperator && h instanceof ElementwiseOperator)
                merged.set(last, ((ElementwiseOperator) merged.get(last)).then((ElementwiseOperator) h));
            else merged.add(h);
        }
        if (merged.size() == 1) return merged.get(0);
        return new OperatorChain(merged.toArray(new ObservationOperator[0]));
    }

    /**
     * Parses an operator spec for a state of dimension {@code dim}; the grammar is {@link #help()}.
     * Random masks and subsets draw from {@code streams.stream(AUXILIARY)} (one stream per call, consumed
     * left to right), so the same seed gives the same mask; {@code streams} may be null when the spec has
     * none. Errors are IllegalArgumentExceptions that name the spec, the stage and the valid forms.
     */
    public static ObservationOperator parse(String spec, int dim, RandomStreams streams) {
        return OperatorSpec.parse(spec, dim, streams);
    }

    /** The spec grammar, one line each, for {@code enflow list}. */
    public static List<String> help() {
        return OperatorSpec.help();
    }

    static String selectSpec(int[] indices) {
        if (indices.length > LISTED_INDICES) return "select(" + indices.length + " indices)";
        StringBuilder sb = new StringBuilder("select:");
        for (int l = 0; l < indices.length; l++) sb.append(l == 0 ? "" : ",").append(indices[l]);
        return sb.toString();
    }

    private static String maskSummary(boolean[] mask) {
        int c = 0;
        for (boolean b : mask) if (b) c++;
        return "mask(" + c + " of " + mask.length + ")";
    }
}
