package org.enflow.filter;

/** One hyperparameter of a filter as the CLI and {@code enflow list} show it. */
public record FilterParameter(String key, String defaultValue, String description) {}
