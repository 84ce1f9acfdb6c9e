package dev.edgeway.dag.model;

import java.util.Objects;

/**
 * The id of a step, unique within its pipeline. A valid id is a DNS-1123 label (the validator
 * checks that), so it can name a state-store variable and appear in a URL or a header as it is.
 */
public record StepId(String value) implements Comparable<StepId> {

    public StepId {
        Objects.requireNonNull(value, "value");
    }

    public static StepId of(String value) {
        return new StepId(value);
    }

    @Override
    public int compareTo(StepId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
