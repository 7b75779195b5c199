package org.enflow.filter.classical;

import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;
import org.enflow.kernel.Parallel;

/** Hyperparameter keys shared by the classical filters, with their parsing rules. */
final class Keys {
    static final String INFLATION = "inflation";
    static final String ROTATE = "rotate";
    static final String LOC_RADIUS = "loc_radius";
    static final String CENTER_PERTURBATIONS = "center_perturbations";
    static final String RESAMPLER = "resampler";
    static final String RESAMPLE_THRESHOLD = "resample_threshold";
    static final String JITTER = "jitter";

    static final FilterParameter INFLATION_PARAM = new FilterParameter(INFLATION, "1.0",
            "multiplicative inflation s of the analysis anomalies, x_i <- mean + s (x_i - mean)");
    static final FilterParameter ROTATE_PARAM = new FilterParameter(ROTATE, "false",
            "random mean-preserving rotation of the analysis anomalies every cycle (DAPPER rot=True)");

    private Keys() {}

    /** "inf", "infinity" or "none" mean no localization (+∞); otherwise a number > 0 (DAPPER loc_rad). */
    static double locRadius(FilterSettings s) {
        String v = s.string(LOC_RADIUS).trim();
        if (v.equalsIgnoreCase("inf") || v.equalsIgnoreCase("infinity") || v.equalsIgnoreCase("none"))
            return Double.POSITIVE_INFINITY;
        double r;
        try {
            r = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--set " + LOC_RADIUS + "=" + v + ": expected a number > 0 or inf");
        }
        if (!(r > 0)) throw new IllegalArgumentException("--set " + LOC_RADIUS + "=" + v + ": expected a number > 0 or inf");
        return r;
    }

    static Parallel parallel(FilterContext c) {
        return c.parallel() == null ? Parallel.common() : c.parallel();
    }

    static int members(int n) {
        if (n < 2) throw new IllegalArgumentException("members = " + n + ": expected at least 2 for an ensemble filter");
        return n;
    }
}
