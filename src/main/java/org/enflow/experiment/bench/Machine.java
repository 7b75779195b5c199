package org.enflow.experiment.bench;

/**
 * The machine a result ran on: {@code key} identifies it (CPU model, or the GPU for PyTorch GPU records)
 * so that results and machine probes can be matched; {@code description} is what the report prints.
 * {@link #UNRECORDED} stands for results whose files carry no machine information.
 */
public record Machine(String key, String description) {
    public static final Machine UNRECORDED = new Machine("unrecorded", "not recorded");

    public boolean recorded() {
        return !key.equals(UNRECORDED.key);
    }
}
