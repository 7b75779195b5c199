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

    public static <T> T notNull(String name, T value) {
        if (value == null) throw new IllegalArgumentException(name + " is null");
        return value;
    }
}
