package org.enflow.ensemble;

import org.enflow.kernel.Require;

/**
 * N members of a d-dimensional state in one flat, member-major {@code double[]}: member i occupies
 * {@code [i*d, (i+1)*d)}. The array is exposed on purpose: kernels, models and filters work on it
 * directly, with no copies and no per-step allocation.
 */
public final class Ensemble {
    private final int members;
    private final int dim;
    private final double[] data;

    /** A zero-filled ensemble. */
    public Ensemble(int members, int dim) {
        Require.positive("members", members);
        Require.positive("dim", dim);
        long size = (long) members * dim;
        if (size > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("members * dim = " + size + ": expected at most " + (Integer.MAX_VALUE - 16)
                    + " doubles in one ensemble");
        this.members = members;
        this.dim = dim;
        this.data = new double[(int) size];
    }

    private Ensemble(int members, int dim, double[] data) {
        this.members = members;
        this.dim = dim;
        this.data = data;
    }

    /** Wraps a caller-owned array (not copied); its length must be {@code members * dim}. */
    public static Ensemble wrap(int members, int dim, double[] data) {
        Require.positive("members", members);
        Require.positive("dim", dim);
        Require.notNull("data", data);
        if ((long) members * dim != data.length)
            throw new IllegalArgumentException("data.length = " + data.length + ": expected members * dim = "
                    + members + " * " + dim + " = " + (long) members * dim);
        return new Ensemble(members, dim, data);
    }

    public int members() {
        return members;
    }

    public int dim() {
        return dim;
    }

    /** The backing array, member-major. */
    public double[] data() {
        return data;
    }

    /** Offset of member i's first component in {@link #data()}. */
    public int offset(int member) {
        return member * dim;
    }

    public double get(int member, int component) {
        return data[member * dim + component];
    }

    public void set(int member, int component, double value) {
        data[member * dim + component] = value;
    }

    /** Copies member i into {@code out[0..d)}. */
    public void getMember(int member, double[] out) {
        checkMember(member);
        Require.length("out", out, dim);
        System.arraycopy(data, member * dim, out, 0, dim);
    }

    /** Overwrites member i with {@code state[0..d)}. */
    public void setMember(int member, double[] state) {
        checkMember(member);
        Require.length("state", state, dim);
        System.arraycopy(state, 0, data, member * dim, dim);
    }

    public void copyFrom(Ensemble other) {
        Require.notNull("other", other);
        if (other.members != members || other.dim != dim)
            throw new IllegalArgumentException("other is " + other.members + " x " + other.dim + ": expected "
                    + members + " x " + dim);
        System.arraycopy(other.data, 0, data, 0, data.length);
    }

    public Ensemble copy() {
        return new Ensemble(members, dim, data.clone());
    }

    /**
     * {@link #requireFinite(String)} with the scan shared out over blocks on {@code parallel}: a block only
     * notes that it saw a non-finite value, and the serial scan then names the first one, so the message does not
     * depend on the thread count. (Serial, the two checks of a KDE analysis at N = 20, d = 10⁵ were some 3 ms of a
     * 400 ms two-thread analysis.)
     */
    public void requireFinite(String name, org.enflow.kernel.Parallel parallel) {
        Require.notNull("parallel", parallel);
        if (!Require.isFinite(parallel, data, data.length)) requireFinite(name);
    }

    /** Throws if any entry is NaN or infinite, naming the member and component. */
    public void requireFinite(String name) {
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k]))
                throw new IllegalArgumentException(name + " member " + k / dim + " component " + k % dim + " = " + data[k]
                        + ": expected a finite number");
        }
    }

    private void checkMember(int member) {
        if (member < 0 || member >= members)
            throw new IllegalArgumentException("member = " + member + ": expected 0 <= member < " + members);
    }

    @Override
    public String toString() {
        return "Ensemble[" + members + " x " + dim + "]";
    }
}
