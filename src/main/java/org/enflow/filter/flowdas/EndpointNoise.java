package org.enflow.filter.flowdas;

/** The std of the endpoint estimate's noise for {@link Endpoint#HEUN} and {@link Endpoint#LORENZ}. */
public enum EndpointNoise {
    /** ε·κ(s), κ(s) = 2/3 − √s + s^{3/2}/3: upstream. */
    KAPPA,
    /** The exact Itô std of ∫_s^1 σ dW, ε(1−s)^{3/2}/√3. */
    ITO;

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
