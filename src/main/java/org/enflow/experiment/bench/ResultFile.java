package org.enflow.experiment.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One result file as the report cites it: its name as given, what is known about the run (from the run's
 * {@code run-info.json} written by {@code jmh/run.sh}, or from the records of PyTorch files), and its
 * records. Identity semantics: two files are equal only if they are the same object.
 */
public final class ResultFile {
    private final String name, date, command, runtime, profile;
    private final Machine machine;
    private final List<BenchRecord> records = new ArrayList<>();

    /**
     * @param name    the path as given on the command line (kept relative, so the report is reproducible)
     * @param date    when it ran, or "not recorded"
     * @param command the command that produced it, or "not recorded"
     * @param machine the machine
     * @param runtime the JDK and VM (Java) or Python/torch versions
     */
    public ResultFile(String name, String date, String command, Machine machine, String runtime) {
        this(name, date, command, machine, runtime, "");
    }

    /** @param profile the {@code jmh/run.sh} profile (quick, acceptance, full) of its run, or "" if not recorded */
    public ResultFile(String name, String date, String command, Machine machine, String runtime, String profile) {
        this.profile = profile == null ? "" : profile;
        this.name = name;
        this.date = date;
        this.command = command;
        this.machine = machine;
        this.runtime = runtime;
    }

    public String name() {
        return name;
    }

    public String date() {
        return date;
    }

    public String command() {
        return command;
    }

    public Machine machine() {
        return machine;
    }

    public String runtime() {
        return runtime;
    }

    /** The run's profile from run-info.json (quick, acceptance, full), or "" if not recorded. */
    public String profile() {
        return profile;
    }

    /** The directory of the file as given (the run it belongs to), or "." for a bare file name. */
    public String directory() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "." : name.substring(0, slash);
    }

    /** The records, in file order (mutable while the file is read). */
    public List<BenchRecord> records() {
        return records;
    }

    @Override
    public String toString() {
        return name;
    }
}
