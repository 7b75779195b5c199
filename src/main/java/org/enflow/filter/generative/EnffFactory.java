package org.enflow.filter.generative;

import java.util.List;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;

/**
 * {@code --filter enff}. Defaults: F2P, local guidance, K = 10, σ_min = 0.01, λ = 0.05, Euler, no
 * inflation: the upstream L96 (d = 10⁶, ArcTan σ_y = 0.05) setting, whose sweep best at K = 10 is
 * (0.1, 0.05) and at K ≥ 20 (0.01, 0.05); σ_min hardly matters for F2P. λ is a gain (λ/σ_y²): rescale it
 * with σ_y² for other observation noise, e.g. KS (σ_y = 0.1) uses σ_min = 1e-3, λ = 5e-3 (enff.md §8).
 */
public final class EnffFactory implements FilterFactory {
    @Override
    public String name() {
        return "enff";
    }

    @Override
    public String description() {
        return "Ensemble Flow Filter: guided flow matching from the previous analysis (F2P) or noise (OT) to the forecast";
    }

    @Override
    public List<FilterParameter> parameters() {
        return List.of(
                new FilterParameter("path", "f2p", "probability path: f2p (previous analysis -> forecast), ot (noise -> forecast), ve"),
                new FilterParameter("guidance", "local", "local (gradient at the endpoint prediction), montecarlo (exact), none"),
                new FilterParameter("lambda", "0.05", "local-guidance strength (a gain: lambda/sigma_y^2); rescale with sigma_y^2"),
                new FilterParameter("sigma_min", "0.01", "path width sigma_min (F2P jitter, OT end width); unused by ve"),
                new FilterParameter("grid", "10", "K pseudo-time grid points = K-1 steps (NFE = K-1 Euler, 2(K-1) Heun)"),
                new FilterParameter("integrator", "euler", "euler or heun"),
                new FilterParameter("inflation", "1", "multiplicative inflation s after the flow: x_i <- mean + s (x_i - mean)"));
    }

    @Override
    public Filter create(FilterContext context, FilterSettings s) {
        return new EnsembleFlowFilter(config(s), context.members(), context.streams(), context.parallel());
    }

    /** The configuration the settings describe. */
    public static EnffConfig config(FilterSettings s) {
        double sigmaMin = s.positive("sigma_min");
        ProbabilityPath path = switch (s.choice("path", "f2p", "ot", "ve")) {
            case "f2p" -> ProbabilityPath.f2p(sigmaMin);
            case "ot" -> {
                if (sigmaMin >= 1) throw new IllegalArgumentException("--set sigma_min=" + sigmaMin + ": the ot path needs sigma_min < 1");
                yield ProbabilityPath.ot(sigmaMin);
            }
            default -> ProbabilityPath.ve();
        };
        Guidance guidance = switch (s.choice("guidance", "local", "montecarlo", "none")) {
            case "local" -> Guidance.LOCAL;
            case "montecarlo" -> Guidance.MONTE_CARLO;
            default -> Guidance.NONE;
        };
        double lambda = s.number("lambda");
        if (lambda < 0) throw new IllegalArgumentException("--set lambda=" + s.string("lambda") + ": expected a number >= 0");
        int grid = s.integer("grid");
        if (grid < 2) throw new IllegalArgumentException("--set grid=" + grid + ": expected an integer >= 2 (grid points, K-1 steps)");
        FlowScheme scheme = s.choice("integrator", "euler", "heun").equals("euler") ? FlowScheme.EULER : FlowScheme.HEUN;
        return new EnffConfig(path, guidance, lambda, grid, scheme, s.positive("inflation"));
    }
}
