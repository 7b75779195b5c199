package org.enflow.experiment.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.enflow.experiment.Json;
import org.enflow.experiment.MachineInfo;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * The fixed agreement cases between the Java problems and the PyTorch twin ({@code jmh/gpu/check_agreement.py}):
 * each case is built from a fixed seed, run once, and written to a directory as raw little-endian float64
 * files ({@code <case>.<in|out>.<array>.f64}) with a JSON header {@code <case>.json} naming the problem,
 * its scalars and the arrays' shapes; {@code cases.json} lists the cases.
 *
 * <p>Besides the benchmark settings, the cases cover soft softmax weights (F2P with σ_min comparable to the
 * members' distances) and a multi-step transport (K = 10), so agreement is not only that of one-hot weights.
 */
public final class TwinCases {
    private TwinCases() {}

    /** One case: an identifier and how to build its problem. */
    public record Case(String id, String description, Function<Parallel, TwinProblem> factory) {}

    /** The cases, in order. */
    public static List<Case> all() {
        F2pStepTwin.Settings bench = F2pStepTwin.Settings.benchmark();
        F2pStepTwin.Settings soft = new F2pStepTwin.Settings(1.0, 0.05, 0.5, 2, 0.3);
        List<Case> list = new ArrayList<>();
        list.add(new Case("l96-small", "one RK4-3/8 step, N = 8, d = 40", p -> new L96StepTwin(8, 40, 101, p)));
        list.add(new Case("l96", "one RK4-3/8 step, N = 20, d = 10^4", p -> new L96StepTwin(20, 10_000, 102, p)));
        list.add(new Case("f2p", "one F2P Euler step, benchmark settings (one-hot weights), N = 20, d = 2*10^4",
                p -> new F2pStepTwin(20, 20_000, 103, bench, p)));
        list.add(new Case("f2p-soft", "one F2P Euler step with soft weights (sigma_min = 1, members 0.3 apart), N = 20, d = 40",
                p -> new F2pStepTwin(20, 40, 104, soft, p)));
        list.add(new Case("f2p-soft-k10", "F2P transport, K = 10 (9 Euler steps), soft weights, N = 20, d = 40",
                p -> new F2pStepTwin(20, 40, 105, new F2pStepTwin.Settings(1.0, 0.05, 0.5, 10, 0.3), p)));
        list.add(new Case("f2p-k10", "F2P transport, K = 10, benchmark settings, N = 20, d = 1000",
                p -> new F2pStepTwin(20, 1000, 106, new F2pStepTwin.Settings(0.01, 0.05, 0.05, 10, 1.0), p)));
        list.add(new Case("kde", "KDE probability-flow RHS, the benchmark problem N = 2000, d = 40",
                p -> new KdeRhsTwin(2000, 40, 107, KdeRhsTwin.Settings.benchmark(), p)));
        list.add(new Case("kde-small", "KDE RHS, N = 50, d = 3, sigma_bar = 0.5 (sharper weights)",
                p -> new KdeRhsTwin(50, 3, 108, new KdeRhsTwin.Settings(0.5, 0.1, 50, 2), p)));
        return list;
    }

    /** Builds, runs and writes every case into {@code dir} (created if needed); returns the case ids. */
    public static List<String> writeAll(Path dir, Parallel parallel) {
        return write(dir, all(), parallel);
    }

    /**
     * The benchmark problems themselves ({@link TwinProblem#create}, e.g. {@code f2p:20x1000000}) as cases
     * named {@code KIND_NxD}, inputs from {@code seed}: the PyTorch benchmark can time the very inputs the
     * Java benchmark uses ({@code jmh/gpu/bench.py --inputs DIR}).
     */
    public static List<Case> problems(List<String> problems, long seed) {
        Require.notNull("problems", problems);
        List<Case> list = new ArrayList<>();
        for (String p : problems) {
            TwinProblem.parseShape(p.contains(":") ? p.substring(p.indexOf(':') + 1) : "", p);
            list.add(new Case(p.trim().replace(':', '_'), "benchmark problem " + p + ", seed " + seed,
                    parallel -> TwinProblem.create(p, seed, parallel)));
        }
        return list;
    }

    /** Builds, runs and writes the given cases into {@code dir} (created if needed); returns the case ids. */
    public static List<String> write(Path dir, List<Case> cases, Parallel parallel) {
        Require.notNull("dir", dir);
        Require.notNull("cases", cases);
        Require.notNull("parallel", parallel);
        List<String> ids = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Case c : cases) {
                TwinProblem p = c.factory().apply(parallel);
                p.restore();
                p.run();
                write(dir, c, p, parallel.threads());
                ids.add(c.id());
            }
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("format", "enflow twin agreement cases: raw little-endian float64, row-major");
            index.put("cases", ids);
            index.put("machine", MachineInfo.describe());
            Files.writeString(dir.resolve("cases.json"), Json.write(index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the twin cases to " + dir + ": " + e.getMessage(), e);
        }
        return ids;
    }

    private static void write(Path dir, Case c, TwinProblem p, int threads) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("id", c.id());
        header.put("description", c.description());
        header.put("problem", p.name());
        header.put("threads", threads);
        header.put("scalars", p.scalars());
        header.put("inputs", arrays(dir, c.id() + ".in.", p.inputs()));
        header.put("outputs", arrays(dir, c.id() + ".out.", p.outputs()));
        Files.writeString(dir.resolve(c.id() + ".json"), Json.write(header));
    }

    private static List<Object> arrays(Path dir, String prefix, List<TwinArray> arrays) throws IOException {
        List<Object> list = new ArrayList<>();
        for (TwinArray a : arrays) {
            String file = prefix + a.name() + ".f64";
            writeDoubles(dir.resolve(file), a.data());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("rows", a.rows());
            m.put("cols", a.cols());
            m.put("file", file);
            list.add(m);
        }
        return list;
    }

    /** Writes the values as raw little-endian IEEE-754 doubles. */
    static void writeDoubles(Path file, double[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (double v : values) {
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putDouble(v);
            }
            out.write(buf.array(), 0, buf.position());
        }
    }
}
