package org.enflow.model;

import java.util.Locale;

/**
 * Explicit Runge–Kutta methods as data: a Butcher tableau (a, b, c). A {@link DriftModel} steps any
 * {@link Drift} with any of them; Lorenz-96 has a fused fast path for {@link #RK4} and {@link #RK4_38}.
 */
public enum Integrator {
    /** Forward Euler, order 1. */
    EULER(new double[][] {{}}, new double[] {1}),
    /** Heun's method (explicit trapezoid), order 2. */
    HEUN(new double[][] {{}, {1}}, new double[] {0.5, 0.5}),
    /** Classic Runge–Kutta, order 4: x ← x + h(k₁ + 2k₂ + 2k₃ + k₄)/6 (DAPPER, FlowDAS). */
    RK4(new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}}, new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}),
    /** Kutta's 3/8 rule, order 4: torchdiffeq's {@code rk4}, which EnFF uses for L63/L96 (one step per dt). */
    RK4_38(new double[][] {{}, {1.0 / 3}, {-1.0 / 3, 1}, {1, -1, 1}}, new double[] {0.125, 0.375, 0.375, 0.125});

    private final double[][] a;
    private final double[] b;
    private final double[] c;

    Integrator(double[][] a, double[] b) {
        this.a = a;
        this.b = b;
        this.c = new double[b.length];
        for (int j = 0; j < b.length; j++) {
            double s = 0;
            for (double v : a[j]) s += v;
            c[j] = s;
        }
    }

    /** Number of stages s. */
    public int stages() {
        return b.length;
    }

    /** Tableau entry a[j][l] for l < j (stage j's input is x + h Σ_l a[j][l] k_l). */
    public double a(int j, int l) {
        return a[j][l];
    }

    /** Weight b[j] of stage j in the update x ← x + h Σ_j b[j] k_j. */
    public double b(int j) {
        return b[j];
    }

    /** Node c[j] = Σ_l a[j][l]: stage j evaluates the drift at time t + c[j] h. */
    public double c(int j) {
        return c[j];
    }

    /** The CLI spelling: lower case, e.g. "rk4_38". */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a CLI spelling, case-insensitive ("rk4-38" is accepted for "rk4_38"). */
    public static Integrator parse(String name) {
        if (name == null) throw new IllegalArgumentException("integrator is null: expected one of " + names());
        String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Integrator i : values()) if (i.name().equals(key)) return i;
        throw new IllegalArgumentException("integrator = " + name + ": expected one of " + names());
    }

    /** The CLI spellings, comma-separated. */
    public static String names() {
        StringBuilder s = new StringBuilder();
        for (Integrator i : values()) s.append(s.length() == 0 ? "" : ", ").append(i.cliName());
        return s.toString();
    }
}
