package org.enflow.filter;

import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Model;

/**
 * What a filter may need to know about the experiment it runs in: the forecast model (Kalman needs the
 * linear map), the ensemble size, the random streams (the filter draws from purpose FILTER, one stream
 * per member) and the thread pool.
 */
public record FilterContext(Model model, int members, RandomStreams streams, Parallel parallel) {}
