package org.enflow.kernel;

/**
 * Decides once, at class initialization, whether the Vector API kernels are used.
 *
 * <p>They are used when the {@code jdk.incubator.vector} module is in the boot layer (the launcher and
 * the test/JMH forks add it) and the system property {@code enflow.vector} is not {@code false}. Classes
 * that touch {@code jdk.incubator.vector} types are only loaded when this says yes, so the library runs,
 * on its scalar twins, on a JVM started without the module.
 */
public final class Vectorization {
    private static final boolean MODULE_PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final boolean ENABLED =
            MODULE_PRESENT && !"false".equalsIgnoreCase(System.getProperty("enflow.vector", "true"));

    private Vectorization() {}

    /** True when the incubator module is loaded, whether or not it is used. */
    public static boolean modulePresent() {
        return MODULE_PRESENT;
    }

    /** True when the Vector API kernels are in use. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** A short description for logs and benchmark reports. */
    public static String describe() {
        if (!MODULE_PRESENT) return "scalar (jdk.incubator.vector not loaded)";
        if (!ENABLED) return "scalar (enflow.vector=false)";
        return "vector (" + VectorInfo.describe() + ")";
    }
}
