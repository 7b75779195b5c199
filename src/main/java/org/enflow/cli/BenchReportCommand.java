package org.enflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.enflow.experiment.bench.BenchInputs;
import org.enflow.experiment.bench.BenchPlots;
import org.enflow.experiment.bench.BenchReport;
import org.enflow.experiment.bench.ResultFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enflow bench-report}: docs/benchmarks.md (and its plots) from JMH and PyTorch-twin JSON. */
@Command(name = "bench-report", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Write the benchmark page from JMH JSON (-rf json) and PyTorch-twin JSON (jmh/gpu/bench.py): "
                + "sources, measured roofs, side-by-side table, results with ns/element-step, GFLOP/s, GB/s and %% of roof, "
                + "thread speedups, vector vs scalar, plots.",
            "A directory argument stands for its *.json files; run-info.json beside them (written by jmh/run.sh) gives "
                + "date, machine and command. The page is generated from scratch: prose belongs in the template."})
final class BenchReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "JSON", arity = "1..*", description = "Result files or directories.")
    List<String> inputs;

    @Option(names = "--out", paramLabel = "FILE", description = "Page to write (default docs/benchmarks.md; '-' for stdout).")
    String out = "docs/benchmarks.md";

    @Option(names = "--plots", paramLabel = "DIR", description = "Write PNG plots here and link them (e.g. docs/img).")
    Path plots;

    @Option(names = "--template", paramLabel = "FILE",
            description = "Template with <!-- bench:SECTION --> markers (default: <out>.template.md beside --out if it exists, else built in).")
    Path template;

    @Override
    public Integer call() {
        List<ResultFile> files = BenchInputs.read(inputs);
        BenchReport report = new BenchReport(files);
        Path outPath = out.equals("-") ? null : Path.of(out);
        Path tpl = template;
        if (tpl == null && outPath != null) {
            String name = outPath.getFileName().toString();
            Path candidate = outPath.resolveSibling(name.endsWith(".md") ? name.substring(0, name.length() - 3) + ".template.md" : name + ".template.md");
            if (Files.isRegularFile(candidate)) tpl = candidate;
        }
        String templateText;
        if (tpl == null) {
            templateText = BenchReport.defaultTemplate();
        } else {
            try {
                templateText = Files.readString(tpl, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("--template " + tpl + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        List<BenchPlots.Plot> written = List.of();
        if (plots != null) {
            Path base = outPath == null || outPath.toAbsolutePath().getParent() == null ? Path.of("").toAbsolutePath()
                    : outPath.toAbsolutePath().getParent();
            String link = base.relativize(plots.toAbsolutePath()).toString().replace('\\', '/');
            written = new BenchPlots(report, plots, link).writeAll();
        }
        String page = report.render(templateText, tpl == null ? null : tpl.toString(), command(), written);
        PrintWriter o = spec.commandLine().getOut();
        if (outPath == null) {
            o.print(page);
            o.flush();
            return 0;
        }
        try {
            Path parent = outPath.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(outPath, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outPath + ": " + e.getMessage(), e);
        }
        o.println("wrote " + outPath + " (" + report.records().size() + " results from " + files.size() + " files"
                + (plots == null ? "" : ", " + written.size() + " plots in " + plots) + ")");
        return 0;
    }

    /** The command line as given (paths as typed), for the page's header. */
    private String command() {
        List<String> parts = new ArrayList<>(List.of("bin/enflow", "bench-report"));
        parts.addAll(inputs);
        parts.add("--out");
        parts.add(out);
        if (plots != null) {
            parts.add("--plots");
            parts.add(plots.toString());
        }
        if (template != null) {
            parts.add("--template");
            parts.add(template.toString());
        }
        return String.join(" ", parts);
    }
}
