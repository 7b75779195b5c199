package org.enflow.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.enflow.experiment.Catalog;
import org.enflow.experiment.CycleListener;
import org.enflow.experiment.CycleRecord;
import org.enflow.experiment.EnsembleDump;
import org.enflow.experiment.ExperimentConfig;
import org.enflow.experiment.ExperimentResult;
import org.enflow.experiment.InitialEnsemble;
import org.enflow.experiment.Presets;
import org.enflow.experiment.ReferenceRecord;
import org.enflow.experiment.ReferenceResult;
import org.enflow.experiment.ReferenceSpec;
import org.enflow.experiment.ResultWriter;
import org.enflow.experiment.TruthStart;
import org.enflow.experiment.TwinExperiment;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code enflow run}: one twin experiment, results to --out. */
@Command(name = "run", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Run a twin experiment: truth, synthetic observations, forecast/analysis cycles.",
            "Settings come from --preset (default " + Presets.DEFAULT + "); flags given explicitly override it. "
                + "Choosing another --model than the preset's switches to that model's defaults (dim, dt, forcing, "
                + "integrator, truth start, spin-up) before the flags apply.",
            "Writes summary.json, cycles.csv and rmse.png to --out (default runs/default)."})
final class RunCommand implements Callable<Integer> {
    static final Path DEFAULT_OUT = Path.of("runs", "default");

    private final Catalog catalog;

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME", description = "Named configuration (see enflow list).")
    String preset;
    @Option(names = "--model", paramLabel = "NAME", description = "Model name.")
    String model;
    @Option(names = "--dim", paramLabel = "D", description = "State dimension.")
    Integer dim;
    @Option(names = "--forcing", paramLabel = "F", description = "Lorenz-96 forcing.")
    Double forcing;
    @Option(names = "--dt", paramLabel = "DT", description = "Model time step.")
    Double dt;
    @Option(names = "--integrator", paramLabel = "NAME", description = "Time stepper (e.g. rk4, rk4_38).")
    String integrator;
    @Option(names = "--obs-every", paramLabel = "STEPS", description = "Model steps per assimilation cycle.")
    Integer obsEvery;
    @Option(names = "--obs", paramLabel = "SPEC", description = "Observation operator spec, e.g. identity, arctan, every:2:1>arctan.")
    String obs;
    @Option(names = "--obs-sigma", paramLabel = "SIGMA", description = "Observation noise standard deviation.")
    Double obsSigma;
    @Option(names = "--filter", paramLabel = "NAME", description = "Filter name (default " + Presets.DEFAULT_FILTER + ").")
    String filter;
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Filter hyperparameter; repeatable.")
    List<String> sets;
    @Option(names = "--members", paramLabel = "N", description = "Ensemble size (>= 2).")
    Integer members;
    @Option(names = "--cycles", paramLabel = "C", description = "Assimilation cycles (the first analysis uses the initial ensemble).")
    Integer cycles;
    @Option(names = "--burn-in", paramLabel = "B", description = "Cycles left out of the means (default min(cycles/5, 400)).")
    Integer burnIn;
    @Option(names = "--seed", paramLabel = "SEED", description = "Master seed (default " + Presets.TUNING_SEED + ").")
    Long seed;
    @Option(names = "--obs-seed", paramLabel = "SEED", description = "Seed of the observation noise only (default: --seed).")
    Long obsSeed;
    @Option(names = "--threads", paramLabel = "T", description = "Threads for model, filter and metrics (default: all processors).")
    Integer threads;
    @Option(names = "--spin-up", paramLabel = "STEPS", description = "Truth spin-up steps before the first cycle.")
    Integer spinUp;
    @Option(names = "--truth-start", paramLabel = "zero|reference", description = "Base of the truth's initial condition.")
    String truthStart;
    @Option(names = "--truth-spread", paramLabel = "SIGMA", description = "Std of the truth's initial perturbation.")
    Double truthSpread;
    @Option(names = "--init", paramLabel = "around-truth|standard-normal", description = "Centre of the initial ensemble.")
    String init;
    @Option(names = "--init-spread", paramLabel = "SIGMA0", description = "Std of the initial ensemble perturbation.")
    Double initSpread;
    @Option(names = "--process-noise", paramLabel = "Q", description = "Std of Gaussian noise added to the truth and every member after each model step (0: none).")
    Double processNoise;
    @Option(names = "--forecast-noise", paramLabel = "Q", description = "Std of Gaussian noise added to every forecast member once per cycle (truth stays noise-free; default 0).")
    Double forecastNoise;
    @Option(names = "--reference", paramLabel = "NAME:M[:k=v,...]",
            description = {"Also run a reference posterior, e.g. bpf:100000 (bootstrap PF, M particles, same truth and "
                    + "observations, own random streams) and report the W2 of the analysis ensemble to it every cycle "
                    + "(cycles.csv column w2; summary.json w2, w2_ref_rmse). Keys: the reference filter's settings, and "
                    + "w2_points=K (reference points per W2; default N, a multiple of N uses replication)."})
    String reference;
    @Option(names = "--dump-ensemble", paramLabel = "CYCLE", split = ",",
            description = "Write the analysis ensemble of these cycles (ensemble-K.csv, truth-K.csv, reference-K.csv, ensemble-K.png scatter).")
    List<Integer> dumpCycles;
    @Option(names = "--plot-components", paramLabel = "I,J", split = ",",
            description = "State components on the axes of ensemble-K.png (default 0 and d-1: x and z for Lorenz-63).")
    List<Integer> plotComponents;
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default runs/default).")
    Path out;
    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;
    @Option(names = "--debug", description = "Print stack traces of unexpected errors.")
    boolean debug;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    RunCommand(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The configuration the flags describe: preset, then the model's defaults if the model changed, then flags. */
    ExperimentConfig config() {
        for (Map.Entry<String, Double> e : Map.of("--forcing", nz(forcing), "--dt", nz(dt), "--obs-sigma", nz(obsSigma),
                "--truth-spread", nz(truthSpread), "--init-spread", nz(initSpread), "--forecast-noise", nz(forecastNoise), "--process-noise", nz(processNoise)).entrySet()) {
            if (!Double.isFinite(e.getValue()))
                throw new IllegalArgumentException(e.getKey() + " = " + e.getValue() + ": expected a finite number");
        }
        ExperimentConfig.Builder b = Presets.get(preset == null ? Presets.DEFAULT : preset).builder();
        if (model != null && !model.equalsIgnoreCase(b.model())) b.modelDefaults(catalog.modelDefaults(model));
        // A preset's filter settings belong to the preset's filter: another --filter starts from its own defaults.
        if (filter != null && !filter.equalsIgnoreCase(b.filter())) b.filterSettings(Map.of());
        ExperimentConfig.Builder flags = ExperimentConfig.builder().model(model).dim(dim).forcing(forcing).dt(dt)
                .integrator(integrator).obsEvery(obsEvery).observation(obs).obsSigma(obsSigma).filter(filter)
                .filterSettings(sets == null ? null : parseSets(sets)).members(members).cycles(cycles).burnIn(burnIn)
                .seed(seed).observationSeed(obsSeed).threads(threads).spinUp(spinUp).truthSpread(truthSpread)
                .initialSpread(initSpread).forecastNoise(forecastNoise).processNoise(processNoise)
                .truthStart(truthStart == null ? null : TruthStart.parse(truthStart))
                .initialEnsemble(init == null ? null : InitialEnsemble.parse(init));
        return b.override(flags).build();
    }

    /** The checked --dump-ensemble cycles and --plot-components; returns the two plot axes. */
    private int[] plotAxes(ExperimentConfig config) {
        if (dumpCycles != null) {
            for (Integer k : dumpCycles)
                if (k == null || k < 0 || k >= config.cycles())
                    throw new IllegalArgumentException("--dump-ensemble " + k + ": expected a cycle in [0, " + config.cycles() + ")");
        }
        int d = config.dim();
        if (plotComponents == null) return new int[] {0, d - 1};
        if (plotComponents.size() != 2)
            throw new IllegalArgumentException("--plot-components " + plotComponents + ": expected two components I,J");
        for (Integer j : plotComponents)
            if (j == null || j < 0 || j >= d)
                throw new IllegalArgumentException("--plot-components " + j + ": expected a component in [0, " + d + ")");
        return new int[] {plotComponents.get(0), plotComponents.get(1)};
    }

    /** A short reason for a file-system failure, without exception class names. */
    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "a file of that name exists";
        if (e instanceof java.nio.file.NoSuchFileException f) return "cannot create " + f.getFile();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return String.valueOf(e.getMessage());
    }

    private static double nz(Double v) {
        return v == null ? 0 : v;
    }

    /** KEY=VALUE pairs, split at the first '='; a later key wins. */
    static Map<String, String> parseSets(List<String> sets) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0 || s.substring(0, eq).isBlank())
                throw new IllegalArgumentException("--set " + s + ": expected KEY=VALUE");
            m.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return m;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ExperimentConfig config = config();
        // Check the filter name and --set keys before the (possibly long) truth spin-up.
        FilterFactory factory = catalog.filter(config.filter());
        new FilterSettings(factory.name(), factory.parameters(), config.filterSettings());
        ReferenceSpec referenceSpec = reference == null ? null : ReferenceSpec.parse(reference);
        if (referenceSpec != null) referenceSpec.validate(config, catalog);
        int[] axes = plotAxes(config);
        Path dir = out == null ? DEFAULT_OUT : out;
        // Fail before the run, not after it, when the results cannot be written.
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("--out " + dir + ": cannot create the directory (" + reason(e) + ")");
        }
        if (!java.nio.file.Files.isWritable(dir))
            throw new IllegalArgumentException("--out " + dir + ": the directory is not writable");

        stdout.println("enflow run: " + config.describe());
        stdout.flush();
        ProgressBar progress = quiet ? null : ProgressBar.forStderr(stderr);
        CycleListener listener = progress == null ? CycleListener.NONE : progress;
        if (dumpCycles != null && !dumpCycles.isEmpty()) {
            EnsembleDump dump = new EnsembleDump(dir, new java.util.TreeSet<>(dumpCycles), axes[0], axes[1],
                    config.model() + " d=" + config.dim() + ", filter " + config.filter() + ", N=" + config.members());
            listener = CycleListener.all(listener, dump);
        }
        ExperimentResult result = TwinExperiment.run(config, catalog, listener, referenceSpec);
        if (progress != null) progress.finish();
        ResultWriter.writeAll(result, dir);
        printSummary(stdout, result, dir);
        if (result.diverged()) {
            stderr.println("enflow: error: the run diverged at cycle " + result.divergedAt()
                    + " (RMSE not finite); results up to there are in " + dir);
            stderr.flush();
            return 1;
        }
        return 0;
    }

    static void printSummary(PrintWriter out, ExperimentResult r, Path dir) {
        ExperimentConfig c = r.config();
        out.println("setup    " + r.modelDescription() + " | obs " + r.observationDescription() + " (p=" + r.observationDim()
                + ") σ=" + c.obsSigma() + " every " + c.obsEvery() + " | N=" + c.members() + " | seed " + c.seed());
        out.println("filter   " + r.filterDescription() + (r.filterSettings().isEmpty() ? "" : " " + r.filterSettings()));
        out.println(String.format(Locale.ROOT, "window   cycles %d..%d (%d of %d; burn-in %d)", r.windowStart(),
                r.cycles().size() - 1, r.cycles().size() - r.windowStart(), c.cycles(), c.burnIn()));
        out.println(String.format(Locale.ROOT, "%-22s %12s %12s", "", "analysis", "forecast"));
        row(out, "RMSE", r.mean(CycleRecord::rmseAnalysis), r.mean(CycleRecord::rmseForecast));
        row(out, "spread", r.mean(CycleRecord::spreadAnalysis), r.mean(CycleRecord::spreadForecast));
        row(out, "CRPS", r.mean(CycleRecord::crpsAnalysis), Double.NaN);
        row(out, "energy score", r.mean(CycleRecord::energyScoreAnalysis), Double.NaN);
        row(out, "RMSE last 50 cycles", r.rmseLast50(), Double.NaN);
        row(out, "seconds per cycle", r.meanSeconds(CycleRecord::analysisSeconds), r.meanSeconds(CycleRecord::forecastSeconds));
        if (!Double.isNaN(r.nfePerAnalysis())) row(out, "NFE per analysis", r.nfePerAnalysis(), Double.NaN);
        ReferenceResult ref = r.reference();
        if (ref != null) {
            row(out, "W2 to reference", r.w2(), Double.NaN);
            row(out, "W2 floor (iid N-sample)", ref.mean(ReferenceRecord::w2Floor, r.windowStart(), r.cycles().size()), Double.NaN);
            row(out, "reference RMSE", r.referenceRmse(), Double.NaN);
            row(out, "reference spread", ref.mean(ReferenceRecord::spreadAnalysis, r.windowStart(), r.cycles().size()), Double.NaN);
            row(out, "|mean - ref mean|", ref.mean(ReferenceRecord::meanError, r.windowStart(), r.cycles().size()), Double.NaN);
            out.println(String.format(Locale.ROOT, "reference %s, seed %d, W2 against %d of its points; %.3g s + W2 %.3g s per cycle",
                    ref.filterDescription(), ref.seed(), ref.points(),
                    ref.mean(ReferenceRecord::seconds, Math.max(1, r.windowStart()), r.cycles().size()),
                    ref.mean(ReferenceRecord::w2Seconds, r.windowStart(), r.cycles().size())));
        }
        out.println(String.format(Locale.ROOT, "time     spin-up %.3g s, scores %.3g s, total %.3g s", r.spinUpSeconds(),
                r.metricsSeconds(), r.wallSeconds()));
        out.println("results  " + dir + " (" + ResultWriter.SUMMARY + ", " + ResultWriter.CYCLES + ", " + ResultWriter.PLOT + ")");
        out.flush();
    }

    private static void row(PrintWriter out, String name, double analysis, double forecast) {
        out.println(String.format(Locale.ROOT, "%-22s %12s %12s", name, num(analysis), num(forecast)));
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "-";
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
