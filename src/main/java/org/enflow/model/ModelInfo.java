package org.enflow.model;

/**
 * What {@code enflow list} shows for a model: its name, a one-line description and the defaults
 * {@link Models#create} uses when a flag is left out ({@code defaultForcing} is NaN for models without a
 * forcing).
 */
public record ModelInfo(String name, String description, int defaultDim, double defaultDt, double defaultForcing,
        String defaultIntegrator, String integrators) {}
