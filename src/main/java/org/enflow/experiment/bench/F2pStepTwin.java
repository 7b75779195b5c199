package org.enflow.experiment.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.generative.EnffConfig;
import org.enflow.filter.generative.EnsembleFlowFilter;
import org.enflow.filter.generative.FlowScheme;
import org.enflow.filter.generative.Guidance;
import org.enflow.filter.generative.ProbabilityPath;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;
import org.enflow.observe.Observation;
import org.enflow.observe.Operators;

/**
 * The EnFF-F2P transport with local guidance and arctan observations (enff.md §2–§5), by
 * {@link EnsembleFlowFilter#transport}: particles z (N × d) move from pseudo-time 0 over K − 1 Euler steps,
 *
 * <pre>
 *   μ_j = t·x^f_j + (1 − t)·x^a_j,   w_i = softmax_j(−‖z_i − μ_j‖²/(2σ_min²)),   v_i = Σ_j w_ij (x^f_j − x^a_j)
 *   ẑ_i = z_i + (1 − t)·v_i,   g_i = λ·(y − atan ẑ_i)/((1 + ẑ_i²)·σ_y²),   z_i ← z_i + h·(v_i + g_i),  h = 1/(K − 1)
 * </pre>
 *
 * The benchmark problem is one step (K = 2). Inputs: a base state b = 3·N(0, I); x^a_j = b + s·ξ_j;
 * x^f_j = x^a_j + 0.1·ξ'_j; z_j = x^a_j + σ_min·ξ''_j (the F2P source); y = atan(b) + σ_y·η.
 */
public final class F2pStepTwin implements TwinProblem {
    /**
     * @param sigmaMin path width σ_min
     * @param lambda   guidance gain λ
     * @param sigmaY   observation noise σ_y
     * @param grid     K grid points (K − 1 Euler steps)
     * @param spread   s, the members' spread around the base state
     */
    public record Settings(double sigmaMin, double lambda, double sigmaY, int grid, double spread) {
        public Settings {
            Require.positive("sigmaMin", sigmaMin);
            Require.nonNegative("lambda", lambda);
            Require.positive("sigmaY", sigmaY);
            Require.atLeast("grid", grid, 2);
            Require.positive("spread", spread);
        }

        /** The paper's L96 d = 10⁶ values (σ_min 0.01, λ 0.05, σ_y 0.05), one Euler step. */
        public static Settings benchmark() {
            return new Settings(0.01, 0.05, 0.05, 2, 1.0);
        }
    }

    private final int n, d;
    private final Settings settings;
    private final Ensemble forecast, previous;
    private final double[] y, z0, z;
    private final Observation observation;
    private final EnsembleFlowFilter filter;

    public F2pStepTwin(int n, int d, long seed, Settings settings, Parallel parallel) {
        this.n = n;
        this.d = d;
        this.settings = Require.notNull("settings", settings);
        RandomStreams streams = new RandomStreams(seed);
        Gaussian g = new Gaussian(streams.stream(RandomStreams.Purpose.AUXILIARY));
        double[] base = new double[d];
        g.fill(base, 0, d);
        for (int c = 0; c < d; c++) base[c] *= 3;
        previous = new Ensemble(n, d);
        forecast = new Ensemble(n, d);
        z0 = new double[n * d];
        double[] xa = previous.data(), xf = forecast.data();
        for (int i = 0; i < n; i++) {
            int o = i * d;
            g.fill(xa, o, d);
            g.fill(xf, o, d);
            g.fill(z0, o, d);
            for (int c = 0; c < d; c++) {
                xa[o + c] = base[c] + settings.spread() * xa[o + c];
                xf[o + c] = xa[o + c] + 0.1 * xf[o + c];
                z0[o + c] = xa[o + c] + settings.sigmaMin() * z0[o + c];
            }
        }
        y = new double[d];
        g.fill(y, 0, d);
        for (int c = 0; c < d; c++) y[c] = Math.atan(base[c]) + settings.sigmaY() * y[c];
        observation = Observation.withSigma(y, Operators.arctan(d), settings.sigmaY());
        EnffConfig config = new EnffConfig(ProbabilityPath.f2p(settings.sigmaMin()), Guidance.LOCAL, settings.lambda(),
                settings.grid(), FlowScheme.EULER, 1.0);
        filter = new EnsembleFlowFilter(config, n, streams, parallel);
        z = z0.clone();
    }

    @Override
    public String name() {
        return "f2p:" + n + "x" + d;
    }

    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sigma_min", settings.sigmaMin());
        m.put("lambda", settings.lambda());
        m.put("sigma_y", settings.sigmaY());
        m.put("grid", (double) settings.grid());
        return m;
    }

    @Override
    public List<TwinArray> inputs() {
        return List.of(new TwinArray("xf", n, d, forecast.data()), new TwinArray("xa", n, d, previous.data()),
                new TwinArray("z", n, d, z0), new TwinArray("y", 1, d, y));
    }

    @Override
    public void restore() {
        System.arraycopy(z0, 0, z, 0, z.length);
    }

    @Override
    public void run() {
        filter.transport(z, n, forecast, previous, observation);
    }

    @Override
    public List<TwinArray> outputs() {
        return List.of(new TwinArray("z", n, d, z));
    }
}
