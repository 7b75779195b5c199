package org.enflow.filter.kde;

/** How the KDE filter transports its particles from σ_max to σ_x (kde_diffusion.md §4, §8). */
public enum KdeSampler {
    /** The probability-flow ODE with adaptive Dormand–Prince 5(4): the headline method. */
    ODE,
    /**
     * "SKDE": Euler–Maruyama on a uniform grid of N_t points, x ← x + Δt·½(1+a)g²s + √(a g² Δt)·ξ;
     * a = 1 is the reverse SDE, a = 0 the Euler probability-flow ODE.
     */
    SDE
}
