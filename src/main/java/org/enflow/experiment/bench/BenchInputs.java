package org.enflow.experiment.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads benchmark result files: JMH JSON ({@code -rf json}: an array of records) and the PyTorch twin's
 * JSON (the same shape, with {@code machine}, {@code date} and {@code command} in every record). A
 * directory stands for its {@code *.json} files in name order. A result file's run information (date,
 * machine, the exact commands) comes from {@code run-info.json} in its directory, which {@code jmh/run.sh}
 * writes; without one those fields read "not recorded".
 *
 * <p>Every problem (missing file, invalid JSON, a record without a score) is an
 * {@link IllegalArgumentException} with a one-line message naming the file.
 */
public final class BenchInputs {
    /** The name of the run information file {@code jmh/run.sh} writes beside its results. */
    public static final String RUN_INFO = "run-info.json";

    private BenchInputs() {}

    /** Reads every path (files or directories) in order. */
    public static List<ResultFile> read(List<String> paths) {
        if (paths == null || paths.isEmpty()) throw new IllegalArgumentException("no result files given");
        List<ResultFile> files = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                List<Path> inDir;
                try (Stream<Path> s = Files.list(path)) {
                    inDir = s.filter(f -> f.getFileName().toString().endsWith(".json"))
                            .filter(f -> !f.getFileName().toString().equals(RUN_INFO)).sorted().toList();
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot list " + p + ": " + e.getMessage());
                }
                if (inDir.isEmpty()) throw new IllegalArgumentException(p + ": no *.json result files in this directory");
                for (Path f : inDir) files.add(readFile(f, join(p, f.getFileName().toString())));
            } else {
                if (path.getFileName() != null && path.getFileName().toString().equals(RUN_INFO)) continue;
                files.add(readFile(path, p));
            }
        }
        return files;
    }

    private static String join(String dir, String file) {
        return dir.endsWith("/") ? dir + file : dir + "/" + file;
    }

    /** Reads one result file; {@code name} is how the report cites it. */
    public static ResultFile readFile(Path path, String name) {
        Object json = parseFile(path, name);
        if (!(json instanceof List<?> list))
            throw new IllegalArgumentException(name + ": expected a JSON array of benchmark results (JMH -rf json)");
        Map<String, Object> info = runInfo(path, name);
        ResultFile file = null;
        int index = 0;
        for (Object o : list) {
            index++;
            if (!(o instanceof Map<?, ?> raw))
                throw new IllegalArgumentException(name + ": result " + index + " is not a JSON object");
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) raw;
            String benchmark = text(r, "benchmark", name, index);
            boolean torch = benchmark.startsWith("torch.");
            if (file == null) file = torch ? torchFile(name, r) : javaFile(name, r, info);
            file.records().add(record(file, r, benchmark, torch, name, index));
        }
        if (file == null) throw new IllegalArgumentException(name + ": no results in this file");
        return file;
    }

    private static Object parseFile(Path path, String name) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + name + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + name + ": " + e.getMessage());
        }
        try {
            return JsonReader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> runInfo(Path resultFile, String name) {
        Path dir = resultFile.toAbsolutePath().getParent();
        Path info = dir == null ? null : dir.resolve(RUN_INFO);
        if (info == null || !Files.isRegularFile(info)) return Map.of();
        Object json = parseFile(info, info.toString());
        if (!(json instanceof Map<?, ?> m)) throw new IllegalArgumentException(info + ": expected a JSON object");
        return (Map<String, Object>) m;
    }

    private static ResultFile javaFile(String name, Map<String, Object> r, Map<String, Object> info) {
        String runtime = "JDK " + opt(r, "jdkVersion", "?") + " (" + opt(r, "vmName", "?") + "), JMH " + opt(r, "jmhVersion", "?");
        String file = Path.of(name).getFileName().toString();
        String date = opt(info, "date", "not recorded");
        if (info.get("dates") instanceof Map<?, ?> dates && dates.get(file) instanceof String d) date = d;
        // The machine's 1-minute load average when the file was written: a busy machine makes every figure suspect.
        if (info.get("loads") instanceof Map<?, ?> loads && loads.get(file) instanceof String l) date += " (load " + l + ")";
        String command = "not recorded";
        if (info.get("commands") instanceof Map<?, ?> commands && commands.get(file) instanceof String c) command = c;
        Machine machine = Machine.UNRECORDED;
        if (info.get("machine") instanceof Map<?, ?> m) machine = cpuMachine(m);
        return new ResultFile(name, date, command, machine, runtime, opt(info, "profile", ""));
    }

    private static ResultFile torchFile(String name, Map<String, Object> r) {
        Machine machine = Machine.UNRECORDED;
        String runtime = "PyTorch";
        if (r.get("machine") instanceof Map<?, ?> m) {
            machine = m.get("gpu") instanceof String gpu && "cuda".equals(m.get("device"))
                    ? new Machine("gpu:" + gpu, gpu + gib(m.get("gpu_memory_bytes")) + ", host " + describeCpu(m))
                    : cpuMachine(m);
            runtime = "Python " + opt(m, "python", "?") + ", torch " + opt(m, "torch", "?")
                    + (m.get("blas") instanceof String b ? ", BLAS " + b : "");
        }
        return new ResultFile(name, opt(r, "date", "not recorded"), opt(r, "command", "not recorded"), machine, runtime);
    }

    private static Machine cpuMachine(Map<?, ?> m) {
        Object cpu = m.get("cpu");
        if (!(cpu instanceof String c) || c.isBlank()) return Machine.UNRECORDED;
        // The whole description, not the model name alone: cloud VMs report one name ("AMD EPYC") for
        // different CPU generations, and each must keep its own probes as roofs.
        String description = describeCpu(m);
        return new Machine("cpu:" + description, description);
    }

    private static String describeCpu(Map<?, ?> m) {
        StringBuilder sb = new StringBuilder(String.valueOf(m.get("cpu")).trim());
        if (m.get("available_processors") instanceof Number n) sb.append(", ").append(n.intValue()).append(" logical CPUs");
        if (m.get("memory_bytes") instanceof Number b) sb.append(String.format(Locale.ROOT, ", %.0f GiB", b.doubleValue() / (1L << 30)));
        if (m.get("os") instanceof String os) sb.append(", ").append(os);
        return sb.toString();
    }

    private static String gib(Object bytes) {
        if (!(bytes instanceof Number b)) return "";
        return String.format(Locale.ROOT, " (%.0f GiB)", b.doubleValue() / (1L << 30));
    }

    private static BenchRecord record(ResultFile file, Map<String, Object> r, String benchmark, boolean torch, String name, int index) {
        Map<String, String> params = new LinkedHashMap<>();
        if (r.get("params") instanceof Map<?, ?> p) for (Map.Entry<?, ?> e : p.entrySet()) params.put(String.valueOf(e.getKey()), str(e.getValue()));
        if (!(r.get("primaryMetric") instanceof Map<?, ?> pm))
            throw new IllegalArgumentException(name + ": result " + index + " (" + benchmark + ") has no primaryMetric");
        if (!(pm.get("score") instanceof Double score) || !Double.isFinite(score) || score <= 0)
            throw new IllegalArgumentException(name + ": result " + index + " (" + benchmark + ") has no positive primaryMetric.score");
        String unit = pm.get("scoreUnit") instanceof String u ? u : "";
        double toSeconds = seconds(unit, name, index);
        double err = pm.get("scoreError") instanceof Double e ? e : Double.NaN;
        double seconds = toSeconds > 0 ? score * toSeconds : -toSeconds / score;
        double error = toSeconds > 0 ? err * toSeconds : seconds * err / score;
        int jmhThreads = r.get("threads") instanceof Double t ? t.intValue() : 1;
        boolean vector = true;
        if (!torch) {
            List<String> args = new ArrayList<>();
            if (r.get("jvmArgs") instanceof List<?> l) for (Object o : l) args.add(String.valueOf(o));
            boolean module = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.startsWith("--add-modules") && (a.contains("jdk.incubator.vector")
                        || (i + 1 < args.size() && args.get(i + 1).contains("jdk.incubator.vector")))) module = true;
            }
            vector = module && !args.contains("-Denflow.vector=false");
        }
        String device = torch ? params.getOrDefault("device", "cpu") : "cpu";
        String dtype = torch ? params.getOrDefault("dtype", "float64") : "float64";
        Machine machine = file.machine();
        if (torch && r.get("machine") instanceof Map<?, ?> m && !"cuda".equals(m.get("device"))) machine = cpuMachine(m);
        return new BenchRecord(file, benchmark, params, jmhThreads, seconds, error, score, unit, torch, vector, device, dtype, machine);
    }

    /** Seconds per unit of an average-time score (> 0), or −(ops per second per unit) for throughput units (< 0). */
    private static double seconds(String unit, String name, int index) {
        return switch (unit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            case "ops/s" -> -1;
            case "ops/ms" -> -1e-3;
            case "ops/us" -> -1e-6;
            case "ops/ns" -> -1e-9;
            default -> throw new IllegalArgumentException(name + ": result " + index + ": unsupported score unit '" + unit + "'");
        };
    }

    private static String text(Map<String, Object> r, String key, String name, int index) {
        if (!(r.get(key) instanceof String s) || s.isBlank())
            throw new IllegalArgumentException(name + ": result " + index + " has no '" + key + "'");
        return s;
    }

    private static String opt(Map<?, ?> r, String key, String dflt) {
        Object v = r.get(key);
        return v == null ? dflt : str(v);
    }

    private static String str(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        return String.valueOf(v);
    }
}
