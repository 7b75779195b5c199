package org.enflow.filter.kde;

import java.util.List;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;

/**
 * {@code --filter kde}. Defaults are kde_diffusion.md §7's Java defaults: σ_x by Silverman's rule, σ_y the
 * observation noise std, σ_max = max(50, 10 × forecast spread), noisy simulated measurements, the
 * probability-flow ODE in the t form with DOPRI5 at rtol = atol = 1e-5.
 */
public final class KdeFactory implements FilterFactory {
    /** The value of a bandwidth key that selects the automatic rule. */
    public static final String AUTO = "auto";

    @Override
    public String name() {
        return "kde";
    }

    @Override
    public String description() {
        return "closed-form KDE conditional diffusion (Binder & Oberai): joint KDE of (x_i, y_i), probability-flow ODE with DOPRI5";
    }

    @Override
    public List<FilterParameter> parameters() {
        return List.of(
                new FilterParameter("sigma_x", AUTO, "state kernel width = terminal noise; auto: Silverman (4/(d+2))^(1/(d+4)) mean-std N^(-1/(d+4)), capped at 0.5"),
                new FilterParameter("sigma_y", AUTO, "measurement kernel width (tempering: likelihood variance R + sigma_y^2); auto: the observation noise std"),
                new FilterParameter("sigma_max", AUTO, "start noise level; auto: max(50, 10 x forecast spread)"),
                new FilterParameter("rtol", "1e-5", "DOPRI5 relative tolerance"),
                new FilterParameter("atol", "1e-5", "DOPRI5 absolute tolerance"),
                new FilterParameter("noiseless", "false", "simulate y_i = h(x_i) without measurement noise (default: + N(0, R))"),
                new FilterParameter("sampler", "ode", "ode (probability flow, DOPRI5) or sde (Euler-Maruyama SKDE)"),
                new FilterParameter("form", "t", "ODE variable: t (du/dt, sigma linear in t; the code's) or sigma (du/dsigma)"),
                new FilterParameter("sde_points", "5000", "sde: grid points N_t (N_t - 1 score evaluations)"),
                new FilterParameter("sde_a", "1", "sde: a in [0, 1]; 1 the reverse SDE, 0 the Euler probability-flow ODE"));
    }

    @Override
    public Filter create(FilterContext context, FilterSettings s) {
        return new KdeDiffusionFilter(config(s), context.members(), context.streams(), context.parallel());
    }

    /** The configuration the settings describe. */
    public static KdeConfig config(FilterSettings s) {
        KdeSampler sampler = s.choice("sampler", "ode", "sde").equals("ode") ? KdeSampler.ODE : KdeSampler.SDE;
        FlowForm form = s.choice("form", "t", "sigma").equals("t") ? FlowForm.TIME : FlowForm.SIGMA;
        int points = s.integer("sde_points");
        if (points < 2) throw new IllegalArgumentException("--set sde_points=" + points + ": expected an integer >= 2");
        double a = s.number("sde_a");
        if (!(a >= 0 && a <= 1)) throw new IllegalArgumentException("--set sde_a=" + s.string("sde_a") + ": expected a number in [0, 1]");
        double atol = s.number("atol");
        if (!(atol >= 0)) throw new IllegalArgumentException("--set atol=" + s.string("atol") + ": expected a number >= 0");
        double sx = bandwidth(s, "sigma_x"), smax = bandwidth(s, "sigma_max");
        if (!Double.isNaN(sx) && !Double.isNaN(smax) && !(smax > sx))
            throw new IllegalArgumentException("--set sigma_max=" + s.string("sigma_max") + ": expected a number > sigma_x = " + s.string("sigma_x"));
        return new KdeConfig(sx, bandwidth(s, "sigma_y"), smax, s.positive("rtol"), atol, s.bool("noiseless"), sampler, form,
                points, a);
    }

    private static double bandwidth(FilterSettings s, String key) {
        return s.string(key).trim().equalsIgnoreCase(AUTO) ? Double.NaN : s.positive(key);
    }
}
