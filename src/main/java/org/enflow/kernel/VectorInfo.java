package org.enflow.kernel;

import jdk.incubator.vector.DoubleVector;

/** Loaded only when the Vector API is present (see {@link Vectorization}). */
final class VectorInfo {
    private VectorInfo() {}

    static String describe() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() + "-bit, "
                + DoubleVector.SPECIES_PREFERRED.length() + " doubles per vector";
    }
}
