package org.enflow.experiment;

/**
 * The model-specific part of an experiment configuration, as a model's own defaults: what replaces a
 * preset's model settings when the user picks another model with {@code --model}.
 *
 * @param integrator the model's default integrator name, or null when the model has no choice
 */
public record ModelDefaults(String model, int dim, double forcing, double dt, String integrator,
                            TruthStart truthStart, double truthSpread, int spinUp) {}
