package org.enflow.experiment;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * rmse.png: forecast and analysis RMSE and the analysis spread over the cycles (xchart, headless); with a
 * reference posterior also the W2 to it and its own analysis RMSE.
 */
public final class RmsePlot {
    private RmsePlot() {}

    public static void write(ExperimentResult result, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        ExperimentConfig c = result.config();
        XYChart chart = new XYChartBuilder().width(900).height(520)
                .title(c.model() + " d=" + c.dim() + ", " + result.observationDescription() + " σ=" + c.obsSigma()
                        + ", filter " + c.filter() + ", N=" + c.members())
                .xAxisTitle("cycle (vertical line: end of burn-in)").yAxisTitle(result.reference() == null ? "RMSE / spread" : "RMSE / spread / W2").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        // Integer cycle labels without thousands separators, spaced so that 5-digit labels do not collide.
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisTickMarkSpacingHint(90);
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        lo = Math.min(lo, add(chart, result, "RMSE forecast", CycleRecord::rmseForecast, new java.awt.Color(0xBBBBBB)));
        lo = Math.min(lo, add(chart, result, "RMSE analysis", CycleRecord::rmseAnalysis, new java.awt.Color(0x1F4E9A)));
        lo = Math.min(lo, add(chart, result, "spread analysis", CycleRecord::spreadAnalysis, new java.awt.Color(0xD95F02)));
        for (CycleRecord r : result.cycles()) {
            for (double v : new double[] {r.rmseForecast(), r.rmseAnalysis(), r.spreadAnalysis()})
                if (Double.isFinite(v)) hi = Math.max(hi, v);
        }
        if (result.reference() != null) {
            List<ReferenceRecord> ref = result.reference().cycles();
            lo = Math.min(lo, addSeries(chart, "W2 to reference", ref, ReferenceRecord::w2, new java.awt.Color(0x1B9E77)));
            lo = Math.min(lo, addSeries(chart, "reference RMSE analysis", ref, ReferenceRecord::rmseAnalysis, new java.awt.Color(0x7570B3)));
            for (ReferenceRecord r : ref)
                for (double v : new double[] {r.w2(), r.rmseAnalysis()}) if (Double.isFinite(v)) hi = Math.max(hi, v);
        }
        // A log axis when the curves span more than a decade and a half (a filter converging from the prior).
        if (lo > 0 && Double.isFinite(lo) && hi / lo > 30) chart.getStyler().setYAxisLogarithmic(true);
        // The scores are averaged from the burn-in line on.
        if (c.burnIn() > 0 && c.burnIn() < result.cycles().size())
            chart.addAnnotation(new org.knowm.xchart.AnnotationLine(c.burnIn(), true, false));
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** Adds the finite points of one series; returns its smallest value. */
    private static double add(XYChart chart, ExperimentResult result, String name,
                              ToDoubleFunction<CycleRecord> quantity, java.awt.Color color) {
        return addSeries(chart, name, result.cycles(), quantity, color);
    }

    private static <R> double addSeries(XYChart chart, String name, List<R> records, ToDoubleFunction<R> quantity,
                                        java.awt.Color color) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < records.size(); k++) {
            double v = quantity.applyAsDouble(records.get(k));
            if (!Double.isFinite(v)) continue;
            xs.add((double) k);
            ys.add(v);
            min = Math.min(min, v);
        }
        if (xs.isEmpty()) return min;
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        return min;
    }
}
