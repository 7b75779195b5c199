package org.enflow.learn;

import org.enflow.kernel.Require;

/**
 * The Adam optimizer (Kingma &amp; Ba 2015) with bias correction:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 * One sequential loop per step: its cost (~10 flops per parameter) is negligible next to a batch's
 * gradient, and it is deterministic.
 */
public final class Adam {
    private final double beta1, beta2, epsilon;
    private final double[] m, v;
    private long t;

    /** β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (flowdas.md §4). */
    public Adam(int parameters) {
        this(parameters, 0.9, 0.999, 1e-8);
    }

    public Adam(int parameters, double beta1, double beta2, double epsilon) {
        Require.positive("parameters", parameters);
        this.beta1 = Require.inRange("beta1", beta1, 0, 0.999999);
        this.beta2 = Require.inRange("beta2", beta2, 0, 0.999999999);
        this.epsilon = Require.positive("epsilon", epsilon);
        m = new double[parameters];
        v = new double[parameters];
    }

    /** Steps taken so far. */
    public long steps() {
        return t;
    }

    /** One update of {@code params} with gradient {@code grad} and learning rate {@code lr}. */
    public void step(double[] params, double[] grad, double lr) {
        Require.length("params", params, m.length);
        Require.length("grad", grad, m.length);
        Require.nonNegative("lr", lr);
        t++;
        double c1 = 1 - StrictMath.pow(beta1, t), c2 = 1 - StrictMath.pow(beta2, t);
        double stepSize = lr / c1, root2 = Math.sqrt(c2);
        for (int i = 0; i < m.length; i++) {
            double g = grad[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            params[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / root2 + epsilon);
        }
    }
}
