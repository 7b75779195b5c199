package org.enflow.experiment.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.enflow.filter.kde.FlowForm;
import org.enflow.filter.kde.KdeDenoiser;
import org.enflow.filter.kde.KdeProbabilityFlow;
import org.enflow.filter.kde.KdeSchedule;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;

/**
 * The right-hand side of the KDE conditional diffusion filter's probability-flow ODE (kde_diffusion.md §3–§4)
 * for N particles u against N centred members x̃_j with log-weights ℓ_j:
 *
 * <pre>
 *   D(u_i, σ̄) = Σ_j softmax_j(ℓ_j − ‖u_i − x̃_j‖²/(2σ̄²)) x̃_j,     du_i/dt = (σ̄′/σ̄)·(u_i − D(u_i, σ̄))
 * </pre>
 *
 * with σ̄′ = σ_max − σ_x (σ̄ linear in t): one evaluation of the KDE filter's own
 * {@link KdeProbabilityFlow} (t form) at the t where σ̄(t) = σ̄, whose {@link KdeDenoiser} is one fused
 * attention call (keys = values = members, key bias ℓ, scale 1/(2σ̄²)). Inputs: members 3·N(0, I) centred at their mean; ℓ_j =
 * −‖y* − y_j‖²/(2σ_y²) with y_j = x_j at the odd components + N(0, 1) noise and y* likewise from a truth
 * draw; particles u_i = x̃_i + σ̄·ξ_i (mid-flow: the weights are neither uniform nor one-hot).
 */
public final class KdeRhsTwin implements TwinProblem {
    /**
     * @param sigmaBar σ̄, the current kernel width
     * @param sigmaX   σ_x, the terminal width
     * @param sigmaMax σ_max, the start width
     * @param sigmaY   σ_y, the measurement kernel width of ℓ
     */
    public record Settings(double sigmaBar, double sigmaX, double sigmaMax, double sigmaY) {
        public Settings {
            Require.positive("sigmaBar", sigmaBar);
            Require.positive("sigmaX", sigmaX);
            Require.positive("sigmaMax", sigmaMax);
            Require.positive("sigmaY", sigmaY);
            if (!(sigmaMax > sigmaX)) throw new IllegalArgumentException("sigmaMax = " + sigmaMax + ": expected > sigmaX = " + sigmaX);
        }

        /** σ̄ = 5 mid-flow, σ_x = 0.1 and σ_max = 50 (the code's L96 example), σ_y = 5 (tempered). */
        public static Settings benchmark() {
            return new Settings(5.0, 0.1, 50.0, 5.0);
        }

        /** The diffusion time t with σ̄(t) = σ_x + t(σ_max − σ_x) = σ̄. */
        public double time() {
            return (sigmaBar - sigmaX) / (sigmaMax - sigmaX);
        }
    }

    private final int n, d;
    private final Settings settings;
    private final double[] members, logWeights, particles, rhs;
    private final KdeSchedule schedule;
    private final KdeProbabilityFlow flow;

    public KdeRhsTwin(int n, int d, long seed, Settings settings, Parallel parallel) {
        this.n = n;
        this.d = d;
        this.settings = Require.notNull("settings", settings);
        Require.notNull("parallel", parallel);
        Gaussian g = new Gaussian(new RandomStreams(seed).stream(RandomStreams.Purpose.AUXILIARY));
        members = new double[n * d];
        g.fill(members, 0, members.length);
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int c = 0; c < d; c++) mean[c] += (members[i * d + c] *= 3) / n;
        for (int i = 0; i < n; i++) for (int c = 0; c < d; c++) members[i * d + c] -= mean[c];
        double[] truth = new double[d];
        g.fill(truth, 0, d);
        logWeights = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 1; c < d; c += 2) {
                double yStar = 3 * truth[c] + g.next(), yi = members[i * d + c] + mean[c] + g.next();
                s += (yStar - yi) * (yStar - yi);
            }
            logWeights[i] = -s / (2 * settings.sigmaY() * settings.sigmaY());
        }
        particles = new double[n * d];
        g.fill(particles, 0, particles.length);
        for (int q = 0; q < particles.length; q++) particles[q] = members[q] + settings.sigmaBar() * particles[q];
        rhs = new double[n * d];
        schedule = new KdeSchedule(settings.sigmaX(), settings.sigmaMax());
        KdeDenoiser denoiser = new KdeDenoiser(parallel);
        denoiser.bind(members, n, d, logWeights);
        flow = new KdeProbabilityFlow(denoiser, schedule, FlowForm.TIME, n);
    }

    @Override
    public String name() {
        return "kde:" + n + "x" + d;
    }

    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        // The values the flow uses at t (σ̄(t) may differ from σ̄ in the last bit).
        double t = settings.time(), sigma = schedule.sigma(t);
        m.put("sigma_bar", sigma);
        m.put("rate", schedule.rate() / sigma);
        return m;
    }

    @Override
    public List<TwinArray> inputs() {
        return List.of(new TwinArray("members", n, d, members), new TwinArray("log_weights", 1, n, logWeights),
                new TwinArray("u", n, d, particles));
    }

    @Override
    public void restore() {
        // run() does not modify its inputs.
    }

    @Override
    public void run() {
        flow.evaluate(settings.time(), particles, rhs);
    }

    @Override
    public List<TwinArray> outputs() {
        return List.of(new TwinArray("rhs", n, d, rhs));
    }
}
