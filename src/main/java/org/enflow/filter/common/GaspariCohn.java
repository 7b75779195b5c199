package org.enflow.filter.common;

import org.enflow.kernel.Require;

/**
 * The Gaspari–Cohn (1999) fifth-order piecewise-rational taper: compactly supported on [0, 2c],
 * twice continuously differentiable, positive definite on the line and the circle.
 *
 * <p>Radius convention (DAPPER and enff-code): a user-facing localization radius {@code loc_rad} means
 * the half-width c = {@value #DAPPER_FACTOR}·loc_rad, so the support is 2c = 3.64·loc_rad and the taper at
 * distance loc_rad is 0.634. The factor √(10/3) ≈ 1.826 matches the curvature at 0 of
 * exp(−d²/(2 loc_rad²)). Every API here states whether it takes loc_rad or c.
 */
public final class GaspariCohn {
    /** c = {@code DAPPER_FACTOR}·loc_rad. */
    public static final double DAPPER_FACTOR = 1.82;
    /** Tapers at or below this value count as "not local" (DAPPER; enff-code uses 1e-6). */
    public static final double DAPPER_CUTOFF = 1e-3;

    private GaspariCohn() {}

    /** The half-width c for a DAPPER-convention radius {@code locRadius} (> 0; may be +∞ for no localization). */
    public static double halfWidth(double locRadius) {
        if (!(locRadius > 0))
            throw new IllegalArgumentException("loc_radius = " + locRadius + ": expected a number > 0 (or infinity for none)");
        return DAPPER_FACTOR * locRadius;
    }

    /** GC as a function of r = distance / c, r ≥ 0. */
    public static double ofRatio(double r) {
        if (r <= 1) {
            double r2 = r * r;
            // 1 − 5/3 r² + 5/8 r³ + 1/2 r⁴ − 1/4 r⁵, Horner in r after the constant.
            return 1 + r2 * (-5.0 / 3 + r * (5.0 / 8 + r * (0.5 - 0.25 * r)));
        }
        if (r < 2) {
            // 4 − 5r + 5/3 r² + 5/8 r³ − 1/2 r⁴ + 1/12 r⁵ − 2/(3r)
            return 4 + r * (-5 + r * (5.0 / 3 + r * (5.0 / 8 + r * (-0.5 + r / 12)))) - 2.0 / (3 * r);
        }
        return 0;
    }

    /** GC at {@code distance} for half-width {@code c} (c = +∞ gives 1 everywhere). */
    public static double taper(double distance, double c) {
        return ofRatio(Math.abs(distance) / c);
    }

    /** Distance beyond which the taper is ≤ {@code cutoff}, for half-width c (monotone decreasing on [0, 2c]). */
    public static double cutoffDistance(double c, double cutoff) {
        Require.inRange("cutoff", cutoff, 0, 1);
        if (Double.isInfinite(c)) return Double.POSITIVE_INFINITY;
        double lo = 0, hi = 2;
        for (int it = 0; it < 80; it++) {
            double mid = 0.5 * (lo + hi);
            if (ofRatio(mid) > cutoff) lo = mid;
            else hi = mid;
        }
        return hi * c;
    }

    /** Distance between positions a and b on a circle of the given period (+∞ period: the line). */
    public static double periodicDistance(double a, double b, double period) {
        double delta = Math.abs(a - b);
        if (Double.isInfinite(period)) return delta;
        delta = delta % period;
        return Math.min(delta, period - delta);
    }
}
