package org.enflow.kernel;

/**
 * Bounds checks shared by the kernel facades: an array slice must exist before a kernel touches it, so a
 * bad offset or length is reported by name instead of surfacing as an index error deep inside a loop.
 */
final class Check {
    private Check() {}

    /** Requires {@code array[off .. off+len)} to exist. */
    static void slice(String name, double[] array, int off, long len) {
        if (array == null) throw new IllegalArgumentException(name + " is null");
        if (off < 0) throw new IllegalArgumentException(name + " offset = " + off + ": expected >= 0");
        if (len < 0) throw new IllegalArgumentException(name + " length = " + len + ": expected >= 0");
        if (off + len > array.length)
            throw new IllegalArgumentException(name + ".length = " + array.length + ": expected at least offset + length = "
                    + off + " + " + len + " = " + (off + len));
    }

    /** Requires a workspace of at least {@code len} doubles. */
    static void workspace(String name, double[] work, long len) {
        if (work == null) throw new IllegalArgumentException(name + " is null: expected a workspace of " + len + " doubles");
        if (work.length < len)
            throw new IllegalArgumentException(name + ".length = " + work.length + ": expected at least " + len + " doubles");
    }

    /** Requires {@code rows * cols} to fit an int index. */
    static long product(String what, int rows, int cols) {
        long p = (long) rows * cols;
        if (p > Integer.MAX_VALUE - 16) throw new IllegalArgumentException(what + " = " + rows + " * " + cols + " = " + p
                + ": expected at most " + (Integer.MAX_VALUE - 16) + " doubles in one array");
        return p;
    }
}
