package org.enflow.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.enflow.experiment.Catalog;
import org.enflow.experiment.Presets;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code enflow list}: models, observation operators, filters with their parameters, presets. */
@Command(name = "list", description = "List models, observation operators, filters (with parameters and defaults) and presets.")
final class ListCommand implements Callable<Integer> {
    private final Catalog catalog;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    ListCommand(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Models (--model NAME)");
        for (String line : catalog.modelHelp()) out.println("  " + line);
        out.println();
        out.println("Observation operators (--obs SPEC)");
        for (String line : catalog.observationHelp()) out.println("  " + line);
        out.println();
        out.println("Filters (--filter NAME, hyperparameters with --set KEY=VALUE)");
        for (FilterFactory f : catalog.filters()) {
            out.println(String.format("  %-12s %s", f.name(), f.description()));
            for (FilterParameter p : f.parameters())
                out.println(String.format("      %-18s %s", p.key() + "=" + p.defaultValue(), p.description()));
        }
        out.println();
        out.println("Presets (--preset NAME; default " + Presets.DEFAULT + ", filter " + Presets.DEFAULT_FILTER + ")");
        for (Presets.Preset p : Presets.all()) out.println(String.format("  %-12s %s", p.name(), p.description()));
        out.flush();
        return 0;
    }
}
