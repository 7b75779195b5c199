package org.enflow.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks that a piece of code allocates nothing once the JIT has compiled it, in a fresh JVM with
 * {@code -Xbatch}.
 *
 * <p>Why a child JVM: the Vector API allocates one object per vector until C2 has compiled the kernel with
 * its intrinsics, and whether the C2 code of a kernel is allocation-free depends on what the JVM had seen
 * when it compiled it (profiles, loaded vector classes). Inside the test JVM that is the whole suite's
 * history, and background compilation makes it depend on timing: a loaded CI machine once kept a kernel
 * allocating for 30 s. {@code -Xbatch} compiles in the foreground, so the same rounds always give the same
 * compiled code, and only the code under test has run.
 */
public final class SteadyStateAllocation {
    /**
     * A round makes at least 1000 calls, so under 1000 bytes means nothing is allocated per call (an object
     * is at least 16 bytes). On JDK 17 the two readings of the allocation counter themselves allocate 776
     * bytes per round (the scalar code shows the same figure); on JDK 25, none.
     */
    public static final long LIMIT = 1000;
    static final int MAX_ROUNDS = 400;
    static final int STEADY_ROUNDS = 3;

    private SteadyStateAllocation() {}

    /** One round: the calls whose allocation is measured. */
    public interface Round {
        void run();
    }

    /**
     * Runs {@code main} of the given class in a fresh {@code -Xbatch} JVM with this JVM's class path and the
     * vector module when this JVM has it, and returns the lines its {@link #report} calls printed (at least
     * one).
     */
    public static List<String> runInChild(Class<?> main, String... args) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xbatch", "-Xmx512m"));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent())
            command.add("--add-modules=jdk.incubator.vector");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("allocation probe JVM did not finish: " + out);
        }
        if (p.exitValue() != 0) throw new AssertionError("allocation probe JVM exited with " + p.exitValue() + ": " + out);
        List<String> reports = out.lines().filter(l -> l.contains(": allocated ")).toList();
        if (reports.isEmpty()) throw new AssertionError("allocation probe JVM reported nothing: " + out);
        return reports;
    }

    /**
     * In the child: repeats the round until one allocates fewer than {@link #LIMIT} bytes (at most
     * {@link #MAX_ROUNDS} rounds), then runs {@link #STEADY_ROUNDS} more and prints "allocated B bytes in
     * round R", B the most any of those allocated (or the last round's bytes when none got under the
     * limit). B ≥ LIMIT means the compiled code allocates per call.
     */
    public static void report(String label, Round round) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long allocated = -1;
        int r = 0;
        while (r < MAX_ROUNDS && !(allocated >= 0 && allocated < LIMIT)) {
            allocated = measure(mx, id, round);
            r++;
        }
        if (allocated >= 0 && allocated < LIMIT) {
            for (int k = 0; k < STEADY_ROUNDS; k++) {
                allocated = Math.max(allocated, measure(mx, id, round));
                r++;
            }
        }
        System.out.println(label + ": allocated " + allocated + " bytes in round " + r);
    }

    private static long measure(com.sun.management.ThreadMXBean mx, long id, Round round) {
        long before = mx.getThreadAllocatedBytes(id);
        round.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    /** The number of bytes in a {@link #report} line. */
    public static long bytes(String line) {
        int at = line.indexOf(": allocated ");
        if (at < 0) throw new AssertionError("not an allocation report: " + line);
        String rest = line.substring(at + ": allocated ".length());
        return Long.parseLong(rest.substring(0, rest.indexOf(' ')));
    }
}
