package org.enflow.experiment;

/** Time means of per-cycle series over cycle windows (protocol.md §1.6 and test oracle 6). */
public final class Windows {
    /** The tuning objective's window: the last 50 analysis cycles (upstream notebooks use 51). */
    public static final int LAST = 50;

    private Windows() {}

    /** Mean of {@code values[from..to)}; NaN when the window is empty or contains a NaN. */
    public static double mean(double[] values, int from, int to) {
        if (from < 0 || to > values.length || from > to)
            throw new IllegalArgumentException("window [" + from + ", " + to + "): expected 0 <= from <= to <= " + values.length);
        if (from == to) return Double.NaN;
        double s = 0;
        for (int k = from; k < to; k++) s += values[k];
        return s / (to - from);
    }

    /** Mean of the last {@code count} values (all of them when there are fewer). */
    public static double lastMean(double[] values, int count) {
        if (count <= 0) throw new IllegalArgumentException("count = " + count + ": expected a positive integer");
        return mean(values, Math.max(0, values.length - count), values.length);
    }
}
