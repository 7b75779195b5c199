package org.enflow.filter;

import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Model;

/**
 * What a filter may need to know about the experiment it runs in: the forecast model (Kalman needs the
 * linear map), the ensemble size, the random streams (the filter draws from purpose FILTER, one stream
 * per member), the thread pool, and the model steps between two analyses (FlowDAS learns or builds the
 * transition kernel over exactly that span; 0 when unknown).
 */
public record FilterContext(Model model, int members, RandomStreams streams, Parallel parallel, int stepsPerCycle) {
    public FilterContext {
        if (stepsPerCycle < 0)
            throw new IllegalArgumentException("stepsPerCycle = " + stepsPerCycle + ": expected an integer >= 0 (0: unknown)");
    }

    /** A context whose steps per cycle are unknown (0). */
    public FilterContext(Model model, int members, RandomStreams streams, Parallel parallel) {
        this(model, members, streams, parallel, 0);
    }
}
