package org.enflow.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an experiment's results to a directory: summary.json, cycles.csv and rmse.png. */
public final class ResultWriter {
    public static final String SUMMARY = "summary.json";
    public static final String CYCLES = "cycles.csv";
    public static final String PLOT = "rmse.png";
    /** The cycles.csv columns added by a reference posterior. */
    public static final String REFERENCE_COLUMNS = "w2,w2_floor,ref_rmse_a,ref_spread_a,ref_mean_error,ref_ess,ref_s,w2_s";

    private ResultWriter() {}

    /** Writes all three files into {@code dir} (created if needed). */
    public static void writeAll(ExperimentResult result, Path dir) {
        try {
            Files.createDirectories(dir);
            writeSummary(result, dir.resolve(SUMMARY));
            writeCycles(result, dir.resolve(CYCLES));
            RmsePlot.write(result, dir.resolve(PLOT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir + ": " + e.getMessage(), e);
        }
    }

    public static void writeSummary(ExperimentResult result, Path file) throws IOException {
        Files.writeString(file, Json.write(result.summary()), StandardCharsets.UTF_8);
    }

    /**
     * One row per cycle; quantities that were not computed (NaN) are empty fields. With a reference
     * posterior, {@link #REFERENCE_COLUMNS} follow (W2 to the reference, the W2 floor of an exact N-point
     * sampler, the reference's analysis RMSE and spread, the
     * RMS difference of the two analysis means, its N_eff, its seconds and those of W2).
     */
    public static void writeCycles(ExperimentResult result, Path file) throws IOException {
        ReferenceResult ref = result.reference();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("cycle,time,rmse_f,rmse_a,spread_f,spread_a,crps_a,es_a,forecast_s,analysis_s,nfe"
                    + (ref == null ? "" : "," + REFERENCE_COLUMNS) + "\n");
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < result.cycles().size(); k++) {
                CycleRecord r = result.cycles().get(k);
                sb.setLength(0);
                sb.append(r.cycle());
                for (double v : new double[] {r.time(), r.rmseForecast(), r.rmseAnalysis(), r.spreadForecast(),
                        r.spreadAnalysis(), r.crpsAnalysis(), r.energyScoreAnalysis(), r.forecastSeconds(),
                        r.analysisSeconds()}) {
                    sb.append(',');
                    if (Double.isFinite(v)) sb.append(v);
                }
                sb.append(',').append(r.nfe());
                if (ref != null) {
                    ReferenceRecord q = ref.cycles().get(k);
                    for (double v : new double[] {q.w2(), q.w2Floor(), q.rmseAnalysis(), q.spreadAnalysis(), q.meanError(),
                            q.effectiveSize(), q.seconds(), q.w2Seconds()}) {
                        sb.append(',');
                        if (Double.isFinite(v)) sb.append(v);
                    }
                }
                sb.append('\n');
                w.write(sb.toString());
            }
        }
    }
}
