package org.enflow.experiment.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes docs/benchmarks.md from result files: a template (hand-written prose) whose marker lines
 * {@code <!-- bench:NAME -->} are replaced by generated sections. The output depends only on the inputs,
 * the template and the command line, so regenerating it is reproducible. Sections:
 * <ul>
 *   <li>{@code header}: how the page was generated;</li>
 *   <li>{@code sources}: every result file with its date, machine, runtime and command;</li>
 *   <li>{@code roofs}: each machine's measured FMA peak and memory bandwidth per thread count;</li>
 *   <li>{@code side-by-side}: Java (1 and 2 threads), PyTorch CPU and GPU on the twin problems, ratios and
 *       ratios normalized by each machine's roofline (the resource that bounds the kernel there);</li>
 *   <li>{@code results}: every record with time, derived ns/element-step, GFLOP/s, GB/s and the fraction of the
 *       roof that bounds it;</li>
 *   <li>{@code threads}: thread speedups; {@code scalar}: vector against scalar twins;</li>
 *   <li>{@code plots}: the PNGs of {@link BenchPlots}; {@code models}: the flop/byte models used.</li>
 * </ul>
 * Template markers missing from the template are appended in this order; an unknown marker is an error.
 */
public final class BenchReport {
    /** The section names, in default order. */
    public static final List<String> SECTIONS = List.of("header", "sources", "roofs", "side-by-side", "results", "threads",
            "scalar", "plots", "models");

    /** The twin problems the speed target names: Java on 2 threads ≥ 3× PyTorch CPU float64. */
    public static final List<String> TARGET_PROBLEMS = List.of("f2p:20x1000000", "kde:2000x40");
    public static final double TARGET_RATIO = 3.0;
    /** Thread-scaling target: ≥ 1.8× from 1 to 2 threads for analyses slower than 5 ms on one thread. */
    public static final double SCALING_TARGET = 1.8, SCALING_MIN_SECONDS = 5e-3;

    /** The command that measures the PyTorch GPU column. */
    public static final String GPU_COMMAND = "python3 jmh/gpu/bench.py --device cuda --out jmh/results/torch-cuda.json";

    private final List<ResultFile> files;
    private final List<BenchRecord> records = new ArrayList<>();
    private final Roofs roofs;

    public BenchReport(List<ResultFile> files) {
        this.files = List.copyOf(files);
        for (ResultFile f : files) records.addAll(f.records());
        this.roofs = Roofs.of(files);
        Machine h = Machine.UNRECORDED;
        for (BenchRecord r : records) {
            if (!r.torch() && r.machine().recorded()) {
                h = r.machine();
                break;
            }
        }
        this.home = h;
        for (BenchRecord r : records) {
            if (!r.torch() && r.machine().recorded() && !r.machine().equals(home)) awayDirs.add(r.source().directory());
        }
    }

    private final Machine home;
    private final Set<String> awayDirs = new LinkedHashSet<>();

    /**
     * The machine the report is about: that of the first Java record (in the order the files were given).
     * Tables that judge targets and the plots use its records only; Java runs on other machines (a lent
     * many-core GPU machine) get tables of their own.
     */
    public Machine home() {
        return home;
    }

    /**
     * Whether a record counts as the home machine's: run there, or with no machine recorded (result files
     * written before {@code jmh/run.sh} recorded machines, all on the home machine kind).
     */
    public boolean atHome(BenchRecord r) {
        return !home.recorded() || !r.machine().recorded() || r.machine().equals(home);
    }

    /** Whether a record's run directory holds Java results of another machine than home. */
    private boolean away(BenchRecord r) {
        return awayDirs.contains(r.source().directory());
    }

    public Roofs roofs() {
        return roofs;
    }

    public List<BenchRecord> records() {
        return records;
    }

    /** The built-in template: a title and every section under a heading. */
    public static String defaultTemplate() {
        return """
                # Benchmarks

                <!-- bench:header -->

                ## Runs

                <!-- bench:sources -->

                ## Roofs of each machine (measured)

                <!-- bench:roofs -->

                ## Java and PyTorch side by side

                <!-- bench:side-by-side -->

                ## Results

                <!-- bench:results -->

                ## Thread scaling

                <!-- bench:threads -->

                ## Vector API against the scalar twins

                <!-- bench:scalar -->

                ## Plots

                <!-- bench:plots -->

                ## Work models

                <!-- bench:models -->
                """;
    }

    /**
     * The page.
     *
     * @param template     the template text
     * @param templateName how to cite the template (e.g. its path), or null for the built-in one
     * @param command      the command line that generates the page, cited in the header
     * @param plots        the plots written, with paths relative to the page (empty if none)
     */
    public String render(String template, String templateName, String command, List<BenchPlots.Plot> plots) {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("header", header(templateName, command));
        sections.put("sources", sources());
        sections.put("roofs", roofsSection());
        sections.put("side-by-side", sideBySide());
        sections.put("results", results());
        sections.put("threads", threads());
        sections.put("scalar", scalar());
        sections.put("plots", plots(plots));
        sections.put("models", models());
        StringBuilder out = new StringBuilder();
        Set<String> used = new LinkedHashSet<>();
        for (String line : template.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("<!-- bench:") && t.endsWith("-->")) {
                String name = t.substring("<!-- bench:".length(), t.length() - 3).strip();
                String s = sections.get(name);
                if (s == null) throw new IllegalArgumentException("template: unknown section marker '" + t + "'; expected one of "
                        + SECTIONS.stream().map(n -> "<!-- bench:" + n + " -->").toList());
                out.append(s.stripTrailing()).append('\n');
                used.add(name);
            } else {
                out.append(line).append('\n');
            }
        }
        String text = out.toString().stripTrailing() + "\n";
        StringBuilder tail = new StringBuilder(text);
        for (String name : SECTIONS) {
            if (!used.contains(name)) tail.append("\n## ").append(name).append("\n\n").append(sections.get(name).stripTrailing()).append('\n');
        }
        return tail.toString();
    }

    // ------------------------------------------------------------------------------------------ sections

    private String header(String templateName, String command) {
        return "Generated by `" + command + "` from " + files.size() + " result file" + (files.size() == 1 ? "" : "s") + " ("
                + records.size() + " results). Do not edit by hand: the prose lives in "
                + (templateName == null ? "the built-in template" : "`" + templateName + "`")
                + ", the numbers in the result files. Times are JMH's average time per call (± its 99.9 % half-width); "
                + "\"% of roof\" is the roofline bound max(flops / FMA peak [+ exps / exp rate], bytes / bandwidth) of the call on the machine "
                + "it ran on, at its thread count, divided by the measured time (the work models are listed at the end).\n";
    }

    private String sources() {
        StringBuilder sb = new StringBuilder("| file | results | date | machine | runtime | command |\n|---|---|---|---|---|---|\n");
        for (ResultFile f : files) {
            sb.append("| `").append(f.name()).append("` | ").append(f.records().size()).append(" | ").append(esc(f.date())).append(" | ")
                    .append(esc(f.machine().description())).append(" | ").append(esc(f.runtime())).append(" | ")
                    .append(f.command().equals("not recorded") ? "not recorded" : "`" + f.command().replace("`", "'") + "`").append(" |\n");
        }
        return sb.toString();
    }

    private String roofsSection() {
        List<Machine> ms = roofs.machines();
        if (ms.isEmpty()) return "No machine probe in the inputs (run `MachineProbe`, as `jmh/run.sh` does): no fraction of peak can be given.\n";
        StringBuilder sb = new StringBuilder("| machine | threads | FMA peak | memory bandwidth | balance (flop/byte) | exp rate |\n|---|---|---|---|---|---|\n");
        for (Machine m : ms) {
            for (int t : roofs.probedThreads(m)) {
                double f = roofs.peakFlops(m, t), b = roofs.bandwidth(m, t), e = roofs.expRate(m, t);
                sb.append("| ").append(esc(m.description())).append(" | ").append(t).append(" | ").append(gflops(f)).append(" | ")
                        .append(gbs(b)).append(" | ").append(fmt(f / b, 3)).append(" | ")
                        .append(Double.isFinite(e) ? fmt(e * 1e-9, 3) + " G exp/s (" + fmt(t / e * 1e9, 3) + " ns per exp and core)" : "—")
                        .append(" |\n");
            }
        }
        sb.append("\nFMA peak: independent FMA chains in registers (Java `MachineProbe.fmaPeak`; on a machine without a Java probe, "
                + "PyTorch's float64 matrix product). Bandwidth: a streaming read of 512 MiB per thread. Other thread counts use "
                + "the nearest probe below: FMA scaled by threads, bandwidth as measured beyond the most threads probed and not given "
                + "between two probed counts (no fraction of peak there). Exp rate: the library's deterministic vector exponential "
                + "(`Exp.applyShifted`, as the fused kernels call it) over an L1-resident tile of 240 values (`MachineProbe.expRate`), "
                + "scaled by threads like the FMA peak; it is charged only where a work model counts exponentials.\n");
        return sb.toString();
    }

    private String sideBySide() {
        List<String> problems = new ArrayList<>();
        for (BenchRecord r : records) {
            if (r.shortName().equals("TwinBench.step") && r.params().containsKey("problem") && !problems.contains(r.params().get("problem")))
                problems.add(r.params().get("problem"));
        }
        if (problems.isEmpty()) return "No TwinBench (Java) or torch.TwinBench (PyTorch) results in the inputs.\n";
        StringBuilder sb = new StringBuilder();
        sb.append("| problem | Java 1 thread | Java 2 threads | PyTorch CPU float64 | PyTorch GPU float64 | "
                + "PyTorch CPU ÷ Java 2 t | normalized | PyTorch GPU ÷ Java 2 t | normalized |\n|---|---|---|---|---|---|---|---|---|\n");
        Set<ResultFile> javaFiles = new LinkedHashSet<>(), cpuFiles = new LinkedHashSet<>(), gpuFiles = new LinkedHashSet<>();
        List<String> verdicts = new ArrayList<>();
        for (String p : problems) {
            BenchRecord j1 = pick(p, false, "cpu", 1), j2 = pick(p, false, "cpu", 2);
            BenchRecord cpu = pickTorch(p, "cpu"), gpu = pickTorch(p, "cuda");
            for (BenchRecord r : new BenchRecord[] {j1, j2}) if (r != null) javaFiles.add(r.source());
            if (cpu != null) cpuFiles.add(cpu.source());
            if (gpu != null) gpuFiles.add(gpu.source());
            sb.append("| ").append(p).append(" | ").append(time(j1)).append(" | ").append(time(j2)).append(" | ")
                    .append(cpu == null ? "not measured" : time(cpu) + " (" + cpu.threads() + " t)").append(" | ")
                    .append(gpu == null ? "not measured" : time(gpu)).append(" | ")
                    .append(ratio(cpu, j2)).append(" | ").append(normalized(cpu, j2)).append(" | ")
                    .append(ratio(gpu, j2)).append(" | ").append(normalized(gpu, j2)).append(" |\n");
            if (TARGET_PROBLEMS.contains(p)) {
                if (cpu == null || j2 == null) {
                    verdicts.add("- " + p + ": Java (2 threads) against PyTorch CPU float64: not measured on both sides.");
                } else {
                    double r = cpu.seconds() / j2.seconds();
                    verdicts.add("- " + p + ": Java on 2 threads is " + fmt(r, 3) + "× faster than PyTorch CPU float64 ("
                            + cpu.threads() + " thread" + (cpu.threads() == 1 ? "" : "s") + ", its fastest record); target ≥ " + fmt(TARGET_RATIO, 2) + "×: **" + (r >= TARGET_RATIO ? "met" : "not met") + "**"
                            + (cpu.source().machine().equals(j2.source().machine()) || !cpu.source().machine().recorded()
                            || !j2.source().machine().recorded() ? "" : " (different machines: compare the normalized ratio)") + ".");
                }
            }
        }
        sb.append("\nRatios are PyTorch time ÷ Java time (> 1: Java is faster). *Normalized* divides each side's time by its roofline "
                + "bound on its own machine (max(flops / FMA peak, bytes / bandwidth) at its thread count; for the GPU its own probe) "
                + "and takes the ratio of those fractions: the comparison per unit of the resource that bounds the kernel there. "
                + "Each PyTorch column is the fastest float64 record given for it (CPU: with at most 2 threads).\n\n");
        if (!verdicts.isEmpty()) sb.append(String.join("\n", verdicts)).append("\n\n");
        sb.append("Columns:\n");
        sb.append("- Java: ").append(describe(javaFiles)).append('\n');
        sb.append("- PyTorch CPU: ").append(describe(cpuFiles)).append('\n');
        sb.append("- PyTorch GPU: ").append(gpuFiles.isEmpty() ? "not measured. Measure it on a machine with a CUDA GPU and a CUDA build of "
                + "PyTorch: `" + GPU_COMMAND + "`, then pass that file to bench-report." : describe(gpuFiles)).append('\n');
        for (String dir : awayDirs) sb.append('\n').append(sameMachine(dir, problems));
        return sb.toString();
    }

    /**
     * Java on all the cores of another machine (a lent GPU machine) against PyTorch on that machine's CPU and
     * GPU, all from one run directory: the same host, so the raw ratios compare like with like.
     */
    private String sameMachine(String dir, List<String> problems) {
        Machine host = null;
        StringBuilder sb = new StringBuilder();
        sb.append("| problem | Java 1 thread | Java, most threads | PyTorch CPU float64 | PyTorch GPU float64 | PyTorch GPU float32 | "
                + "PyTorch CPU ÷ Java | PyTorch GPU float64 ÷ Java | normalized |\n|---|---|---|---|---|---|---|---|---|\n");
        Set<ResultFile> used = new LinkedHashSet<>();
        int rows = 0;
        for (String p : problems) {
            BenchRecord j1 = null, jt = null, cpu = null, gpu = null, gpu32 = null;
            for (BenchRecord r : records) {
                if (!r.source().directory().equals(dir) || !r.shortName().equals("TwinBench.step") || !p.equals(r.params().get("problem"))) continue;
                if (!r.torch() && r.vector()) {
                    host = r.machine();
                    if (r.threads() == 1) j1 = r;
                    if (jt == null || r.threads() >= jt.threads()) jt = r;
                } else if (r.torch() && r.device().equals("cpu") && r.dtype().equals("float64")) {
                    if (cpu == null || r.seconds() < cpu.seconds()) cpu = r;
                } else if (r.torch() && !r.device().equals("cpu")) {
                    if (r.dtype().equals("float64") && (gpu == null || r.seconds() < gpu.seconds())) gpu = r;
                    if (r.dtype().equals("float32") && (gpu32 == null || r.seconds() < gpu32.seconds())) gpu32 = r;
                }
            }
            if (jt == null) continue;
            for (BenchRecord r : new BenchRecord[] {j1, jt, cpu, gpu, gpu32}) if (r != null) used.add(r.source());
            sb.append("| ").append(p).append(" | ").append(time(j1)).append(" | ").append(time(jt)).append(" (").append(jt.threads()).append(" t) | ")
                    .append(cpu == null ? "not measured" : time(cpu) + " (" + cpu.threads() + " t)").append(" | ")
                    .append(time(gpu)).append(" | ").append(time(gpu32)).append(" | ")
                    .append(ratio(cpu, jt)).append(" | ").append(ratio(gpu, jt)).append(" | ").append(normalized(gpu, jt)).append(" |\n");
            rows++;
        }
        if (rows == 0) return "";
        return "On " + (host == null ? "another machine" : host.description()) + " (run `" + dir + "`): Java on its cores against PyTorch "
                + "on the same machine's CPU and GPU. Ratios are PyTorch time ÷ Java time at Java's most threads (< 1: PyTorch is faster); "
                + "*normalized* divides each side's time by its own roofline bound, as above.\n\n" + sb
                + "\nFiles: " + describe(used) + "\n";
    }

    private String describe(Set<ResultFile> fs) {
        if (fs.isEmpty()) return "not measured.";
        List<String> parts = new ArrayList<>();
        for (ResultFile f : fs) parts.add("`" + f.name() + "` (" + f.date() + "; " + f.machine().description() + "; " + f.runtime() + ")");
        return String.join(", ", parts) + ".";
    }

    /** The last Java vector TwinBench record of a problem at a thread count, outside other machines' run directories. */
    private BenchRecord pick(String problem, boolean torch, String device, int threads) {
        BenchRecord found = null;
        for (BenchRecord r : records) {
            if (r.torch() == torch && r.vector() && r.shortName().equals("TwinBench.step") && problem.equals(r.params().get("problem"))
                    && r.device().equals(device) && r.threads() == threads && r.dtype().equals("float64") && !away(r)) found = r;
        }
        return found;
    }

    /**
     * The fastest PyTorch float64 record of a problem on a device (on the CPU among records with at most 2
     * threads, if any): the comparison is against the best PyTorch setup measured (e.g. OpenBLAS rather than
     * reference BLAS, or 1 thread where 2 OpenMP threads lose to a busy machine).
     */
    private BenchRecord pickTorch(String problem, String device) {
        BenchRecord found = null;
        for (BenchRecord r : records) {
            if (!r.torch() || !r.shortName().equals("TwinBench.step") || !problem.equals(r.params().get("problem"))
                    || !r.device().equals(device) || !r.dtype().equals("float64") || (device.equals("cpu") && away(r))) continue;
            boolean preferred = !device.equals("cpu") || r.threads() <= 2;
            boolean foundPreferred = found != null && (!device.equals("cpu") || found.threads() <= 2);
            if (found == null || (preferred && !foundPreferred) || (preferred == foundPreferred && r.seconds() < found.seconds())) found = r;
        }
        return found;
    }

    private String ratio(BenchRecord torch, BenchRecord java) {
        if (torch == null || java == null) return "—";
        return fmt(torch.seconds() / java.seconds(), 3) + "×";
    }

    private String normalized(BenchRecord torch, BenchRecord java) {
        if (torch == null || java == null) return "—";
        double ft = fraction(torch), fj = fraction(java);
        if (Double.isNaN(ft) || Double.isNaN(fj)) return "n/a (no probe at this thread count)";
        return fmt(fj / ft, 3) + "× (" + bound(torch) + " / " + bound(java) + ")";
    }

    private String results() {
        Map<String, List<BenchRecord>> groups = new LinkedHashMap<>();
        for (BenchRecord r : records) groups.computeIfAbsent(r.shortName(), k -> new ArrayList<>()).add(r);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<BenchRecord>> g : groups.entrySet()) {
            List<BenchRecord> list = new ArrayList<>(g.getValue());
            list.sort(ORDER);
            sb.append("### ").append(g.getKey()).append("\n\n");
            sb.append("| params | threads | implementation | time | ± | derived | bound | % of roof | file |\n|---|---|---|---|---|---|---|---|---|\n");
            for (BenchRecord r : list) {
                sb.append("| ").append(params(r.problemParams())).append(" | ").append(r.threads()).append(" | ").append(r.implementation())
                        .append(" | ").append(fmtTime(r.seconds())).append(" | ").append(Double.isFinite(r.error()) ? fmtTime(r.error()) : "—")
                        .append(" | ").append(derived(r)).append(" | ").append(bound(r)).append(" | ").append(percent(fraction(r)))
                        .append(" | `").append(fileName(r.source())).append("` |\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private String threads() {
        // One group per run directory: a quick smoke run and the reference run are never mixed in one row.
        Map<String, List<BenchRecord>> groups = new LinkedHashMap<>();
        for (BenchRecord r : records) {
            if (r.shortName().startsWith("MachineProbe")) continue;
            String key = r.source().directory() + "|" + r.machine().key() + "|" + r.shortName() + "|" + r.problemParams() + "|" + r.implementation();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        StringBuilder sb = new StringBuilder("| benchmark | params | implementation | run | 1 thread | speedup (threads: ×) | 1 → 2 ≥ "
                + fmt(SCALING_TARGET, 2) + "× (analyses > 5 ms) |\n|---|---|---|---|---|---|---|\n");
        int rows = 0;
        for (List<BenchRecord> g : groups.values()) {
            Map<Integer, BenchRecord> byThreads = new java.util.TreeMap<>();
            for (BenchRecord r : g) byThreads.put(r.threads(), r); // the last record per thread count
            BenchRecord one = byThreads.get(1);
            if (one == null || byThreads.size() < 2) continue;
            List<String> speedups = new ArrayList<>();
            for (Map.Entry<Integer, BenchRecord> e : byThreads.entrySet()) {
                if (e.getKey() == 1) continue;
                speedups.add(e.getKey() + ": " + fmt(one.seconds() / e.getValue().seconds(), 3) + "×");
            }
            String target = "—";
            if (one.shortName().endsWith("AnalysisBench.analysis") && one.seconds() > SCALING_MIN_SECONDS && byThreads.containsKey(2)) {
                double s = one.seconds() / byThreads.get(2).seconds();
                // The quick profile (2 × 1 s iterations after 2 s of warm-up) is a smoke run: too short for JIT
                // warm-up of the larger analyses, so it is shown but not judged.
                if ("quick".equals(one.source().profile())) target = "smoke run, not judged";
                else if (!atHome(one)) target = "other machine (" + fmt(s, 3) + "×), not judged";
                else target = s >= SCALING_TARGET ? "met" : "**not met**";
            }
            String profile = one.source().profile();
            sb.append("| ").append(one.shortName()).append(" | ").append(params(one.problemParams())).append(" | ").append(one.implementation())
                    .append(" | `").append(one.source().directory()).append('`').append(profile.isEmpty() ? "" : " (" + profile + ")")
                    .append(" | ").append(fmtTime(one.seconds())).append(" | ").append(String.join(", ", speedups)).append(" | ").append(target).append(" |\n");
            rows++;
        }
        if (rows == 0) return "No benchmark was run at more than one thread count.\n";
        return sb.append("\nSpeedup = time on 1 thread ÷ time on T threads, same run, machine, parameters and implementation.\n").toString();
    }

    private String scalar() {
        Map<String, BenchRecord[]> pairs = new LinkedHashMap<>();
        for (BenchRecord r : records) {
            if (r.torch() || r.shortName().startsWith("MachineProbe")) continue;
            String key = r.machine().key() + "|" + r.shortName() + "|" + r.problemParams() + "|" + r.threads();
            BenchRecord[] p = pairs.computeIfAbsent(key, k -> new BenchRecord[2]);
            p[r.vector() ? 0 : 1] = r;
        }
        StringBuilder sb = new StringBuilder("| benchmark | params | threads | vector | scalar twin | vector speedup |\n|---|---|---|---|---|---|\n");
        int rows = 0;
        for (BenchRecord[] p : pairs.values()) {
            if (p[0] == null || p[1] == null) continue;
            sb.append("| ").append(p[0].shortName()).append(" | ").append(params(p[0].problemParams())).append(" | ").append(p[0].threads())
                    .append(" | ").append(fmtTime(p[0].seconds())).append(" | ").append(fmtTime(p[1].seconds())).append(" | ")
                    .append(fmt(p[1].seconds() / p[0].seconds(), 3)).append("× |\n");
            rows++;
        }
        if (rows == 0) return "No scalar-twin results (forks without the incubator module, `-Denflow.vector=false`) in the inputs.\n";
        return sb.append("\nScalar twin: the same public call in a fork without `--add-modules jdk.incubator.vector` and with "
                + "`-Denflow.vector=false`, so every kernel runs its plain-Java twin.\n").toString();
    }

    private String plots(List<BenchPlots.Plot> plots) {
        if (plots.isEmpty()) return "No plots written (pass `--plots DIR`).\n";
        StringBuilder sb = new StringBuilder();
        for (BenchPlots.Plot p : plots) sb.append("![").append(p.caption()).append("](").append(p.link()).append(")\n\n*").append(p.caption()).append("*\n\n");
        return sb.toString();
    }

    private String models() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        Set<String> none = new TreeSet<>();
        for (BenchRecord r : records) {
            Optional<Workload> w = r.workload();
            if (w.isPresent()) m.computeIfAbsent(r.shortName(), k -> new TreeSet<>()).add(w.get().model());
            else none.add(r.shortName());
        }
        StringBuilder sb = new StringBuilder("| benchmark | flops and bytes per call (N members or points, d dimension) |\n|---|---|\n");
        for (Map.Entry<String, Set<String>> e : m.entrySet()) sb.append("| ").append(e.getKey()).append(" | ").append(String.join("; ", e.getValue())).append(" |\n");
        sb.append("\nNominal counts (FMA = 2 flops; exponentials counted only where a model says so, index work never); bytes are the streaming traffic the "
                + "algorithm needs at least. The formulas and their derivation: `org.enflow.experiment.bench.Workloads`.");
        if (!none.isEmpty()) sb.append(" Without a model (time only): ").append(String.join(", ", none)).append('.');
        return sb.append('\n').toString();
    }

    // ------------------------------------------------------------------------------------------ derived figures

    /** The fraction of its roofline bound a record reached (bound time ÷ measured time), or NaN. */
    public double fraction(BenchRecord r) {
        Optional<Workload> w = r.workload();
        Optional<Machine> m = roofs.roofsFor(r);
        if (w.isEmpty() || m.isEmpty() || r.shortName().startsWith("MachineProbe")) return Double.NaN;
        int t = r.threads() * r.jmhThreads();
        double bound = w.get().boundSeconds(roofs.peakFlops(m.get(), t), roofs.bandwidth(m.get(), t), roofs.expRate(m.get(), t));
        return bound > 0 ? bound / r.seconds() : Double.NaN;
    }

    /** "FMA" or "memory": what bounds the record's work on its machine, or "—". */
    public String bound(BenchRecord r) {
        Optional<Workload> w = r.workload();
        Optional<Machine> m = roofs.roofsFor(r);
        if (w.isEmpty() || m.isEmpty() || r.shortName().startsWith("MachineProbe")) return "—";
        int t = r.threads() * r.jmhThreads();
        double e = roofs.expRate(m.get(), t);
        if (!Double.isFinite(roofs.peakFlops(m.get(), t)) || !Double.isFinite(roofs.bandwidth(m.get(), t))
                || (w.get().exps() > 0 && !Double.isFinite(e))) return "—";
        String b = w.get().memoryBound(roofs.peakFlops(m.get(), t), roofs.bandwidth(m.get(), t), e) ? "memory"
                : w.get().exps() > 0 ? "FMA + exp" : "FMA";
        return m.get().equals(r.machine()) ? b : b + "*";
    }

    private String derived(BenchRecord r) {
        Optional<Workload> w = r.workload();
        if (w.isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        double s = r.seconds() / r.jmhThreads(); // probes: the aggregate rate of all JMH threads
        Workload x = w.get();
        if (x.elements() > 0) parts.add(fmt(r.seconds() * 1e9 / x.elements(), 3) + " ns/element-step");
        if (x.flops() > 0) parts.add(gflops(x.flops() / s));
        if (x.bytes() > 0) parts.add(gbs(x.bytes() / s));
        if (x.exps() > 0) parts.add(fmt(x.exps() / s * 1e-9, 3) + " G exp/s");
        return String.join(", ", parts);
    }

    // ------------------------------------------------------------------------------------------ formatting

    /** Orders records by their parameters (numbers compared as numbers), implementation, threads. */
    static final Comparator<BenchRecord> ORDER = Comparator.<BenchRecord, String>comparing(r -> naturalKey(params(r.problemParams())))
            .thenComparing(BenchRecord::implementation).thenComparingInt(BenchRecord::threads);

    /** A key in which every digit run is left-padded to 12 digits, so text order is numeric order. */
    static String naturalKey(String s) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (Character.isDigit(s.charAt(i))) {
                int j = i;
                while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
                String digits = s.substring(i, j);
                sb.append("0".repeat(Math.max(0, 12 - digits.length()))).append(digits);
                i = j;
            } else {
                sb.append(s.charAt(i++));
            }
        }
        return sb.toString();
    }

    private static String params(Map<String, String> p) {
        if (p.isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : p.entrySet()) parts.add(e.getKey() + "=" + e.getValue());
        return String.join(", ", parts);
    }

    private static String fileName(ResultFile f) {
        return f.name();
    }

    private static String time(BenchRecord r) {
        return r == null ? "not measured" : fmtTime(r.seconds());
    }

    /** A time with 3 significant digits in s, ms, µs or ns. */
    public static String fmtTime(double seconds) {
        if (!Double.isFinite(seconds)) return "—";
        double a = Math.abs(seconds);
        if (a >= 1) return fmt(seconds, 3) + " s";
        if (a >= 1e-3) return fmt(seconds * 1e3, 3) + " ms";
        if (a >= 1e-6) return fmt(seconds * 1e6, 3) + " µs";
        return fmt(seconds * 1e9, 3) + " ns";
    }

    private static String gflops(double flopsPerSecond) {
        return fmt(flopsPerSecond / 1e9, 3) + " GFLOP/s";
    }

    private static String gbs(double bytesPerSecond) {
        return fmt(bytesPerSecond / 1e9, 3) + " GB/s";
    }

    private static String percent(double f) {
        return Double.isFinite(f) ? fmt(100 * f, 2) + " %" : "—";
    }

    /** {@code sig} significant digits, no exponent for ordinary magnitudes, no trailing zeros past the point. */
    public static String fmt(double v, int sig) {
        if (!Double.isFinite(v)) return "—";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e7 || a < 1e-4) return String.format(Locale.ROOT, "%." + (sig - 1) + "e", v);
        int digits = Math.max(0, sig - 1 - (int) Math.floor(Math.log10(a)));
        String s = String.format(Locale.ROOT, "%." + digits + "f", v);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    private static String esc(String s) {
        return s.replace("|", "\\|");
    }
}
