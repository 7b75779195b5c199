package org.enflow.filter.generative;

import java.util.List;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;

/**
 * {@code --filter ensf}. Defaults are the spec's Java defaults (ensf.md §7): mixture score, EM, ε_α = 0.5,
 * ε_β = 0.025, clamp 1000, K = 100 grid points (99 score evaluations), no start standardization, no added
 * mean. The tuned upstream L96 value at K = 100 is (ε_α, ε_β) = (0.6, 0.075); KS at K ≥ 50 (1, 0.005).
 */
public final class EnsfFactory implements FilterFactory {
    @Override
    public String name() {
        return "ensf";
    }

    @Override
    public String description() {
        return "Ensemble Score Filter: reverse diffusion from noise with the ensemble score plus a damped likelihood score";
    }

    @Override
    public List<FilterParameter> parameters() {
        return List.of(
                new FilterParameter("score", "mixture", "prior score: mixture (full-ensemble softmax) or paired (member i only)"),
                new FilterParameter("eps_alpha", "0.5", "alpha_1 = eps_alpha in [0.01, 1]"),
                new FilterParameter("eps_beta", "0.025", "beta_0^2 = eps_beta in [0, 1)"),
                new FilterParameter("grid", "100", "K grid points t_k = 1 - k/(K-1): K-1 score evaluations (EnSF N_t steps = grid N_t+1)"),
                new FilterParameter("sampler", "em", "em (reverse Euler-Maruyama), ode (probability flow), dpm (DPM-solver-1)"),
                new FilterParameter("clamp", "1000", "each score component is clamped to [-clamp, clamp] (inf: none)"),
                new FilterParameter("inflation", "1", "multiplicative inflation s after the analysis"),
                new FilterParameter("standardize", "false", "standardize the start noise per dimension across the ensemble"),
                new FilterParameter("mean_at_start", "false", "add alpha_1 x^f_j to the start (the true t = 1 marginal's mean)"));
    }

    @Override
    public Filter create(FilterContext context, FilterSettings s) {
        return new EnsembleScoreFilter(config(s), context.members(), context.streams(), context.parallel());
    }

    /** The configuration the settings describe. */
    public static EnsfConfig config(FilterSettings s) {
        PriorScore score = s.choice("score", "mixture", "paired").equals("mixture") ? PriorScore.MIXTURE : PriorScore.PAIRED;
        ScoreSampler sampler = switch (s.choice("sampler", "em", "ode", "dpm")) {
            case "em" -> ScoreSampler.EM;
            case "ode" -> ScoreSampler.ODE;
            default -> ScoreSampler.DPM;
        };
        String c = s.string("clamp").trim();
        double clamp = c.equalsIgnoreCase("inf") || c.equalsIgnoreCase("infinity") ? Double.POSITIVE_INFINITY : s.positive("clamp");
        int grid = s.integer("grid");
        if (grid < 2) throw new IllegalArgumentException("--set grid=" + grid + ": expected an integer >= 2");
        return new EnsfConfig(s.number("eps_alpha"), s.number("eps_beta"), score, sampler, grid, clamp, s.positive("inflation"),
                s.bool("standardize"), s.bool("mean_at_start"));
    }
}
