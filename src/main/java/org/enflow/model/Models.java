package org.enflow.model;

import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;

/** The models the CLI knows by name, with DAPPER-like defaults. */
public final class Models {
    /** Seed of the fixed random matrix behind {@code --model linear}. */
    public static final long LINEAR_SEED = 2024;
    /** Spectral radius of {@code --model linear} (classical.md §6 test problem (b)). */
    public static final double LINEAR_SPECTRAL_RADIUS = 0.95;

    private static final List<ModelInfo> MODELS = List.of(
            new ModelInfo("lorenz63", "Lorenz-63 (sigma=10, rho=28, beta=8/3)", 3, 0.01, Double.NaN, "rk4",
                    Integrator.names()),
            new ModelInfo("lorenz96", "Lorenz-96, periodic, any dim >= 4; fused SIMD RK4 for rk4/rk4_38", 40, 0.05,
                    Lorenz96.DEFAULT_FORCING, "rk4", Integrator.names()),
            new ModelInfo("ks", "Kuramoto-Sivashinsky, L = 128*pi, ETDRK4; dim a power of two", 256, 0.25, Double.NaN,
                    "etdrk4", "etdrk4"),
            new ModelInfo("linear", "x <- M x, M random normal with spectral radius " + LINEAR_SPECTRAL_RADIUS + " (seed "
                    + LINEAR_SEED + ")", 10, 1, Double.NaN, "exact", "exact"));

    private Models() {}

    /** The registered models, for {@code enflow list}. */
    public static List<ModelInfo> list() {
        return MODELS;
    }

    /** The registered model called {@code name}. */
    public static ModelInfo info(String name) {
        Require.notNull("model name", name);
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (ModelInfo m : MODELS) if (m.name().equals(key)) return m;
        throw new IllegalArgumentException("--model " + name + ": expected one of " + names());
    }

    private static String names() {
        StringBuilder s = new StringBuilder();
        for (ModelInfo m : MODELS) s.append(s.length() == 0 ? "" : ", ").append(m.name());
        return s.toString();
    }

    /**
     * Builds a model from CLI values. {@code dim <= 0}, NaN {@code forcing}/{@code dt} and a null
     * {@code integrator} mean the model's default. Errors name the flag, e.g.
     * "--dim 3: lorenz96 needs dim >= 4".
     */
    public static Model create(String name, int dim, double forcing, double dt, String integrator, Parallel parallel) {
        ModelInfo info = info(name);
        Require.notNull("parallel", parallel);
        int d = dim <= 0 ? info.defaultDim() : dim;
        double h = Double.isNaN(dt) ? info.defaultDt() : dt;
        if (!(h > 0) || Double.isInfinite(h))
            throw new IllegalArgumentException("--dt " + format(dt) + ": expected a finite number > 0");
        switch (info.name()) {
            case "lorenz63": {
                if (d != 3) throw new IllegalArgumentException("--dim " + dim + ": lorenz63 has dim 3");
                noForcing(info, forcing);
                return new Lorenz63().model(h, integrator(integrator, info), parallel);
            }
            case "lorenz96": {
                if (d < 4) throw new IllegalArgumentException("--dim " + dim + ": lorenz96 needs dim >= 4");
                double f = Double.isNaN(forcing) ? info.defaultForcing() : forcing;
                if (Double.isInfinite(f)) throw new IllegalArgumentException("--forcing " + format(forcing) + ": expected a finite number");
                return new Lorenz96(d, f).model(h, integrator(integrator, info), parallel);
            }
            case "ks": {
                if (d < 4 || Integer.bitCount(d) != 1)
                    throw new IllegalArgumentException("--dim " + dim + ": ks needs a power of two >= 4 (radix-2 FFT)");
                noForcing(info, forcing);
                fixedIntegrator(integrator, info);
                return new KuramotoSivashinsky(d, KuramotoSivashinsky.DEFAULT_DL, h, parallel);
            }
            case "linear": {
                noForcing(info, forcing);
                fixedIntegrator(integrator, info);
                if (h != 1) throw new IllegalArgumentException("--dt " + format(dt) + ": the linear model has dt = 1");
                return new LinearModel(LinearModel.randomStable(d, LINEAR_SEED, LINEAR_SPECTRAL_RADIUS).matrix(), d, parallel);
            }
            default:
                throw new AssertionError(info.name());
        }
    }

    private static Integrator integrator(String name, ModelInfo info) {
        if (name == null) return Integrator.parse(info.defaultIntegrator());
        try {
            return Integrator.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--integrator " + name + ": " + info.name() + " expects one of " + Integrator.names());
        }
    }

    private static void fixedIntegrator(String name, ModelInfo info) {
        if (name != null && !name.trim().equalsIgnoreCase(info.defaultIntegrator()))
            throw new IllegalArgumentException("--integrator " + name + ": " + info.name() + " only has " + info.defaultIntegrator());
    }

    private static void noForcing(ModelInfo info, double forcing) {
        if (!Double.isNaN(forcing))
            throw new IllegalArgumentException("--forcing " + format(forcing) + ": " + info.name() + " has no forcing");
    }

    /**
     * A sensible truth initial state per model, drawn from {@code streams} (purpose TRUTH, member 0):
     * Lorenz-63 N(0, I) (EnFF), Lorenz-96 N(0, 9I) (EnFF/EnSF; spin it up before use), KS DAPPER's x0
     * plus N(0, I) (EnFF), linear N(0, I). A {@link NoisyModel} uses its inner model's rule.
     */
    public static double[] defaultInitialState(Model model, RandomStreams streams) {
        Require.notNull("model", model);
        Require.notNull("streams", streams);
        UniformRandomProvider rng = streams.stream(RandomStreams.Purpose.TRUTH);
        Gaussian g = new Gaussian(rng);
        Model base = model;
        while (base instanceof NoisyModel) base = ((NoisyModel) base).inner();
        double[] x;
        if (base instanceof KuramotoSivashinsky) {
            x = ((KuramotoSivashinsky) base).dapperInitialState();
            g.addScaled(x, 0, x.length, 1);
        } else {
            x = new double[model.dim()];
            boolean l96 = base instanceof Lorenz96Model
                    || base instanceof DriftModel && ((DriftModel) base).drift() instanceof Lorenz96;
            g.addScaled(x, 0, x.length, l96 ? 3 : 1);
        }
        return x;
    }

    /** Formats a number compactly for names and messages: 8 rather than 8.0. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
