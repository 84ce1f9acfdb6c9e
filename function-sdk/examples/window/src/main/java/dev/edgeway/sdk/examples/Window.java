package dev.edgeway.sdk.examples;

import java.util.List;
import java.util.Map;

/**
 * One window and what was computed over it.
 *
 * @param start where the window starts (inclusive, except for sliding windows)
 * @param end where the window ends
 * @param values the values in it, in time order
 * @param aggregates each aggregation's result, by name
 */
public record Window(double start, double end, List<Double> values, Map<String, Double> aggregates) {

    /** Copies, keeping the aggregates' order. */
    public Window {
        values = List.copyOf(values);
        aggregates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(aggregates));
    }
}
