package org.enflow.filter.kde;

import org.enflow.kernel.Require;
import org.enflow.model.ode.RowSystem;

/**
 * The probability-flow ODE of the VE-diffused conditional KDE as a flat system over all m particles
 * (kde_diffusion.md §4): one shared adaptive step size, each particle's right-hand side depending only on
 * its own position and the fixed centres.
 * <ul>
 *   <li>{@link FlowForm#TIME}: du/dt = (σ̄′/σ̄(t))·(u − D(u, σ̄(t))), t from 1 to 0;</li>
 *   <li>{@link FlowForm#SIGMA}: du/dσ̄ = (u − D(u, σ̄))/σ̄, σ̄ from σ_max to σ_x.</li>
 * </ul>
 * One evaluation is one {@link KdeDenoiser#denoise} (O(m·N·d)) plus O(m·d). Particles are independent
 * rows, so the row-blocked DOPRI5 runs a whole step per block of particles ({@link #evaluateRows}).
 */
public final class KdeProbabilityFlow implements RowSystem {
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

    /** Particles, the rows of the system. */
    public int particles() {
        return m;
    }

    /**
     * Particles per block for the row-blocked integrator: about 32 blocks (a block runs all six stages of a
     * step, so blocks can be coarser than the kernel's own), at least the kernel's block size for m queries,
     * and at most 64 rows or what keeps a block's queries and accumulators within about 128 KiB.
     */
    public int rowsPerBlock() {
        int q = denoiser.rowGroup(), d = denoiser.dim();
        int rows = ((m + 31) / 32 + q - 1) / q * q;
        int cap = Math.max(q, Math.min(64, 8192 / d) / q * q);
        return Math.max(denoiser.rowsPerBlock(m), Math.min(rows, cap));
    }

    @Override
    public void evaluate(double s, double[] u, double[] dudt) {
        double sigma = sigma(s), gain = gain(s, sigma);
        denoiser.denoise(u, m, sigma, dudt);
        for (int i = 0; i < size; i++) dudt[i] = gain * (u[i] - dudt[i]);
    }

    @Override
    public int rowLength() {
        return denoiser.dim();
    }

    @Override
    public int rowGroup() {
        return denoiser.rowGroup();
    }

    @Override
    public boolean halvesGroups() {
        return denoiser.halvesGroups();
    }

    @Override
    public void prepareBlocks(int blocks) {
        denoiser.reserveBlocks(blocks);
    }

    @Override
    public void evaluateRows(double s, double[] u, double[] dudt, int from, int to, int block) {
        double sigma = sigma(s), gain = gain(s, sigma);
        denoiser.denoiseRows(u, from, to, sigma, dudt, denoiser.workspace(block));
        int d = denoiser.dim();
        for (int i = from * d; i < to * d; i++) dudt[i] = gain * (u[i] - dudt[i]);
    }

    private double sigma(double s) {
        return form == FlowForm.TIME ? schedule.sigma(s) : s;
    }

    private double gain(double s, double sigma) {
        return form == FlowForm.TIME ? schedule.rate() / sigma : 1.0 / s;
    }
}
