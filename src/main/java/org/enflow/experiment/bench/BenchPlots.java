package org.enflow.experiment.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's PNG plots (xchart, headless): time against d and against N on log–log axes with each
 * series' roofline bound (dashed), the roofline plot (GFLOP/s against arithmetic intensity under the
 * machine's roofs), thread speedup, fraction of the roof reached, and vector against scalar twins. A plot
 * without data is not written.
 */
public final class BenchPlots {
    /** One plot written: its file, the link from the page, and a caption. */
    public record Plot(Path file, String link, String caption) {}

    private static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0xBCBD22), new Color(0x17BECF),
        new Color(0x393B79), new Color(0xAD494A), new Color(0x637939), new Color(0x843C39), new Color(0x7B4173), new Color(0x3182BD)};

    private final BenchReport report;
    private final Path dir;
    private final String linkPrefix;
    private final List<Plot> written = new ArrayList<>();

    /**
     * @param dir        where the PNGs go (created if needed)
     * @param linkPrefix how the page links to that directory (e.g. "img/" for docs/img from docs/benchmarks.md)
     */
    public BenchPlots(BenchReport report, Path dir, String linkPrefix) {
        this.report = report;
        this.dir = dir;
        this.linkPrefix = linkPrefix.isEmpty() || linkPrefix.endsWith("/") ? linkPrefix : linkPrefix + "/";
    }

    /** Writes every plot that has data; returns them in page order. */
    public List<Plot> writeAll() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        scaling("AnalysisBench.analysis", "analysis-time-vs-d.png", true);
        scaling("AnalysisBench.analysis", "analysis-time-vs-n.png", false);
        scaling("ForecastBench.forecast", "forecast-time-vs-d.png", true);
        roofline();
        speedup(report.home(), "thread-speedup.png");
        Set<Machine> others = new LinkedHashSet<>();
        for (BenchRecord r : report.records()) if (!r.torch() && !report.atHome(r)) others.add(r.machine());
        int k = 2;
        for (Machine m : others) speedup(m, "thread-speedup-" + k++ + ".png");
        fractions();
        scalarVector();
        return written;
    }

    private List<BenchRecord> java(String shortName, Predicate<BenchRecord> extra) {
        List<BenchRecord> list = new ArrayList<>();
        for (BenchRecord r : report.records())
            if (!r.torch() && r.vector() && report.atHome(r) && r.shortName().equals(shortName) && extra.test(r)) list.add(r);
        return list;
    }

    /** Time against d (or N) at the most common N (or d), 1 thread, one series per filter/model, with its roofline bound. */
    private void scaling(String shortName, String file, boolean againstD) {
        List<BenchRecord> all = java(shortName, r -> r.threads() == 1 && r.params().containsKey("config"));
        if (all.isEmpty()) return;
        Map<Double, Integer> counts = new LinkedHashMap<>();
        for (BenchRecord r : all) counts.merge(nd(r)[againstD ? 0 : 1], 1, Integer::sum);
        double fixed = counts.entrySet().stream().max(Map.Entry.<Double, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).get().getKey();
        Map<String, List<BenchRecord>> series = new LinkedHashMap<>();
        for (BenchRecord r : all) if (nd(r)[againstD ? 0 : 1] == fixed) series.computeIfAbsent(kind(r), k -> new ArrayList<>()).add(r);
        series.values().removeIf(l -> l.size() < 2);
        if (series.isEmpty()) return;
        String name = shortName.substring(0, shortName.indexOf("Bench"));
        XYChart chart = xy((againstD ? "time against d, N = " : "time against N, d = ") + fmtInt(fixed) + " (" + name.toLowerCase()
                + ", 1 thread; dashed: roofline bound)", againstD ? "d (state dimension)" : "N (members)", "seconds per call");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        int c = 0;
        for (Map.Entry<String, List<BenchRecord>> e : series.entrySet()) {
            List<BenchRecord> l = new ArrayList<>(e.getValue());
            l.sort(Comparator.comparingDouble(r -> nd(r)[againstD ? 1 : 0]));
            Color color = PALETTE[c++ % PALETTE.length];
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), bx = new ArrayList<>(), by = new ArrayList<>();
            for (BenchRecord r : l) {
                double x = nd(r)[againstD ? 1 : 0];
                xs.add(x);
                ys.add(r.seconds());
                double f = report.fraction(r);
                if (Double.isFinite(f)) {
                    bx.add(x);
                    by.add(f * r.seconds());
                }
            }
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setMarker(SeriesMarkers.CIRCLE);
            if (bx.size() >= 2) {
                XYSeries b = chart.addSeries(e.getKey() + " bound", bx, by);
                b.setLineColor(color);
                b.setMarker(SeriesMarkers.NONE);
                b.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
                b.setShowInLegend(false);
            }
        }
        save(chart, file, name + ": time per call against " + (againstD ? "d at N = " : "N at d = ") + fmtInt(fixed)
                + ", 1 thread, log–log; dashed: the roofline bound on the measured machine");
    }

    /** GFLOP/s against arithmetic intensity under the roofs of the probed machine with the most Java results. */
    private void roofline() {
        List<Machine> machines = report.roofs().machines();
        if (machines.isEmpty()) return;
        Machine m = machines.get(0);
        long best = -1;
        for (Machine c : machines) {
            long count = report.records().stream().filter(r -> !r.torch() && report.roofs().roofsFor(r).map(c::equals).orElse(false)).count();
            if (count > best) {
                best = count;
                m = c;
            }
        }
        List<Integer> probed = report.roofs().probedThreads(m);
        int[] ts = {probed.get(0), probed.get(probed.size() - 1)};
        XYChart chart = xy("roofline: " + m.description(), "arithmetic intensity (flop/byte)", "GFLOP/s");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (BenchRecord r : report.records()) {
            if (r.torch() || !r.vector() || r.shortName().startsWith("MachineProbe")) continue;
            if (!report.roofs().roofsFor(r).map(m::equals).orElse(false)) continue;
            if (r.threads() != ts[0] && r.threads() != ts[1]) continue;
            Optional<Workload> w = r.workload();
            if (w.isEmpty() || w.get().flops() <= 0 || w.get().bytes() <= 0) continue;
            String key = r.shortName().replace("Bench", "") + " (" + r.threads() + " t)";
            points.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {w.get().intensity(), w.get().flops() / r.seconds() / 1e9});
        }
        if (points.isEmpty()) return;
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (List<double[]> l : points.values()) for (double[] p : l) {
            lo = Math.min(lo, p[0]);
            hi = Math.max(hi, p[0]);
        }
        lo /= 2;
        hi *= 2;
        int c = 0;
        for (int t : ts.length == 2 && ts[0] == ts[1] ? new int[] {ts[0]} : ts) {
            double peak = report.roofs().peakFlops(m, t) / 1e9, bw = report.roofs().bandwidth(m, t) / 1e9;
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i <= 60; i++) {
                double x = lo * Math.pow(hi / lo, i / 60.0);
                xs.add(x);
                ys.add(Math.min(peak, x * bw));
            }
            XYSeries s = chart.addSeries("roof, " + t + " thread" + (t == 1 ? "" : "s"), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Color.DARK_GRAY);
            if (c++ > 0) s.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        }
        c = 0;
        for (Map.Entry<String, List<double[]>> e : points.entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (double[] p : e.getValue()) {
                xs.add(p[0]);
                ys.add(p[1]);
            }
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarkerColor(PALETTE[c++ % PALETTE.length]);
        }
        save(chart, "roofline.png", "Roofline: achieved GFLOP/s against arithmetic intensity (work models), under the measured roofs of "
                + m.description() + " (solid: " + ts[0] + " thread" + (ts[0] == 1 ? "" : "s") + ", dashed: " + ts[1] + ")");
    }

    /** A machine's name and OS image only ("AMD EPYC, Linux … x86_64"): the whole description overflows a title. */
    private static String shortName(Machine machine) {
        String[] parts = machine.description().split(", ");
        return parts.length < 2 ? machine.description() : parts[0] + ", " + parts[parts.length - 1];
    }

    /** Speedup against threads for the configurations measured at several thread counts (the 16 slowest on 1 thread). */
    private void speedup(Machine machine, String file) {
        Map<String, Map<Integer, BenchRecord>> groups = new LinkedHashMap<>();
        for (BenchRecord r : report.records()) {
            if (r.torch() || !r.vector() || r.shortName().startsWith("MachineProbe")) continue;
            if (machine.recorded() ? !r.machine().equals(machine) : !report.atHome(r)) continue;
            groups.computeIfAbsent(r.shortName().replace("Bench", "") + " " + label(r), k -> new java.util.TreeMap<>()).put(r.threads(), r);
        }
        groups.values().removeIf(g -> !g.containsKey(1) || g.size() < 2);
        if (groups.isEmpty()) return;
        List<Map.Entry<String, Map<Integer, BenchRecord>>> list = new ArrayList<>(groups.entrySet());
        list.sort(Comparator.comparingDouble(e -> -e.getValue().get(1).seconds()));
        boolean home = machine.equals(report.home());
        XYChart chart = xy(home ? "thread speedup (the 16 slowest configurations on 1 thread)" : "thread speedup, " + shortName(machine),
                "threads", "speedup over 1 thread");
        int maxT = 1, c = 0;
        for (Map.Entry<String, Map<Integer, BenchRecord>> e : list.subList(0, Math.min(16, list.size()))) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            double t1 = e.getValue().get(1).seconds();
            for (Map.Entry<Integer, BenchRecord> p : e.getValue().entrySet()) {
                xs.add((double) p.getKey());
                ys.add(t1 / p.getValue().seconds());
                maxT = Math.max(maxT, p.getKey());
            }
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setLineColor(PALETTE[c % PALETTE.length]);
            s.setMarkerColor(PALETTE[c++ % PALETTE.length]);
        }
        XYSeries ideal = chart.addSeries("ideal", List.of(1.0, (double) maxT), List.of(1.0, (double) maxT));
        ideal.setMarker(SeriesMarkers.NONE);
        ideal.setLineColor(Color.GRAY);
        save(chart, file, "Thread speedup (time on 1 thread ÷ time on T threads) on " + machine.description() + "; gray: ideal");
    }

    /** Bars: % of the roofline bound reached at 1 thread. */
    private void fractions() {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<BenchRecord> list = new ArrayList<>(report.records());
        list.sort(Comparator.comparing(BenchRecord::shortName).thenComparing(BenchReport.ORDER));
        for (BenchRecord r : list) {
            if (r.torch() || !r.vector() || r.threads() != 1 || !report.atHome(r)) continue;
            double f = report.fraction(r);
            if (!Double.isFinite(f)) continue;
            names.add(r.shortName().replace("Bench", "").replaceAll("\\..*", "") + " " + label(r) + " [" + report.bound(r) + "]");
            values.add(100 * f);
        }
        if (names.isEmpty()) return;
        if (names.size() > 40) {
            names = names.subList(0, 40);
            values = values.subList(0, 40);
        }
        CategoryChart chart = bars("fraction of the roof reached, 1 thread (first 40)", "% of the roofline bound");
        chart.addSeries("% of roof", names, values);
        save(chart, "fraction-of-peak.png", "Fraction of the roofline bound reached on 1 thread (bracket: the bounding resource)");
    }

    /** Bars: vector speedup over the scalar twin. */
    private void scalarVector() {
        Map<String, BenchRecord[]> pairs = new LinkedHashMap<>();
        for (BenchRecord r : report.records()) {
            if (r.torch() || r.shortName().startsWith("MachineProbe") || !report.atHome(r)) continue;
            String key = r.shortName().replace("Bench", "").replaceAll("\\..*", "") + " " + label(r) + " " + r.threads() + "t";
            pairs.computeIfAbsent(key, k -> new BenchRecord[2])[r.vector() ? 0 : 1] = r;
        }
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Map.Entry<String, BenchRecord[]> e : pairs.entrySet()) {
            if (e.getValue()[0] == null || e.getValue()[1] == null) continue;
            names.add(e.getKey());
            values.add(e.getValue()[1].seconds() / e.getValue()[0].seconds());
        }
        if (names.isEmpty()) return;
        CategoryChart chart = bars("Vector API speedup over the scalar twin", "scalar time ÷ vector time");
        chart.addSeries("vector speedup", names, values);
        save(chart, "scalar-vs-vector.png", "Vector API kernels against their scalar twins (scalar time ÷ vector time)");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static String label(BenchRecord r) {
        Map<String, String> p = r.problemParams();
        for (String k : new String[] {"config", "problem", "shape"}) if (p.containsKey(k)) return p.get(k);
        return p.toString();
    }

    private static String kind(BenchRecord r) {
        return r.params().get("config").split(":")[0];
    }

    private static double[] nd(BenchRecord r) {
        return Workloads.shape(r.params().get("config").split(":")[1]);
    }

    private static String fmtInt(double v) {
        return v >= 1e4 && Math.log10(v) == Math.rint(Math.log10(v)) ? "10^" + (int) Math.log10(v) : Long.toString((long) v);
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(x).yAxisTitle(y).build();
        style(chart.getStyler());
        chart.getStyler().setPlotGridLinesVisible(true);
        return chart;
    }

    private static CategoryChart bars(String title, String y) {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(600).title(title).yAxisTitle(y).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(75);
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
    }

    private void save(Chart<?, ?> chart, String file, String caption) {
        Path p = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(p)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
        }
        written.add(new Plot(p, linkPrefix + file, caption));
    }

}
