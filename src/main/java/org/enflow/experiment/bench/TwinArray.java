package org.enflow.experiment.bench;

import org.enflow.kernel.Require;

/**
 * A named rows × cols array of doubles (row-major), as the twin problems exchange them with the PyTorch
 * side: inputs, and the outputs the agreement script recomputes.
 */
public record TwinArray(String name, int rows, int cols, double[] data) {
    public TwinArray {
        Require.notNull("name", name);
        Require.positive("rows", rows);
        Require.positive("cols", cols);
        Require.notNull("data", data);
        if ((long) rows * cols != data.length)
            throw new IllegalArgumentException(name + ": " + data.length + " values, expected rows * cols = " + (long) rows * cols);
    }
}
