package org.enflow.filter.flowdas;

import java.nio.file.Path;
import java.util.Locale;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.model.NoisyModel;

/**
 * Oracle 4 for a trained drift file, as a command (too slow for a unit test with a fully trained
 * network): unguided transition samples from three states on the Lorenz-63 attractor against the
 * generator N(RK4(x₀), dt·I) of the flowdas-l63 preset, and against the closed-form drift's own sweep.
 * Prints per coordinate: mean − m(x₀), the sample std, the closed-form sweep's exact std, the KS distance
 * to N(m, q²) and the α = 0.001 critical value.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp target/enflow.jar:target/test-classes \
 *     org.enflow.filter.flowdas.DriftCheck runs/l63.drift [paths]</pre>
 */
public final class DriftCheck {
    private DriftCheck() {}

    public static void main(String[] args) {
        MlpDrift drift = DriftFile.read(Path.of(args[0]));
        int paths = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        NoisyModel model = FlowDasFilterTest.l63(Parallel.sequential(), 2);
        System.out.println("drift " + drift.describe() + ", " + paths + " paths per start, generator q = " + model.q());
        for (double[] start : new double[][] {{-3, 0, 22}, {1, 2, 20}, {8, 8, 30}}) {
            Ensemble x = new Ensemble(1, 3);
            System.arraycopy(start, 0, x.data(), 0, 3);
            model.advance(x, 0, 600);
            double[] x0 = x.data().clone(), m = x0.clone();
            model.inner().advance(Ensemble.wrap(1, 3, m), 0, 1);
            double[] samples = TransitionSamples.sample(drift, FlowDasConfig.defaults(), x0, paths, 3);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "x0 = (%.2f, %.2f, %.2f):", x0[0], x0[1], x0[2]));
            for (int c = 0; c < 3; c++) {
                double[] v = new double[paths];
                double mean = 0, var = 0;
                for (int i = 0; i < paths; i++) mean += (v[i] = samples[3 * i + c]) / paths;
                for (double e : v) var += (e - mean) * (e - mean) / (paths - 1);
                double sweep = drift.normalization().scale(c)
                        * TransitionSamples.discreteStd(model.q() / drift.normalization().scale(c), 1, 600);
                line.append(String.format(Locale.ROOT, "  c%d mean-m %+.4f std %.4f (exact sweep %.4f) KS %.3f/%.3f", c, mean - m[c],
                        Math.sqrt(var), sweep, TransitionSamples.ksDistance(v, m[c], model.q()), 1.95 / Math.sqrt(paths)));
            }
            System.out.println(line);
        }
    }
}
