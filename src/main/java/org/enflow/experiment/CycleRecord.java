package org.enflow.experiment;

/**
 * The scores and timings of one assimilation cycle. Scores that were not computed are NaN: the forecast
 * time of cycle 0 (no forecast precedes the first analysis) and the energy score when N·N·d is too large.
 *
 * @param cycle            cycle index k, from 0
 * @param time             model time since the first analysis, k·obsEvery·dt
 * @param nfe              field evaluations the filter reported for this analysis (0 if it reports none)
 */
public record CycleRecord(int cycle, double time, double rmseForecast, double rmseAnalysis,
                          double spreadForecast, double spreadAnalysis, double crpsAnalysis,
                          double energyScoreAnalysis, double forecastSeconds, double analysisSeconds, long nfe) {}
