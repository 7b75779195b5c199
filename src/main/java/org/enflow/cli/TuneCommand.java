package org.enflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.enflow.experiment.Catalog;
import org.enflow.experiment.CycleRecord;
import org.enflow.experiment.ExperimentConfig;
import org.enflow.experiment.GridSearch;
import org.enflow.experiment.ReferenceSpec;
import org.enflow.experiment.TuningMetric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code enflow tune}: a grid search over filter hyperparameters on the training seed. Takes every flag of
 * {@code run} (preset, model, filter, --set …); each {@code --grid KEY=V1,V2,...} adds an axis.
 */
@Command(name = "tune", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Grid search over filter hyperparameters: every combination of the --grid values is run as a twin "
                + "experiment on the configuration the other flags describe (its --seed is the training seed, default the "
                + "preset's tuning seed) and scored by --metric; prints a table and the best setting. With --out DIR the table "
                + "is also written to DIR/tune.csv (nothing is written without --out).",
            "Example: enflow tune --preset kde-l63-z --cycles 200 --grid sigma_x=0.2,0.4 --grid sigma_y=1,2,5"})
final class TuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    final RunCommand run;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2,...", required = true,
            description = "A filter hyperparameter and the values to try; repeatable (the grid is the product of all).")
    List<String> grids;

    @Option(names = "--metric", paramLabel = "NAME", defaultValue = "rmse",
            description = "Score to minimize: rmse (post-burn-in mean analysis RMSE, default), rmse_last50, or any numeric summary.json entry (crps, energy_score, w2 with --reference).")
    String metric;

    private final Catalog catalog;

    TuneCommand(Catalog catalog) {
        this.catalog = catalog;
        this.run = new RunCommand(catalog);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ExperimentConfig base = run.config();
        List<GridSearch.Axis> axes = new ArrayList<>();
        for (String g : grids) axes.add(GridSearch.Axis.parse(g));
        TuningMetric m = TuningMetric.byName(metric);
        ReferenceSpec reference = run.reference == null ? null : ReferenceSpec.parse(run.reference);
        int total = GridSearch.combinations(axes).size();
        Path csv = run.out == null ? null : run.out.resolve("tune.csv");
        if (csv != null) {
            try {
                Files.createDirectories(run.out);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("--out " + run.out + ": cannot create the directory (" + e.getMessage() + ")");
            }
        }

        out.println("enflow tune: " + base.describe());
        out.println("grid     " + total + " point" + (total == 1 ? "" : "s") + " on seed " + base.seed() + ", metric " + m.name()
                + " (" + m.description() + "; lower is better)");
        StringBuilder head = new StringBuilder();
        for (GridSearch.Axis a : axes) head.append(String.format(Locale.ROOT, "%-12s ", a.key()));
        head.append(String.format(Locale.ROOT, "%12s %10s %10s %9s", m.name(), "rmse", "spread", "s/cycle"));
        out.println(head);
        out.flush();
        List<String> lines = new ArrayList<>();
        lines.add(csvHeader(axes, m));
        GridSearch.Outcome outcome = GridSearch.run(base, axes, m, catalog, reference, p -> {
            out.println(row(p, axes));
            out.flush();
            lines.add(csvRow(p, axes));
        });
        if (csv != null) {
            try {
                Files.write(csv, lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("--out " + run.out + ": cannot write tune.csv (" + e.getMessage() + ")", e);
            }
        }
        if (outcome.best() == null) {
            spec.commandLine().getErr().println("enflow: error: every grid point diverged; no best setting");
            return Main.FAILURE;
        }
        StringBuilder best = new StringBuilder("best     ");
        for (Map.Entry<String, String> e : outcome.best().settings().entrySet())
            best.append("--set ").append(e.getKey()).append('=').append(e.getValue()).append(' ');
        best.append(String.format(Locale.ROOT, "(%s %.5g)", m.name(), outcome.best().score()));
        out.println(best);
        if (csv != null) out.println("results  " + csv);
        out.flush();
        return 0;
    }

    private static String row(GridSearch.Point p, List<GridSearch.Axis> axes) {
        StringBuilder s = new StringBuilder();
        for (GridSearch.Axis a : axes) s.append(String.format(Locale.ROOT, "%-12s ", p.settings().get(a.key())));
        if (p.diverged()) return s.append("diverged at cycle ").append(p.result().divergedAt()).toString();
        var r = p.result();
        s.append(String.format(Locale.ROOT, "%12.5g %10.5g %10.5g %9.3g", p.score(), r.mean(CycleRecord::rmseAnalysis),
                r.mean(CycleRecord::spreadAnalysis), r.meanSeconds(CycleRecord::analysisSeconds)));
        return s.toString();
    }

    private static String csvHeader(List<GridSearch.Axis> axes, TuningMetric m) {
        StringBuilder s = new StringBuilder();
        for (GridSearch.Axis a : axes) s.append(a.key()).append(',');
        return s.append("score_").append(m.name()).append(",rmse,spread,analysis_seconds,diverged_at").toString();
    }

    private static String csvRow(GridSearch.Point p, List<GridSearch.Axis> axes) {
        StringBuilder s = new StringBuilder();
        for (GridSearch.Axis a : axes) s.append(p.settings().get(a.key())).append(',');
        var r = p.result();
        return s.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d", p.score(), r.mean(CycleRecord::rmseAnalysis),
                r.mean(CycleRecord::spreadAnalysis), r.meanSeconds(CycleRecord::analysisSeconds), r.divergedAt())).toString();
    }
}
