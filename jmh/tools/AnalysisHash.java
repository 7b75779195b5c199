package org.enflow.bench;

/**
 * A hash of the bits of three successive analyses of each {@link AnalysisBench} config, on one and on two threads: run
 * it against two builds (two commits) to check that a change moved no bit, and that both thread counts agree.
 *
 * <pre>
 *   javac -cp target/benchmarks.jar -d /tmp/hash jmh/tools/AnalysisHash.java
 *   java --add-modules=jdk.incubator.vector -Xmx8g -cp target/benchmarks.jar:/tmp/hash org.enflow.bench.AnalysisHash CONFIG...
 * </pre>
 */
public final class AnalysisHash {
    private AnalysisHash() {}

    public static void main(String[] args) {
        for (String config : args) {
            for (int threads = 1; threads <= 2; threads++) {
                AnalysisBench b = new AnalysisBench();
                b.config = config;
                b.threads = threads;
                b.setUp();
                try {
                    long h = 0;
                    for (int call = 0; call < 3; call++) {
                        b.restore();
                        for (double v : b.analysis().data()) h = h * 31 + Double.doubleToRawLongBits(v);
                    }
                    System.out.printf("%s threads=%d %016x%n", config, threads, h);
                } finally {
                    b.tearDown();
                }
            }
        }
    }
}
