package org.enflow.filter.generative;

/** The prior-score estimator of EnSF (ensf.md §3); the two give different ensembles. */
public enum PriorScore {
    /**
     * The full-ensemble softmax score: the exact score of (1/N)Σ_j N(α_t x^f_j, β_t² I),
     * s = Σ_j w_j (α_t x^f_j − z)/β_t² (EnFF repository). O(N²d) per step.
     */
    MIXTURE,
    /** Member-paired single-sample score: particle i sees only member i, s = (α_t x^f_i − z_i)/β_t² (official EnSF code). */
    PAIRED
}
