package org.enflow.experiment.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java side of the side-by-side problems against plain loops written from the specs, and the files
 * the agreement check reads. Tolerances: each output is a short chain of well-conditioned operations on
 * O(1)..O(10) values (sums of at most a few hundred terms), so independent evaluations differ by a few
 * hundred ulps at most: 1e-12 relative to the largest output is a 10^3 margin above that and far below
 * any formula error (1e-8 and up).
 */
class TwinProblemTest {
    static double maxRelDiff(double[] a, double[] b) {
        double scale = 0, diff = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        return diff / scale;
    }

    static Map<String, TwinArray> byName(List<TwinArray> arrays) {
        return arrays.stream().collect(java.util.stream.Collectors.toMap(TwinArray::name, a -> a));
    }

    @Test
    void l96StepIsOneRk38Step() {
        TwinProblem p = TwinProblem.create("l96:3x11", 5, Parallel.sequential());
        double[] x = p.inputs().get(0).data().clone();
        p.restore();
        p.run();
        int n = 3, d = 11;
        double h = L96StepTwin.DT;
        double[] k1 = drift(x, n, d), x2 = new double[x.length], x3 = new double[x.length], x4 = new double[x.length];
        for (int i = 0; i < x.length; i++) x2[i] = x[i] + h * k1[i] / 3;
        double[] k2 = drift(x2, n, d);
        for (int i = 0; i < x.length; i++) x3[i] = x[i] + h * (k2[i] - k1[i] / 3);
        double[] k3 = drift(x3, n, d);
        for (int i = 0; i < x.length; i++) x4[i] = x[i] + h * (k1[i] - k2[i] + k3[i]);
        double[] k4 = drift(x4, n, d), ref = new double[x.length];
        for (int i = 0; i < x.length; i++) ref[i] = x[i] + h * (k1[i] + 3 * k2[i] + 3 * k3[i] + k4[i]) / 8;
        assertTrue(maxRelDiff(ref, p.outputs().get(0).data()) < 1e-12);
    }

    static double[] drift(double[] x, int n, int d) {
        double[] f = new double[x.length];
        for (int m = 0; m < n; m++) {
            for (int i = 0; i < d; i++) {
                int o = m * d;
                f[o + i] = (x[o + (i + 1) % d] - x[o + (i - 2 + d) % d]) * x[o + (i - 1 + d) % d] - x[o + i] + L96StepTwin.FORCING;
            }
        }
        return f;
    }

    @Test
    void f2pTransportMatchesTheSpecsEulerSteps() {
        // Soft weights (sigma_min = 1, members 0.3 apart) and K = 3: two Euler steps, t = 0 and 1/2.
        F2pStepTwin.Settings s = new F2pStepTwin.Settings(1.0, 0.05, 0.5, 3, 0.3);
        int n = 6, d = 7;
        F2pStepTwin p = new F2pStepTwin(n, d, 9, s, Parallel.sequential());
        Map<String, TwinArray> in = byName(p.inputs());
        double[] xf = in.get("xf").data(), xa = in.get("xa").data(), y = in.get("y").data(), z = in.get("z").data().clone();
        p.restore();
        p.run();
        double h = 0.5, gain = s.lambda() / (s.sigmaY() * s.sigmaY());
        boolean soft = false;
        for (int k = 0; k < 2; k++) {
            double t = k * h;
            double[] next = new double[z.length];
            for (int i = 0; i < n; i++) {
                double[] logits = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double s2 = 0;
                    for (int c = 0; c < d; c++) {
                        double diff = z[i * d + c] - (t * xf[j * d + c] + (1 - t) * xa[j * d + c]);
                        s2 += diff * diff;
                    }
                    logits[j] = -s2 / (2 * s.sigmaMin() * s.sigmaMin());
                    max = Math.max(max, logits[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) sum += logits[j] = Math.exp(logits[j] - max);
                for (int j = 0; j < n; j++) {
                    logits[j] /= sum;
                    soft |= logits[j] > 0.05 && logits[j] < 0.95;
                }
                for (int c = 0; c < d; c++) {
                    double v = 0;
                    for (int j = 0; j < n; j++) v += logits[j] * (xf[j * d + c] - xa[j * d + c]);
                    double zhat = z[i * d + c] + (1 - t) * v;
                    double g = gain * (y[c] - Math.atan(zhat)) / (1 + zhat * zhat);
                    next[i * d + c] = z[i * d + c] + h * (v + g);
                }
            }
            z = next;
        }
        assertTrue(soft, "the case must exercise soft weights");
        assertTrue(maxRelDiff(z, p.outputs().get(0).data()) < 1e-12);
    }

    @Test
    void kdeRhsMatchesTheClosedFormDenoiser() {
        KdeRhsTwin.Settings s = new KdeRhsTwin.Settings(2.0, 0.1, 50, 3);
        int n = 30, d = 5;
        KdeRhsTwin p = new KdeRhsTwin(n, d, 4, s, Parallel.sequential());
        Map<String, TwinArray> in = byName(p.inputs());
        double[] x = in.get("members").data(), l = in.get("log_weights").data(), u = in.get("u").data();
        p.run();
        double[] ref = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] a = new double[n];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double s2 = 0;
                for (int c = 0; c < d; c++) s2 += (u[i * d + c] - x[j * d + c]) * (u[i * d + c] - x[j * d + c]);
                a[j] = l[j] - s2 / (2 * s.sigmaBar() * s.sigmaBar());
                max = Math.max(max, a[j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) sum += a[j] = Math.exp(a[j] - max);
            for (int c = 0; c < d; c++) {
                double den = 0;
                for (int j = 0; j < n; j++) den += a[j] / sum * x[j * d + c];
                ref[i * d + c] = (s.sigmaMax() - s.sigmaX()) / s.sigmaBar() * (u[i * d + c] - den);
                // (the flow evaluates at t = (σ̄ − σ_x)/(σ_max − σ_x), whose σ̄(t) is σ̄ to the last bit or so)
            }
        }
        assertTrue(maxRelDiff(ref, p.outputs().get(0).data()) < 1e-12);
        // The members are centred.
        for (int c = 0; c < d; c++) {
            double m = 0;
            for (int i = 0; i < n; i++) m += x[i * d + c];
            assertEquals(0, m / n, 1e-14);
        }
    }

    @Test
    void badProblemNames() {
        for (String bad : new String[] {"l96", "l97:2x40", "f2p:20", "kde:0x40", "kde:axb", "l96:2x3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TwinProblem.create(bad, 1, Parallel.sequential()), bad);
            assertTrue(e.getMessage().contains("'") || e.getMessage().contains("d = "), e.getMessage());
        }
    }

    @Test
    void casesAreWrittenAsLittleEndianDoublesWithHeaders(@TempDir Path dir) throws Exception {
        List<String> ids = TwinCases.write(dir, TwinCases.problems(List.of("f2p:4x9", "kde:5x3"), 7), Parallel.sequential());
        assertEquals(List.of("f2p_4x9", "kde_5x3"), ids);
        Map<?, ?> header = (Map<?, ?>) JsonReader.parse(Files.readString(dir.resolve("f2p_4x9.json")));
        assertEquals("f2p:4x9", header.get("problem"));
        List<?> inputs = (List<?>) header.get("inputs");
        assertEquals(4, inputs.size());
        Map<?, ?> z = (Map<?, ?>) inputs.get(2);
        assertEquals("z", z.get("name"));
        byte[] raw = Files.readAllBytes(dir.resolve((String) z.get("file")));
        double[] back = new double[raw.length / 8];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(back);
        TwinProblem fresh = TwinProblem.create("f2p:4x9", 7, Parallel.sequential());
        assertArrayEquals(fresh.inputs().get(2).data(), back);
        assertEquals(List.of("f2p_4x9", "kde_5x3"), ((Map<?, ?>) JsonReader.parse(Files.readString(dir.resolve("cases.json")))).get("cases"));
    }
}
