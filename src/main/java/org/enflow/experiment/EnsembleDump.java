package org.enflow.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.enflow.ensemble.Ensemble;
import org.enflow.observe.Observation;
import org.enflow.kernel.Require;

/**
 * Writes the analysis ensemble of chosen cycles ({@code enflow run --dump-ensemble K}) to the output
 * directory: {@code ensemble-K.csv} (member, weight, x0 … x(d−1)), with a reference posterior also
 * {@code reference-K.csv} (the K reference points W2 used), the truth as {@code truth-K.csv}, and
 * {@code ensemble-K.png}, a scatter of two chosen components ({@link EnsemblePlot}): for Lorenz-63
 * observed through z, x against z shows whether both wings of the posterior stay populated.
 */
public final class EnsembleDump implements CycleListener {
    private final Path dir;
    private final Set<Integer> cycles;
    private final int xComponent, yComponent;
    private final String title;
    private double[] reference;
    private int referenceCycle = -1, referencePoints;

    /**
     * @param cycles      the cycles to dump (0-based)
     * @param xComponent  state component on the plot's horizontal axis
     * @param yComponent  state component on the vertical axis
     * @param title       the plot title's prefix (the setup)
     */
    public EnsembleDump(Path dir, Set<Integer> cycles, int xComponent, int yComponent, String title) {
        this.dir = Require.notNull("dir", dir);
        this.cycles = new TreeSet<>(Require.notNull("cycles", cycles));
        Require.atLeast("x component", xComponent, 0);
        Require.atLeast("y component", yComponent, 0);
        this.xComponent = xComponent;
        this.yComponent = yComponent;
        this.title = title == null ? "" : title;
    }

    /** The file name of cycle k's ensemble with the given extension ("csv" or "png"). */
    public static String fileName(String what, int cycle, String extension) {
        return what + "-" + cycle + "." + extension;
    }

    @Override
    public void onReference(ReferenceRecord record, Ensemble referenceSample) {
        if (!cycles.contains(record.cycle())) return;
        reference = referenceSample.data().clone();
        referencePoints = referenceSample.members();
        referenceCycle = record.cycle();
    }

    @Override
    public void onCycle(CycleRecord record, double[] truth, Observation observation, Ensemble analysis, double[] weights) {
        int k = record.cycle();
        if (!cycles.contains(k)) return;
        int n = analysis.members(), d = analysis.dim();
        if (xComponent >= d || yComponent >= d)
            throw new IllegalArgumentException("--plot-components " + xComponent + "," + yComponent + ": expected components < d = " + d);
        try {
            Files.createDirectories(dir);
            writeRows(dir.resolve(fileName("ensemble", k, "csv")), analysis.data(), n, d, weights);
            writeRows(dir.resolve(fileName("truth", k, "csv")), truth, 1, d, null);
            boolean withReference = referenceCycle == k;
            if (withReference) writeRows(dir.resolve(fileName("reference", k, "csv")), reference, referencePoints, d, null);
            EnsemblePlot.write(dir.resolve(fileName("ensemble", k, "png")),
                    String.format(Locale.ROOT, "%s, cycle %d (t = %.4g)", title, k, record.time()),
                    analysis.data(), n, weights, withReference ? reference : null, withReference ? referencePoints : 0,
                    truth, d, xComponent, yComponent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ensemble of cycle " + k + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeRows(Path file, double[] x, int count, int d, double[] weights) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder("member,weight");
            for (int j = 0; j < d; j++) sb.append(",x").append(j);
            w.write(sb.append('\n').toString());
            for (int i = 0; i < count; i++) {
                sb.setLength(0);
                sb.append(i).append(',').append(weights == null ? 1.0 / count : weights[i]);
                for (int j = 0; j < d; j++) sb.append(',').append(x[i * d + j]);
                w.write(sb.append('\n').toString());
            }
        }
    }
}
