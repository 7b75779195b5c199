package org.enflow.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.enflow.experiment.bench.TwinCases;
import org.enflow.kernel.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code enflow bench-twin --out DIR} (hidden): writes the fixed inputs and the Java outputs of the
 * side-by-side problems for {@code jmh/gpu/check_agreement.py}, which recomputes them with PyTorch; with
 * {@code --problem KIND:NxD}, the benchmark problems' inputs for {@code jmh/gpu/bench.py --inputs DIR}.
 */
@Command(name = "bench-twin", hidden = true,
        description = "Write the fixed inputs and Java outputs of the PyTorch-twin problems (raw float64 + JSON headers) "
                + "for jmh/gpu/check_agreement.py.")
final class BenchTwinCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for the case files.")
    Path out;

    @Option(names = "--problem", paramLabel = "KIND:NxD",
            description = "Write this benchmark problem (e.g. f2p:20x1000000) instead of the fixed agreement cases; repeatable.")
    List<String> problems;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of --problem inputs (default 42, as TwinBench).")
    long seed = 42;

    @Option(names = "--threads", paramLabel = "T", description = "Library threads (default 2: exercises the parallel split).")
    int threads = 2;

    @Override
    public Integer call() {
        if (threads < 1) throw new IllegalArgumentException("--threads = " + threads + ": expected an integer >= 1");
        PrintWriter o = spec.commandLine().getOut();
        List<String> ids;
        try (Parallel parallel = new Parallel(threads)) {
            ids = problems == null ? TwinCases.writeAll(out, parallel)
                    : TwinCases.write(out, TwinCases.problems(problems, seed), parallel);
        }
        o.println("wrote " + ids.size() + " cases to " + out + ": " + String.join(", ", ids));
        return 0;
    }
}
