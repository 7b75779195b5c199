package org.enflow.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.enflow.experiment.Catalog;
import org.enflow.experiment.ExperimentConfig;
import org.enflow.experiment.Presets;
import org.enflow.filter.flowdas.DriftFile;
import org.enflow.filter.flowdas.DriftTrainer;
import org.enflow.filter.flowdas.MlpDrift;
import org.enflow.filter.flowdas.TrainingConfig;
import org.enflow.kernel.Parallel;
import org.enflow.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code enflow train-drift}: trains the FlowDAS drift network for a preset's model and writes it to --out. */
@Command(name = "train-drift", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Train the FlowDAS drift network for a preset's model and write it to a file.",
            "The MLP (SiLU, Adam) learns from simulated transition pairs of the preset's model (model, dim, dt,",
            "integrator, --process-noise, steps per cycle); use the file with --set drift=FILE.",
            "Reports wall and process-CPU time and validation scores; for a Gaussian transition also",
            "MSE(b, b*)/Var(b*) against the closed-form drift b* (flowdas.md oracle 3: <= 0.05)."})
final class TrainDriftCommand implements Callable<Integer> {
    private final Catalog catalog;

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME", description = "Preset whose model is learned (default flowdas-l63).")
    String preset = "flowdas-l63";
    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Drift file to write.")
    Path out;
    @Option(names = "--steps", paramLabel = "S", description = "Adam steps (default ${DEFAULT-VALUE}).")
    int steps = TrainingConfig.defaults(0).steps();
    @Option(names = "--batch", paramLabel = "B", description = "Samples per step (default ${DEFAULT-VALUE}).")
    int batch = TrainingConfig.defaults(0).batch();
    @Option(names = "--hidden", paramLabel = "W,W,...", split = ",", description = "Hidden layer widths (default 64,64,64).")
    int[] hidden = TrainingConfig.defaults(0).hidden();
    @Option(names = "--fourier", paramLabel = "K", description = "Fourier pairs of s in the input (default ${DEFAULT-VALUE}).")
    int fourier = MlpDrift.DEFAULT_FOURIER;
    @Option(names = "--lr", paramLabel = "LR", description = "Initial learning rate, cosine decay to 0 (default ${DEFAULT-VALUE}).")
    double learningRate = TrainingConfig.defaults(0).learningRate();
    @Option(names = "--trajectories", paramLabel = "T", description = "Training trajectories (default ${DEFAULT-VALUE}).")
    int trajectories = TrainingConfig.defaults(0).trajectories();
    @Option(names = "--validation-trajectories", paramLabel = "T", description = "Validation trajectories (default ${DEFAULT-VALUE}).")
    int validation = TrainingConfig.defaults(0).validationTrajectories();
    @Option(names = "--length", paramLabel = "L", description = "Transitions per trajectory (default ${DEFAULT-VALUE}).")
    int length = TrainingConfig.defaults(0).length();
    @Option(names = "--eps", paramLabel = "EPS", description = "Interpolant noise epsilon (default ${DEFAULT-VALUE}).")
    double epsilon = TrainingConfig.defaults(0).epsilon();
    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the data and the training draws (default ${DEFAULT-VALUE}).")
    long seed = 1;
    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all processors).")
    Integer threads;
    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;
    @Option(names = "--debug", description = "Print stack traces of unexpected errors.")
    boolean debug;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    TrainDriftCommand(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The training configuration the flags describe (validated). */
    TrainingConfig trainingConfig() {
        if (!Double.isFinite(learningRate) || !(learningRate > 0))
            throw new IllegalArgumentException("--lr = " + learningRate + ": expected a finite number > 0");
        if (!Double.isFinite(epsilon) || !(epsilon > 0))
            throw new IllegalArgumentException("--eps = " + epsilon + ": expected a finite number > 0");
        for (String[] f : new String[][] {{"--steps", "" + steps}, {"--batch", "" + batch}, {"--trajectories", "" + trajectories},
                {"--validation-trajectories", "" + validation}, {"--length", "" + length}})
            if (Integer.parseInt(f[1]) < 1) throw new IllegalArgumentException(f[0] + " = " + f[1] + ": expected a positive integer");
        if (hidden == null || hidden.length == 0) throw new IllegalArgumentException("--hidden: expected at least one width");
        for (int w : hidden) if (w < 1) throw new IllegalArgumentException("--hidden " + w + ": expected positive widths");
        if (fourier < 0) throw new IllegalArgumentException("--fourier = " + fourier + ": expected an integer >= 0");
        TrainingConfig d = TrainingConfig.defaults(seed);
        return new TrainingConfig(hidden, fourier, steps, batch, learningRate, seed, trajectories, validation, length, d.spinUp(),
                epsilon, d.validationSamples());
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        TrainingConfig config = trainingConfig();
        if (threads != null && threads < 1) throw new IllegalArgumentException("--threads = " + threads + ": expected an integer >= 1");
        ExperimentConfig experiment = Presets.get(preset).builder().seed(seed).build();
        Path parent = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + ": is a directory; expected a file name");
        if (parent != null && !Files.isDirectory(parent))
            throw new IllegalArgumentException("--out " + out + ": the directory " + parent + " does not exist");
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        try (Parallel parallel = new Parallel(t)) {
            Model model = catalog.model(experiment, parallel);
            stdout.println("enflow train-drift: " + model.describe() + ", " + experiment.obsEvery() + " step(s) per transition | net "
                    + String.join("-", java.util.Arrays.stream(MlpDrift.network(model.dim(), fourier, hidden).sizes())
                    .mapToObj(Integer::toString).toArray(String[]::new)) + " | " + steps + " steps x " + batch + " | data "
                    + trajectories + "x" + length + " | seed " + seed + " | " + t + " thread" + (t == 1 ? "" : "s"));
            stdout.flush();
            ProgressBar progress = quiet ? null : ProgressBar.forStderr(stderr);
            if (progress != null) progress.start(steps);
            long cpu0 = processCpuNanos(), wall0 = System.nanoTime();
            DriftTrainer.Result r = DriftTrainer.train(model, experiment.obsEvery(), config, parallel,
                    progress == null ? null : (step, total, loss) -> progress.update(step, "steps", "loss", loss));
            double wall = (System.nanoTime() - wall0) * 1e-9, cpu = (processCpuNanos() - cpu0) * 1e-9;
            if (progress != null) progress.finish();
            DriftFile.write(r.drift(), out);
            stdout.println(String.format(Locale.ROOT, "time     %.1f s wall (Adam steps %.1f s), %.1f s process CPU", wall, r.trainSeconds(), cpu));
            stdout.println(String.format(Locale.ROOT, "loss     final %.5g (mean of the last steps), validation %.5g, closed-form floor %s",
                    r.finalLoss(), r.validationLoss(), Double.isNaN(r.floorLoss()) ? "-" : String.format(Locale.ROOT, "%.5g", r.floorLoss())));
            if (!Double.isNaN(r.closedFormRatio()))
                stdout.println(String.format(Locale.ROOT, "oracle 3 MSE(b, b*)/Var(b*) = %.4g (%s 0.05)", r.closedFormRatio(),
                        r.closedFormRatio() <= 0.05 ? "meets <=" : "FAILS <="));
            else stdout.println("oracle 3 not applicable: the transition is not Gaussian (no closed-form drift)");
            stdout.println("wrote    " + out + " (" + r.drift().describe() + "); use: --filter flowdas --set drift=" + out);
            stdout.flush();
        }
        return 0;
    }

    /** CPU time of the whole JVM process (all threads, JIT and GC included), or 0 when unavailable. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
            return Math.max(0, os.getProcessCpuTime());
        return 0;
    }
}
