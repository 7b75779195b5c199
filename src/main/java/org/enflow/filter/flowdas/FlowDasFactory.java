package org.enflow.filter.flowdas;

import java.nio.file.Path;
import java.util.List;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;
import org.enflow.kernel.Require;
import org.enflow.model.Model;

/**
 * {@code --filter flowdas}. Defaults are flowdas.md §5's: 600 grid points (599 Euler–Maruyama steps),
 * J = 21, Heun endpoint with κ noise, principled softmax-weighted guidance with λ = 1, ε = 1. The drift is
 * the closed form of the model's Gaussian transition ({@code drift=closed-form}, which needs
 * {@code --process-noise} and one model step per cycle) or a file written by {@code enflow train-drift}.
 */
public final class FlowDasFactory implements FilterFactory {
    public static final String CLOSED_FORM = "closed-form";

    @Override
    public String name() {
        return "flowdas";
    }

    @Override
    public String description() {
        return "FlowDAS: per-member stochastic-interpolant transition from the previous analysis, guided by a Monte Carlo likelihood gradient";
    }

    @Override
    public List<FilterParameter> parameters() {
        return List.of(
                new FilterParameter("drift", CLOSED_FORM, "closed-form (Gaussian transition: needs --process-noise, one step per cycle) or FILE from train-drift"),
                new FilterParameter("grid", "600", "N_s grid points s_k = k/(N_s-1): N_s-1 Euler-Maruyama steps"),
                new FilterParameter("samples", "21", "J Monte Carlo endpoint samples per step"),
                new FilterParameter("guidance", "principled", "principled (lambda sigma(s)^2 grad log p-hat), upstream (fixed step zeta), none"),
                new FilterParameter("lambda", "1", "principled guidance strength (1 = Doob h-transform)"),
                new FilterParameter("zeta", "2e-4", "upstream guidance step"),
                new FilterParameter("endpoint", "heun", "endpoint estimate: heun (b2 at the Euler endpoint), lorenz (b2 at X), euler"),
                new FilterParameter("endpoint_noise", "kappa", "endpoint noise std: kappa (upstream) or ito (exact)"),
                new FilterParameter("eps", "1", "interpolant noise epsilon (closed form; a drift file must have been trained with it)"),
                new FilterParameter("normalize", "auto", "closed form: auto (climatological mean/std of a free model run) or none"),
                new FilterParameter("weights", "false", "consistency weights p-hat(y|x0) with systematic resampling when N_eff < N/2"),
                new FilterParameter("weight_grid", "100", "grid points of the J unguided sweeps that estimate p-hat(y|x0) for the weights"));
    }

    /** The hyperparameters the settings describe (everything but the drift). */
    public static FlowDasConfig config(FilterSettings s) {
        int grid = s.integer("grid");
        if (grid < 2) throw new IllegalArgumentException("--set grid=" + grid + ": expected an integer >= 2 (grid points, grid-1 steps)");
        int samples = s.integer("samples");
        if (samples < 1) throw new IllegalArgumentException("--set samples=" + samples + ": expected an integer >= 1");
        GuidanceMode guidance = GuidanceMode.valueOf(s.choice("guidance", "principled", "upstream", "none").toUpperCase(java.util.Locale.ROOT));
        double lambda = s.number("lambda");
        if (lambda < 0) throw new IllegalArgumentException("--set lambda=" + s.string("lambda") + ": expected a number >= 0");
        double zeta = s.number("zeta");
        if (zeta < 0) throw new IllegalArgumentException("--set zeta=" + s.string("zeta") + ": expected a number >= 0");
        Endpoint endpoint = Endpoint.valueOf(s.choice("endpoint", "heun", "lorenz", "euler").toUpperCase(java.util.Locale.ROOT));
        EndpointNoise noise = EndpointNoise.valueOf(s.choice("endpoint_noise", "kappa", "ito").toUpperCase(java.util.Locale.ROOT));
        int weightGrid = s.integer("weight_grid");
        if (weightGrid < 2) throw new IllegalArgumentException("--set weight_grid=" + weightGrid + ": expected an integer >= 2");
        return new FlowDasConfig(grid, samples, endpoint, noise, guidance, lambda, zeta, s.bool("weights"), weightGrid);
    }

    /**
     * The drift the settings name, checked against the experiment: a file's dimension, model time step
     * and steps per transition must match the model and the cycle length.
     */
    public static TransitionDrift drift(FilterContext context, FilterSettings s) {
        Require.notNull("context", context);
        Model model = Require.notNull("context.model", context.model());
        double eps = s.positive("eps");
        String spec = s.string("drift").trim();
        int steps = context.stepsPerCycle() == 0 ? 1 : context.stepsPerCycle();
        if (spec.equalsIgnoreCase(CLOSED_FORM)) {
            StochasticInterpolant ip = new StochasticInterpolant(eps);
            Normalization norm = switch (s.choice("normalize", "auto", "none")) {
                case "auto" -> Climatology.of(model, context.streams());
                default -> Normalization.identity(model.dim());
            };
            return GaussianTransitionDrift.forModel(model, steps, ip, norm);
        }
        if (spec.isEmpty()) throw new IllegalArgumentException("--set drift=: expected closed-form or a drift FILE");
        MlpDrift drift = DriftFile.read(Path.of(spec));
        String where = "--set drift=" + spec + ": ";
        if (drift.dim() != model.dim())
            throw new IllegalArgumentException(where + "the drift has dimension " + drift.dim() + ", the model " + model.dim());
        if (Math.abs(drift.dt() - model.dt()) > 1e-12 * Math.max(1, model.dt()))
            throw new IllegalArgumentException(where + "trained with dt = " + drift.dt() + ", but the model has dt = " + model.dt());
        if (drift.stepsPerTransition() != steps)
            throw new IllegalArgumentException(where + "trained on transitions of " + drift.stepsPerTransition()
                    + " model step(s), but a cycle here is " + steps + " (--obs-every)");
        if (drift.interpolant().epsilon() != eps)
            throw new IllegalArgumentException(where + "trained with eps = " + drift.interpolant().epsilon() + "; set --set eps="
                    + drift.interpolant().epsilon());
        return drift;
    }

    @Override
    public Filter create(FilterContext context, FilterSettings s) {
        FlowDasConfig config = config(s);
        return new FlowDasFilter(config, drift(context, s), context.members(), context.streams(), context.parallel());
    }
}
