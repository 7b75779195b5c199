package org.enflow.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.enflow.experiment.Catalog;
import org.enflow.experiment.RegistryCatalog;
import org.enflow.kernel.Vectorization;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code bin/enflow}. Bad input (unknown names, bad numbers, malformed flags) ends with one
 * line {@code enflow: error: <message>} on stderr and exit status 2; an unexpected failure with one line
 * and status 1 (its stack trace only with {@code --debug}).
 */
@Command(name = "enflow", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Ensemble data assimilation on the CPU: twin experiments with EnFF, EnSF and the classical filters.")
public final class Main implements Callable<Integer> {
    public static final String VERSION = "0.1.0-SNAPSHOT";

    /** Exit status for bad input. */
    public static final int USAGE = 2;
    /** Exit status for a failed run. */
    public static final int FAILURE = 1;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        int status = execute(args, System.out, System.err, defaultCatalog());
        System.out.flush();
        System.exit(status);
    }

    /** The library's registries of models, operators and filters. */
    static Catalog defaultCatalog() {
        return new RegistryCatalog();
    }

    /** Runs the CLI in-process with the given streams and catalog; returns the exit status. */
    public static int execute(String[] args, PrintStream out, PrintStream err, Catalog catalog) {
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("run", new RunCommand(catalog));
        cl.addSubcommand("list", new ListCommand(catalog));
        cl.addSubcommand("tune", new TuneCommand(catalog));
        cl.addSubcommand("bench-report", new BenchReportCommand());
        cl.addSubcommand("bench-twin", new BenchTwinCommand());
        cl.addSubcommand("train-drift", new TrainDriftCommand(catalog));
        cl.setOut(o);
        cl.setErr(e);
        cl.setParameterExceptionHandler((ex, a) -> {
            e.println("enflow: error: " + oneLine(ex.getMessage()));
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> report(ex, e, debug));
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError oom) {
            e.println("enflow: error: out of memory (" + oneLine(oom.getMessage()) + "); give the JVM more with ENFLOW_OPTS=-Xmx…");
            return FAILURE;
        } finally {
            o.flush();
            e.flush();
        }
    }

    private static int report(Exception ex, PrintWriter e, boolean debug) {
        if (ex instanceof IllegalArgumentException) {
            e.println("enflow: error: " + oneLine(ex.getMessage()));
            if (debug) ex.printStackTrace(e);
            return USAGE;
        }
        if (ex instanceof UncheckedIOException) {
            e.println("enflow: error: " + oneLine(ex.getMessage()));
            if (debug) ex.printStackTrace(e);
            return FAILURE;
        }
        e.println("enflow: error: unexpected " + ex.getClass().getSimpleName() + ": " + oneLine(ex.getMessage())
                + (debug ? "" : " (run with --debug for the stack trace)"));
        if (debug) ex.printStackTrace(e);
        return FAILURE;
    }

    /** Messages are printed on one line whatever they contain. */
    static String oneLine(String s) {
        if (s == null) return "(no message)";
        return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code enflow --version}: version, JDK and SIMD. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"enflow " + VERSION, "JDK " + System.getProperty("java.runtime.version") + ", "
                    + Vectorization.describe()};
        }
    }
}
