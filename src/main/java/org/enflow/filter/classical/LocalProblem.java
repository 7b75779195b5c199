package org.enflow.filter.classical;

/**
 * Read-only inputs shared by the LETKF's local analyses of one cycle, plus the output array. Each local
 * analysis reads the columns of its grid points and the rows of its local observations and writes only
 * its own grid points' components, so groups run concurrently without coordination.
 */
final class LocalProblem {
    int n, d, p;
    /** Anomalies A, N×d member-major. */
    double[] anomalies;
    /** Forecast mean x̄, length d. */
    double[] mean;
    /** Whitened observation anomalies Ŷ = (h(x_i) − ȳ) R^{-1/2}, N×p member-major. */
    double[] whitened;
    /** Whitened innovation d̂ = (y − ȳ) R^{-1/2}, length p. */
    double[] innovation;
    /** Observation positions wrapped into [0, period). */
    double[] positions;
    /** Period of the grid (the state dimension). */
    double period;
    /** Gaspari–Cohn half-width c (+∞: no localization). */
    double halfWidth;
    /** Tapers at or below this are treated as zero (not local). */
    double cutoff;
    /** Multiplicative inflation of the analysis anomalies, folded into the local update. */
    double inflation;
    /** Output: the analysis ensemble, N×d member-major. */
    double[] out;
}
