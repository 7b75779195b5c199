package org.enflow.filter;

import java.util.List;

/** Builds a filter from string hyperparameters: what the CLI and {@code enflow list} use. */
public interface FilterFactory {
    /** The name used with {@code --filter}. */
    String name();

    /** One line: what the filter is. */
    String description();

    /** Declared hyperparameters with their defaults. */
    List<FilterParameter> parameters();

    /** A filter configured by {@code settings} (already merged with the defaults). */
    Filter create(FilterContext context, FilterSettings settings);
}
