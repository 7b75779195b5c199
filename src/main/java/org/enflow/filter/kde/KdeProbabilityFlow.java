package org.enflow.filter.kde;

import org.enflow.kernel.Require;
import org.enflow.model.ode.OdeSystem;

/**
 * The probability-flow ODE of the VE-diffused conditional KDE as a flat system over all m particles
 * (kde_diffusion.md §4): one shared adaptive step size, each particle's right-hand side depending only on
 * its own position and the fixed centres.
 * <ul>
 *   <li>{@link FlowForm#TIME}: du/dt = (σ̄′/σ̄(t))·(u − D(u, σ̄(t))), t from 1 to 0;</li>
 *   <li>{@link FlowForm#SIGMA}: du/dσ̄ = (u − D(u, σ̄))/σ̄, σ̄ from σ_max to σ_x.</li>
 * </ul>
 * One evaluation is one {@link KdeDenoiser#denoise} (O(m·N·d)) plus O(m·d).
 */
public final class KdeProbabilityFlow implements OdeSystem {
    private final KdeDenoiser denoiser;
    private final KdeSchedule schedule;
    private final FlowForm form;
    private final int m;
    private final int size;

    /** @param m number of particles: the system has m·d components, d = the denoiser's dimension */
    public KdeProbabilityFlow(KdeDenoiser denoiser, KdeSchedule schedule, FlowForm form, int m) {
        this.denoiser = Require.notNull("denoiser", denoiser);
        this.schedule = Require.notNull("schedule", schedule);
        this.form = Require.notNull("form", form);
        this.m = Require.positive("m", m);
        this.size = m * denoiser.dim();
    }

    /** The start of the independent variable: t = 1 or σ̄ = σ_max. */
    public double start() {
        return form == FlowForm.TIME ? 1.0 : schedule.sigmaMax();
    }

    /** The end of the independent variable: t = 0 or σ̄ = σ_x. */
    public double end() {
        return form == FlowForm.TIME ? 0.0 : schedule.sigmaX();
    }

    /** Components of the system, m·d. */
    public int size() {
        return size;
    }

    @Override
    public void evaluate(double s, double[] u, double[] dudt) {
        double sigma, gain;
        if (form == FlowForm.TIME) {
            sigma = schedule.sigma(s);
            gain = schedule.rate() / sigma;
        } else {
            sigma = s;
            gain = 1.0 / s;
        }
        denoiser.denoise(u, m, sigma, dudt);
        for (int i = 0; i < size; i++) dudt[i] = gain * (u[i] - dudt[i]);
    }
}
