/**
 * Observation operators h: R^d → R^p with their adjoint-Jacobian products J_h(x)ᵀr (models.md §6), the
 * Gaussian observation noise that turns a truth into synthetic observations, and the Gaussian likelihood.
 *
 * <ul>
 *   <li>{@link org.enflow.observe.Operators}: identity, arctan, tanh, square, power, signed power, abs,
 *       selections (index list, every k-th, one component), zero masks (given or random), composition,
 *       and the spec grammar {@code Operators.parse("every:2:1>arctan", d, streams)}.</li>
 *   <li>{@link org.enflow.observe.ObservationNoise}: y = h(x_true) + ε, ε ~ N(0, R) diagonal, masked.</li>
 *   <li>{@link org.enflow.observe.GaussianLikelihood}: E(x) = ½ Σ w (y − h(x))²/R and the residual whose
 *       adjoint is ∇ log p(y | x).</li>
 * </ul>
 *
 * <p><b>Masks versus selections.</b> A zero mask keeps p = d outputs and sets unobserved ones to exactly
 * 0 (the upstream EnFF/EnSF form); their likelihood weight is 0, and with noise drawn here y is 0 there
 * too, so they drop out of the likelihood. Classical filters (EnKF, LETKF) must use the Select form
 * ({@code subset:P} draws the same random set as {@code mask:P}), otherwise the zeros would count as
 * observations at the wrong positions.
 *
 * <p><b>Positions.</b> {@code positions()[l]} is the grid index (0-based, as a double) of the state
 * component that output l is computed from; mapping indices to physical coordinates (2-D grids,
 * channels) is the localization code's job.
 *
 * <p><b>Contract.</b> All operators are immutable and thread-safe; {@code apply} and {@code adjoint}
 * allocate nothing per call (compositions of built-ins are evaluated in place; compositions with user
 * operators use per-thread buffers created on a thread's first call). Output ranges must not overlap
 * input ranges.
 */
package org.enflow.observe;
