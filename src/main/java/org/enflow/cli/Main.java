package org.enflow.cli;

/** Entry point of {@code bin/enflow}; the CLI proper is being built (issue 2). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("enflow " + org.enflow.kernel.Vectorization.describe());
    }
}
