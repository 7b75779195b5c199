package org.enflow.filter.classical;

/** Indirection so that {@link LocalTransformVector} (which references jdk.incubator.vector) loads only when enabled. */
final class LocalTransformVectorFactory {
    private LocalTransformVectorFactory() {}

    static LocalTransform create(int members) {
        return new LocalTransformVector(members);
    }
}
