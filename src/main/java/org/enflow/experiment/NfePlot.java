package org.enflow.experiment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The cost–accuracy comparison of the generative filters (issue 4 acceptance 5): analysis RMSE over the
 * last 50 cycles against the number of field evaluations per analysis, one panel per data set, one line
 * per method on the tuning seed, the upstream sweep (protocol.md §4(a)) as hollow markers and the tuned
 * classical filters as horizontal lines. Reads run directories written by {@code enflow run}:
 * {@code RUNS/<data set>/<run>/summary.json} (only summary.json is needed), as laid out by
 * {@code docs/experiments/nfe-sweep.sh}; prints a Markdown table of every run to standard output.
 *
 * <pre>java -cp target/enflow.jar org.enflow.experiment.NfePlot RUNS_DIR OUT.png [DATA_SET...]</pre>
 */
public final class NfePlot {
    /** protocol.md §1.5: the seed the upstream sweep was tuned on. */
    public static final long TUNING_SEED = 2376999025L;
    private static final int[] GRID = {5, 10, 20, 50, 100};

    /**
     * Upstream sweep RMSE at K = 5/10/20/50/100 grid points (NFE = K − 1), tuning seed, N = 20, ArcTan
     * observations: protocol.md §4(a) [enff-csv topk_hyperparameters.csv, k = 1].
     */
    static final Map<String, Map<String, double[]>> UPSTREAM = Map.of(
            "lorenz96", Map.of(
                    "EnFF-F2P", new double[] {.5843, .1778, .1725, .1723, .1723},
                    "EnFF-OT", new double[] {.4793, .3555, .2271, .1850, .1721},
                    "EnSF", new double[] {7.767, 3.309, 1.845, .775, .4033}),
            "ks", Map.of(
                    "EnFF-F2P", new double[] {.06617, .07111, .07405, .07421, .07806},
                    "EnFF-OT", new double[] {.08257, .05258, .05476, .05357, .05355},
                    "EnSF", new double[] {1.658, .6538, .2438, .1178, .08188}));

    private static final List<String> GENERATIVE = List.of("EnFF-F2P", "EnFF-OT", "EnSF");
    private static final Map<String, Color> COLORS = Map.of(
            "EnFF-F2P", new Color(0x1F4E9A), "EnFF-OT", new Color(0x1B9E77), "EnSF", new Color(0xD95F02),
            "LETKF", new Color(0x555555), "EnKF-PO", new Color(0x9E7BB5));

    private NfePlot() {}

    /** One run as read from its summary.json. */
    record Run(String dataSet, String model, int dim, int members, String method, String settings, long seed,
               double nfe, double rmseLast50, double analysisSeconds, Integer divergedAt, int cycles) {
        boolean generative() {
            return GENERATIVE.contains(method);
        }

        boolean ok() {
            return divergedAt == null && Double.isFinite(rmseLast50);
        }

        /** Grid points K of a generative run: NFE = K − 1 for the Euler/EM samplers used here. */
        int grid() {
            return (int) Math.round(nfe) + 1;
        }
    }

    /** {@code NfePlot RUNS_DIR OUT.png [DATA_SET...]}: the named data sets (all if none) in the plot, every run in the table. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: NfePlot RUNS_DIR OUT.png [DATA_SET...]");
            System.exit(2);
        }
        List<Run> runs = read(Path.of(args[0]));
        if (runs.isEmpty())
            throw new IllegalArgumentException("RUNS_DIR = " + args[0] + ": no <data set>/<run>/summary.json found");
        List<String> plotted = List.of(args).subList(2, args.length);
        List<Run> drawn = plotted.isEmpty() ? runs : runs.stream().filter(r -> plotted.contains(r.dataSet())).toList();
        if (drawn.isEmpty()) throw new IllegalArgumentException("data sets " + plotted + ": no runs under " + args[0]);
        write(drawn, TUNING_SEED, Path.of(args[1]));
        System.out.print(table(runs, TUNING_SEED));
    }

    /** Every {@code DIR/<data set>/<run>/summary.json} below the runs directory. */
    static List<Run> read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("RUNS_DIR = " + dir + ": expected a directory");
        List<Run> runs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 3)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals(ResultWriter.SUMMARY)).sorted().toList()) {
                if (dir.relativize(f).getNameCount() != 3) continue;
                runs.add(parse(f.getParent().getParent().getFileName().toString(),
                        Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        return runs;
    }

    @SuppressWarnings("unchecked")
    static Run parse(String dataSet, String summaryJson) {
        Map<String, Object> s = (Map<String, Object>) Json.parse(summaryJson);
        Map<String, Object> config = (Map<String, Object>) s.get("config");
        Map<String, Object> setup = (Map<String, Object>) s.get("setup");
        Map<String, Object> set = (Map<String, Object>) setup.get("filter_settings");
        String filter = (String) config.get("filter");
        String method;
        String settings;
        switch (filter) {
            case "enff" -> {
                method = "EnFF-" + ((String) set.get("path")).toUpperCase(Locale.ROOT);
                settings = "σ_min " + set.get("sigma_min") + ", λ " + set.get("lambda");
            }
            case "ensf" -> {
                method = "EnSF";
                settings = "ε_α " + set.get("eps_alpha") + ", ε_β " + set.get("eps_beta");
            }
            case "letkf", "enkf" -> {
                method = filter.equals("letkf") ? "LETKF" : "EnKF-PO";
                settings = "inflation " + set.get("inflation") + ", loc_radius " + set.get("loc_radius");
            }
            default -> {
                method = filter;
                settings = String.valueOf(set);
            }
        }
        Object diverged = s.get("diverged_at_cycle");
        return new Run(dataSet, (String) config.get("model"), number(config.get("dim")).intValue(),
                number(config.get("members")).intValue(), method, settings,
                number(config.get("seed")).longValue(), number(s.get("nfe")), number(s.get("rmse_last50")),
                number(s.get("analysis_seconds")), diverged == null ? null : number(diverged).intValue(),
                number(s.get("cycles")).intValue());
    }

    private static Double number(Object o) {
        return o == null ? Double.NaN : (Double) o;
    }

    /** One panel per data set, side by side, in one PNG. */
    static void write(List<Run> runs, long tuning, Path png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        List<BufferedImage> panels = new ArrayList<>();
        for (Map.Entry<String, List<Run>> e : byDataSet(runs).entrySet())
            panels.add(BitmapEncoder.getBufferedImage(chart(e.getKey(), e.getValue(), tuning)));
        int w = panels.stream().mapToInt(BufferedImage::getWidth).sum();
        int h = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        if (png.getParent() != null) Files.createDirectories(png.getParent());
        if (!ImageIO.write(out, "png", png.toFile())) throw new IOException("no PNG writer");
    }

    /** Data sets in a fixed order: Lorenz-96 before KS, then by name. */
    private static Map<String, List<Run>> byDataSet(List<Run> runs) {
        Map<String, List<Run>> m = new TreeMap<>(Comparator.comparing((String k) -> !k.startsWith("l96")).thenComparing(k -> k));
        for (Run r : runs) m.computeIfAbsent(r.dataSet(), k -> new ArrayList<>()).add(r);
        return m;
    }

    private static XYChart chart(String dataSet, List<Run> runs, long tuning) {
        Run any = runs.get(0);
        String title = (any.model().equals("lorenz96") ? "Lorenz-96" : any.model().equals("ks") ? "Kuramoto–Sivashinsky" : any.model())
                + " d = " + any.dim() + ", N = " + any.members() + ", seed " + tuning;
        XYChart chart = new XYChartBuilder().width(760).height(700).title(title)
                .xAxisTitle("field evaluations per analysis (NFE = K − 1)").yAxisTitle("analysis RMSE, mean of the last 50 cycles").build();
        double xMin = 3.0, xMax = 130.0;  // the axis range: NFE 4 … 99 with a margin
        XYStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotGridLinesVisible(true);
        st.setXAxisLogarithmic(true);
        st.setYAxisLogarithmic(true);
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Vertical);
        st.setMarkerSize(7);
        st.setXAxisMin(xMin);
        st.setXAxisMax(xMax);
        Map<String, double[]> upstream = UPSTREAM.get(any.model());
        for (String m : GENERATIVE) {
            List<Run> line = runs.stream().filter(r -> r.method().equals(m) && r.seed() == tuning && r.ok())
                    .sorted(Comparator.comparingDouble(Run::nfe)).toList();
            if (!line.isEmpty()) {
                XYSeries s = chart.addSeries(m + " (this code)", line.stream().map(Run::nfe).toList(),
                        line.stream().map(Run::rmseLast50).toList());
                s.setLineColor(COLORS.get(m));
                s.setMarkerColor(COLORS.get(m));
                s.setMarker(SeriesMarkers.CIRCLE);
            }
            if (upstream != null) {
                List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
                for (int i = 0; i < GRID.length; i++) {
                    xs.add((double) GRID[i] - 1);
                    ys.add(upstream.get(m)[i]);
                }
                XYSeries s = chart.addSeries(m + " (upstream sweep, protocol.md §4a)", xs, ys);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(new HollowCircle());
                s.setMarkerColor(COLORS.get(m));
            }
        }
        for (String m : List.of("LETKF", "EnKF-PO")) {
            List<Run> tried = runs.stream().filter(r -> r.method().equals(m) && r.seed() == tuning && r.ok()).toList();
            Run best = tried.stream().min(Comparator.comparingDouble(Run::rmseLast50)).orElse(null);
            if (best == null) continue;
            String label = tried.size() == 1 ? "" : ", best of " + tried.size() + " settings";
            XYSeries s = chart.addSeries(m + " (" + best.settings() + label + "; no field evaluations)",
                    List.of(xMin, xMax), List.of(best.rmseLast50(), best.rmseLast50()));
            s.setLineColor(COLORS.get(m));
            s.setLineStyle(SeriesLines.DASH_DASH);
            s.setMarker(SeriesMarkers.NONE);
        }
        // Whole decades on the log axis: xchart labels only powers of ten, so every panel shows at least two.
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                if (y > 0 && Double.isFinite(y)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        if (hi > 0) {
            st.setYAxisMin(Math.pow(10, Math.floor(Math.log10(lo))));
            st.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(hi))));
        }
        return chart;
    }

    /** The upstream reference points: an unfilled circle in the series colour. */
    private static final class HollowCircle extends Marker {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            g.setStroke(new java.awt.BasicStroke(1.6f));
            double r = size / 2.0 + 2.5;  // larger than the filled markers, so a coinciding pair stays visible
            g.draw(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }
    }

    /**
     * Markdown tables: per data set, every generative (method, K) with its tuning-seed RMSE next to the
     * upstream value, the mean ± sample std over the other seeds where run, NFE and analysis seconds; then
     * the classical filters' tuning grid and the best setting on the other seeds.
     */
    static String table(List<Run> runs, long tuning) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Run>> e : byDataSet(runs).entrySet()) {
            List<Run> rs = e.getValue();
            Map<String, double[]> upstream = UPSTREAM.get(rs.get(0).model());
            sb.append("\n").append(e.getKey()).append(" (d = ").append(rs.get(0).dim()).append(", ")
                    .append(rs.get(0).cycles()).append(" cycles)\n\n");
            sb.append("| method | K | NFE | settings | RMSE, seed ").append(tuning)
                    .append(" | upstream | RMSE, other seeds: mean ± std (n) | analysis s/cycle |\n");
            sb.append("|---|---|---|---|---|---|---|---|\n");
            for (String m : GENERATIVE) {
                List<Run> tuned = rs.stream().filter(r -> r.method().equals(m) && r.seed() == tuning)
                        .sorted(Comparator.comparingDouble(Run::nfe)).toList();
                for (Run r : tuned) {
                    int k = r.grid();
                    int idx = indexOf(k);
                    String up = upstream != null && idx >= 0 ? fmt(upstream.get(m)[idx]) : "–";
                    List<Run> others = rs.stream().filter(o -> o.method().equals(m) && o.seed() != tuning
                            && o.nfe() == r.nfe() && o.settings().equals(r.settings())).toList();
                    sb.append("| ").append(m).append(" | ").append(k).append(" | ").append((int) r.nfe()).append(" | ")
                            .append(r.settings()).append(" | ").append(result(r)).append(" | ").append(up).append(" | ")
                            .append(others.isEmpty() ? "–" : seeds(others)).append(" | ")
                            .append(String.format(Locale.ROOT, "%.4g", r.analysisSeconds())).append(" |\n");
                }
            }
            List<Run> classical = rs.stream().filter(r -> !r.generative()).toList();
            if (classical.isEmpty()) continue;
            sb.append("\n| classical filter | settings | RMSE, seed ").append(tuning)
                    .append(" | RMSE, other seeds: mean ± std (n) | analysis s/cycle |\n|---|---|---|---|---|\n");
            Map<String, List<Run>> byMethodSettings = classical.stream().collect(Collectors.groupingBy(
                    r -> r.method() + "\u0000" + r.settings(), TreeMap::new, Collectors.toList()));
            // Per filter, best tuning-seed RMSE first.
            List<List<Run>> groups = new ArrayList<>(byMethodSettings.values());
            groups.sort(Comparator.comparing((List<Run> g) -> g.get(0).method()).thenComparingDouble(g -> g.stream()
                    .filter(r -> r.seed() == tuning && r.ok()).mapToDouble(Run::rmseLast50).findFirst().orElse(Double.MAX_VALUE)));
            for (List<Run> group : groups) {
                Run t = group.stream().filter(r -> r.seed() == tuning).findFirst().orElse(null);
                List<Run> others = group.stream().filter(r -> r.seed() != tuning).toList();
                Run any = group.get(0);
                sb.append("| ").append(any.method()).append(" | ").append(any.settings()).append(" | ")
                        .append(t == null ? "–" : result(t)).append(" | ").append(others.isEmpty() ? "–" : seeds(others))
                        .append(" | ").append(String.format(Locale.ROOT, "%.4g", (t != null ? t : any).analysisSeconds())).append(" |\n");
            }
        }
        return sb.toString();
    }

    private static int indexOf(int k) {
        for (int i = 0; i < GRID.length; i++) if (GRID[i] == k) return i;
        return -1;
    }

    private static String result(Run r) {
        if (r.divergedAt() != null) return "diverged at cycle " + r.divergedAt();
        return fmt(r.rmseLast50());
    }

    /** Mean ± sample standard deviation (n) of the finite runs; diverged runs are counted apart. */
    static String seeds(List<Run> runs) {
        double[] v = runs.stream().filter(Run::ok).mapToDouble(Run::rmseLast50).toArray();
        long diverged = runs.size() - v.length;
        String d = diverged > 0 ? ", " + diverged + " diverged" : "";
        if (v.length == 0) return "all diverged";
        double mean = 0;
        for (double x : v) mean += x;
        mean /= v.length;
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        String sd = v.length > 1 ? " ± " + fmt(Math.sqrt(ss / (v.length - 1))) : "";
        return fmt(mean) + sd + " (" + v.length + d + ")";
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
