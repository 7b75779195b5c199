package org.enflow.experiment.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * One benchmark problem that the PyTorch twin in {@code jmh/gpu/} computes too, on the same inputs: the
 * side-by-side column of docs/benchmarks.md and the float64 agreement check. Usage: {@link #restore()}
 * (outside any timing) then {@link #run()} (the timed computation); {@link #outputs()} then holds the result.
 *
 * <p>Problems, named {@code KIND:NxD} (N members, d state components):
 * <ul>
 *   <li>{@code l96}: one RK4 (3/8 rule) step of the Lorenz-96 ensemble, F = 8, dt = 0.01, in place
 *       ({@link L96StepTwin});</li>
 *   <li>{@code f2p}: one EnFF-F2P Euler step with local guidance, arctan observations ({@link F2pStepTwin});</li>
 *   <li>{@code kde}: the KDE diffusion filter's probability-flow right-hand side, N particles against N
 *       members ({@link KdeRhsTwin}).</li>
 * </ul>
 * Instances are not thread-safe.
 */
public interface TwinProblem {
    /** The problem string, e.g. {@code f2p:20x1000000}. */
    String name();

    /** Scalar settings the twin needs besides the arrays (written to the agreement header). */
    Map<String, Double> scalars();

    /** The inputs, in a fixed order. */
    List<TwinArray> inputs();

    /** Resets any state {@link #run()} mutates to the inputs. */
    void restore();

    /** The timed computation. */
    void run();

    /** The results of the last {@link #run()}. */
    List<TwinArray> outputs();

    /** The problem kinds. */
    List<String> KINDS = List.of("l96", "f2p", "kde");

    /**
     * The problem {@code KIND:NxD} with the benchmark's default settings, inputs drawn from {@code seed}.
     *
     * @throws IllegalArgumentException for an unknown kind or malformed size
     */
    static TwinProblem create(String problem, long seed, Parallel parallel) {
        Require.notNull("problem", problem);
        Require.notNull("parallel", parallel);
        String[] parts = problem.trim().toLowerCase(Locale.ROOT).split(":");
        if (parts.length != 2)
            throw new IllegalArgumentException("problem '" + problem + "': expected KIND:NxD with KIND one of " + KINDS);
        int[] nd = parseShape(parts[1], problem);
        return switch (parts[0]) {
            case "l96" -> new L96StepTwin(nd[0], nd[1], seed, parallel);
            case "f2p" -> new F2pStepTwin(nd[0], nd[1], seed, F2pStepTwin.Settings.benchmark(), parallel);
            case "kde" -> new KdeRhsTwin(nd[0], nd[1], seed, KdeRhsTwin.Settings.benchmark(), parallel);
            default -> throw new IllegalArgumentException("problem '" + problem + "': unknown kind '" + parts[0]
                    + "'; expected one of " + KINDS);
        };
    }

    /** Parses {@code NxD} into {N, d}, both positive. */
    static int[] parseShape(String shape, String context) {
        String[] nd = shape.trim().split("x");
        try {
            if (nd.length == 2) {
                int n = Integer.parseInt(nd[0].trim()), d = Integer.parseInt(nd[1].trim());
                if (n > 0 && d > 0) return new int[] {n, d};
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + context + "': expected a shape NxD with positive integers, e.g. 20x1000000");
    }
}
