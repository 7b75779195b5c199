package org.enflow.experiment;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A scatter of two state components of an analysis ensemble (xchart, headless PNG): the reference
 * posterior's points in grey underneath, the filter's members on top, the truth as a red diamond. In a
 * weighted ensemble the members with N·w &lt; 1/2 are drawn faint, so that members that carry almost no
 * weight do not look like posterior mass.
 */
public final class EnsemblePlot {
    private EnsemblePlot() {}

    /**
     * @param members   the analysis ensemble (count × d, row-major)
     * @param weights   its normalized weights, or null
     * @param reference reference points (referenceCount × d) or null
     */
    public static void write(Path file, String title, double[] members, int count, double[] weights, double[] reference,
                             int referenceCount, double[] truth, int d, int xComponent, int yComponent) throws IOException {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(720).height(620).title(title)
                .xAxisTitle("x" + xComponent).yAxisTitle("x" + yComponent).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setMarkerSize(4);
        if (reference != null && referenceCount > 0) {
            XYSeries s = chart.addSeries("reference posterior (" + referenceCount + " points)",
                    column(reference, referenceCount, d, xComponent), column(reference, referenceCount, d, yComponent));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(150, 150, 150, 140));
        }
        double[] xs = column(members, count, d, xComponent), ys = column(members, count, d, yComponent);
        if (weights == null) {
            XYSeries s = chart.addSeries("analysis ensemble (N = " + count + ")", xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(31, 78, 154, 170));
        } else {
            // Members with N·w >= 1/2 in full colour, the rest faint: xchart has one marker size per series.
            int heavy = 0;
            for (int i = 0; i < count; i++) if (count * weights[i] >= 0.5) heavy++;
            double[] hx = new double[heavy], hy = new double[heavy], lx = new double[count - heavy], ly = new double[count - heavy];
            for (int i = 0, a = 0, b = 0; i < count; i++) {
                if (count * weights[i] >= 0.5) {
                    hx[a] = xs[i];
                    hy[a++] = ys[i];
                } else {
                    lx[b] = xs[i];
                    ly[b++] = ys[i];
                }
            }
            if (count - heavy > 0) {
                XYSeries s = chart.addSeries("members with N·w < 1/2", lx, ly);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(new Color(31, 78, 154, 50));
            }
            if (heavy > 0) {
                XYSeries s = chart.addSeries("members with N·w >= 1/2 (of N = " + count + ")", hx, hy);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(new Color(31, 78, 154, 200));
            }
        }
        XYSeries t = chart.addSeries("truth", new double[] {truth[xComponent]}, new double[] {truth[yComponent]});
        t.setMarker(SeriesMarkers.DIAMOND);
        t.setMarkerColor(new Color(0xD7191C));
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static double[] column(double[] x, int count, int d, int j) {
        double[] c = new double[count];
        for (int i = 0; i < count; i++) c[i] = x[i * d + j];
        return c;
    }
}
