package org.enflow.kernel;

/**
 * Argument checks for public entry points. Every failure names the argument, the value and what was
 * expected, so bad input never reaches a kernel as a silent NaN or an index error deep inside a loop.
 */
public final class Require {
    private Require() {}

    public static int positive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException(name + " = " + value + ": expected a positive integer");
        return value;
    }

    public static int atLeast(String name, int value, int min) {
        if (value < min) throw new IllegalArgumentException(name + " = " + value + ": expected an integer >= " + min);
        return value;
    }

    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value))
            throw new IllegalArgumentException(name + " = " + value + ": expected a finite number > 0");
        return value;
    }

    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value))
            throw new IllegalArgumentException(name + " = " + value + ": expected a finite number >= 0");
        return value;
    }

    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) throw new IllegalArgumentException(name + " = " + value + ": expected a finite number");
        return value;
    }

    public static double inRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi))
            throw new IllegalArgumentException(name + " = " + value + ": expected a number in [" + lo + ", " + hi + "]");
        return value;
    }

    public static double[] length(String name, double[] array, int expected) {
        if (array == null) throw new IllegalArgumentException(name + " is null: expected an array of length " + expected);
        if (array.length != expected)
            throw new IllegalArgumentException(name + ".length = " + array.length + ": expected " + expected);
        return array;
    }

    /** Checks that every entry is finite; reports the first offending index. */
    public static double[] allFinite(String name, double[] array) {
        if (array == null) throw new IllegalArgumentException(name + " is null: expected an array of finite numbers");
        for (int i = 0; i < array.length; i++) {
            if (!Double.isFinite(array[i]))
                throw new IllegalArgumentException(name + "[" + i + "] = " + array[i] + ": expected a finite number");
        }
        return array;
    }

    /**
     * Whether a[from, to) holds no NaN or ±∞: one multiply-add per value (x·0 is NaN exactly for NaN and ±∞), no
     * branch per value, so the loop vectorizes and can be fused into a pass that touches the values anyway. Callers
     * that must name the bad value scan again only when this says false.
     */
    public static boolean isFinite(double[] a, int from, int to) {
        double check = 0;
        for (int i = from; i < to; i++) check += a[i] * 0.0;
        return check == 0.0;
    }

    /** {@link #isFinite(double[], int, int)} of a[0, n), in blocks of 2¹⁶ values on {@code parallel}. */
    public static boolean isFinite(Parallel parallel, double[] a, int n) {
        boolean[] bad = {false};
        parallel.forRange(n, 1 << 16, (blk, from, to) -> {
            if (!isFinite(a, from, to)) bad[0] = true; // a benign race: only ever set to true
        });
        return !bad[0];
    }

    public static <T> T notNull(String name, T value) {
        if (value == null) throw new IllegalArgumentException(name + " is null");
        return value;
    }
}
