package org.enflow.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Named experiment configurations ({@code --preset NAME}); flags given explicitly override a preset's
 * values. Adding a preset is one {@link #add} line in the static block.
 */
public final class Presets {
    /** The filter of the default experiment: the best filter available. */
    public static final String DEFAULT_FILTER = "etkf";
    /**
     * The default filter's settings in the presets that use it: the ETKF needs inflation at N = 20 on
     * Lorenz-96 (inflation 1 diverges; 1.02 gives analysis RMSE ~0.19 on l96-default).
     */
    public static final Map<String, String> DEFAULT_FILTER_SETTINGS = Map.of("inflation", "1.02");

    /** The preset {@code enflow run} uses when no --preset is given. */
    public static final String DEFAULT = "l96-default";

    /** The protocol's tuning seed (protocol.md §1.5). */
    public static final long TUNING_SEED = 2376999025L;

    /** A named, possibly partial configuration. */
    public record Preset(String name, String description, ExperimentConfig.Builder values) {
        /** A fresh builder holding the preset's values (the preset itself is never modified). */
        public ExperimentConfig.Builder builder() {
            return values.copy();
        }
    }

    private static final Map<String, Preset> PRESETS = new LinkedHashMap<>();

    static {
        add("l96-default", "Lorenz-96 d=40 F=8 dt=0.05 (DAPPER Sakov 2008 setting), identity obs σ=1 every step, N=20, 1000 cycles",
                b -> b.model("lorenz96").dim(40).forcing(8.0).dt(0.05)
                        .obsEvery(1).observation("identity").obsSigma(1.0).cycles(1000)
                        .truthStart(TruthStart.ZERO).truthSpread(3.0).spinUp(1000));
        add("l96-1m", "Lorenz96Bao2024: d=10^6, RK4 3/8 dt=0.01, arctan obs σ=0.05 every 10 steps, 80 cycles, ensemble N(0,I)",
                b -> b.model("lorenz96").dim(1_000_000).forcing(8.0).dt(0.01).integrator("rk4_38")
                        .obsEvery(10).observation("arctan").obsSigma(0.05).cycles(80)
                        .truthStart(TruthStart.ZERO).truthSpread(3.0).spinUp(1000)
                        .initialEnsemble(InitialEnsemble.STANDARD_NORMAL)
                        .filter("enff").filterSettings(Map.of()));
        add("ks-1024", "KuramotoSivashinsky: d=1024, ETDRK4 dt=0.25, arctan obs σ=0.1 every 4 steps, 1000 cycles, DAPPER x0 + N(0,I) spun up 2000 steps",
                b -> b.model("ks").dim(1024).forcing(Double.NaN).dt(0.25)
                        .obsEvery(4).observation("arctan").obsSigma(0.1).cycles(1000)
                        .truthStart(TruthStart.REFERENCE).truthSpread(1.0).spinUp(2000)
                        // EnFF-F2P K = 5 with the upstream README's tuned KS values (enff.md §8).
                        .filter("enff").filterSettings(Map.of("path", "f2p", "grid", "5",
                                "sigma_min", "5.2635e-3", "lambda", "6.9353e-3")));
        add("l63", "Lorenz63Spantini2022: RK4 3/8 dt=0.05, identity obs σ=2 every 2 steps, 2000 cycles, truth N(0,I) spun up 2000 steps",
                b -> b.model("lorenz63").dim(3).forcing(Double.NaN).dt(0.05).integrator("rk4_38")
                        .obsEvery(2).observation("identity").obsSigma(2.0).cycles(2000)
                        .truthStart(TruthStart.ZERO).truthSpread(1.0).spinUp(2000));
        // kde_diffusion.md §10 L63_01: truth and ensemble both from N(0, 10 I) (no spin-up), only z observed, so the
        // (x, y) → (−x, −y) symmetry keeps a two-wing posterior; RK4 rather than the code's Euler (--integrator euler).
        add("kde-l63-z", "KDE code L63_01: Lorenz-63 RK4 dt=0.01, only z observed (σ=√10) every step, process noise √10/10 per cycle, "
                        + "truth and ensemble N(0,10I) (bimodal posterior), N=250, 1000 cycles, kde σ_x=0.4 σ_y=2 σ_max=50",
                b -> b.model("lorenz63").dim(3).forcing(Double.NaN).dt(0.01).integrator("rk4")
                        .obsEvery(1).observation("component:2").obsSigma(Math.sqrt(10)).cycles(1000)
                        .truthStart(TruthStart.ZERO).truthSpread(Math.sqrt(10)).spinUp(0)
                        .initialEnsemble(InitialEnsemble.STANDARD_NORMAL).initialSpread(Math.sqrt(10))
                        .forecastNoise(Math.sqrt(10) / 10).members(250)
                        .filter("kde").filterSettings(Map.of("sigma_x", "0.4", "sigma_y", "2", "sigma_max", "50")));
        // kde_diffusion.md §10 L96_01 (the code's L96 model file is a stub: mean 0 of the initial Gaussian is assumed).
        add("kde-l96-half", "KDE code L96_01: Lorenz-96 d=40 F=8 RK4 dt=0.01, components 1,3,...,39 observed (σ=√0.5) every 10 steps, "
                        + "process noise 0.1 per cycle, truth and ensemble N(0,I), N=1000, 100 cycles, kde σ_x=0.1 σ_y=0.5 σ_max=50",
                b -> b.model("lorenz96").dim(40).forcing(8.0).dt(0.01).integrator("rk4")
                        .obsEvery(10).observation("every:2:1").obsSigma(Math.sqrt(0.5)).cycles(100)
                        .truthStart(TruthStart.ZERO).truthSpread(1.0).spinUp(0)
                        .initialEnsemble(InitialEnsemble.STANDARD_NORMAL).initialSpread(1.0)
                        .forecastNoise(0.1).members(1000)
                        .filter("kde").filterSettings(Map.of("sigma_x", "0.1", "sigma_y", "0.5", "sigma_max", "50")));
        add("flowdas-l63", "FlowDAS Lorenz-63: RK4 dt=0.025 + N(0, dt I) process noise, obs atan(x/8) σ=0.25 every step, N=20, 300 cycles, filter flowdas",
                b -> b.model("lorenz63").dim(3).forcing(Double.NaN).dt(0.025).integrator("rk4").processNoise(Math.sqrt(0.025))
                        .obsEvery(1).observation("component:0>scale:0.125>arctan").obsSigma(0.25).cycles(300)
                        .truthStart(TruthStart.ZERO).truthSpread(1.0).spinUp(2000).filter("flowdas").filterSettings(Map.of()));
    }

    private Presets() {}

    /** Registers a preset over the common defaults (N = 20, tuning seed, ensemble truth + N(0, I), default filter). */
    private static void add(String name, String description, UnaryOperator<ExperimentConfig.Builder> values) {
        ExperimentConfig.Builder common = ExperimentConfig.builder().members(20).seed(TUNING_SEED)
                .filter(DEFAULT_FILTER).filterSettings(DEFAULT_FILTER_SETTINGS).initialSpread(1.0).initialEnsemble(InitialEnsemble.AROUND_TRUTH);
        PRESETS.put(name, new Preset(name, description, values.apply(common)));
    }

    public static Preset get(String name) {
        for (Preset p : PRESETS.values()) if (p.name().equalsIgnoreCase(name)) return p;
        throw new IllegalArgumentException("--preset " + name + ": unknown preset; expected one of " + PRESETS.keySet());
    }

    public static List<Preset> all() {
        return new ArrayList<>(PRESETS.values());
    }
}
