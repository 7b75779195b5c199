package org.enflow.kernel;

import jdk.incubator.vector.DoubleVector;

/**
 * Horizontal sums in a fixed order. {@code reduceLanes(ADD)} is not used for sums: on JDK 25 its C2
 * code adds the lanes in another order than its Java fallback, so the same sum changes once the loop is
 * compiled, and a result would depend on JIT timing (and so on the thread count). Loaded only when the
 * Vector API is in use.
 */
final class Lanes {
    private Lanes() {}

    /** lane(0) + lane(1) + ... + lane(L-1), left to right. */
    static double sum(DoubleVector v) {
        double s = 0;
        for (int k = 0, n = v.length(); k < n; k++) s += v.lane(k);
        return s;
    }
}
