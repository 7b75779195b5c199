package org.enflow.experiment;

/**
 * The reference posterior's side of one assimilation cycle ({@code --reference}). Quantities that were
 * not computed are NaN (a cycle where the main filter diverged in the forecast; an effective sample size
 * of a reference filter that reports none).
 *
 * @param cycle          cycle index k, from 0
 * @param w2             W2 between the main filter's analysis ensemble and the reference's K-point subsample
 * @param w2Floor        W2 between N points drawn iid from the reference (by its weights) and the same K
 *                       points: what an exact posterior sampler of size N scores, up to the reference's error
 * @param rmseAnalysis   RMSE of the reference's (weighted) analysis mean against the truth
 * @param spreadAnalysis spread of the reference's (weighted) analysis ensemble
 * @param meanError      RMS over components of (main filter analysis mean − reference analysis mean)
 * @param effectiveSize  the reference particle filter's N_eff = 1/Σw² before resampling, or NaN
 * @param seconds        wall-clock seconds of the reference's forecast and analysis in this cycle
 * @param w2Seconds      wall-clock seconds of the subsampling and the W2 computation
 */
public record ReferenceRecord(int cycle, double w2, double w2Floor, double rmseAnalysis, double spreadAnalysis, double meanError,
                              double effectiveSize, double seconds, double w2Seconds) {
    /** A cycle without reference scores. */
    static ReferenceRecord missing(int cycle) {
        return new ReferenceRecord(cycle, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN);
    }
}
