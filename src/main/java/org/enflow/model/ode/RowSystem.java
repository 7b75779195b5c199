package org.enflow.model.ode;

/**
 * A system y′ = f(t, y) whose n components form rows of {@link #rowLength()} values that evolve
 * independently: f on a row reads only that row of y. A batch of particles under one velocity field (the
 * KDE filter's probability-flow ODE) is one. {@link DormandPrince54#integrate(RowSystem, double, double,
 * double[], int, org.enflow.kernel.Parallel, int)} then runs all stages of a step on a block of rows before
 * the next block, one parallel call per step instead of one per stage.
 */
public interface RowSystem extends OdeSystem {
    /** Components per row. */
    int rowLength();

    /**
     * Rows the implementation computes together (blocks of rows are cut at multiples of it); 1 if none.
     */
    default int rowGroup() {
        return 1;
    }

    /**
     * Whether a group of {@link #rowGroup()} rows may be cut into two halves at no extra cost per row (the
     * implementation has a half-group kernel). The integrator then cuts the middle group when the groups would
     * otherwise fall in an odd number of blocks, so two threads get equal shares.
     */
    default boolean halvesGroups() {
        return false;
    }

    /**
     * Called by the integrator before it starts: its parallel calls will pass block indices in [0, blocks)
     * to {@link #evaluateRows}, so an implementation can size one workspace per block here.
     */
    default void prepareBlocks(int blocks) {}

    /**
     * dydt = f(t, y) on rows [from, to) only, reading only those rows of y. Calls for disjoint row ranges run
     * concurrently; {@code block} (in [0, blocks) of the integrator's call) tells them apart, so an
     * implementation can keep one workspace per block.
     */
    void evaluateRows(double t, double[] y, double[] dydt, int from, int to, int block);
}
