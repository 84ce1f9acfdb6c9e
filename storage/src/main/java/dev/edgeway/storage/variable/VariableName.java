package dev.edgeway.storage.variable;

import dev.edgeway.storage.task.KeyToken;
import java.util.Objects;

/**
 * A variable's name within its task: the second token of its key. Names that start with
 * {@value #RESERVED_PREFIX} are the gateway's own (a pipeline run's {@code _run} and
 * {@code _input}): anyone may read them, only the gateway writes them.
 */
public record VariableName(String value) {

    /** The start of the names reserved for the gateway's own use. */
    public static final String RESERVED_PREFIX = "_";

    public VariableName {
        Objects.requireNonNull(value, "value");
    }

    /** The name, or an invalid-input error for {@code field} when it breaks {@link KeyToken#RULE}. */
    public static VariableName parse(String field, String text) {
        return new VariableName(KeyToken.require(field, text));
    }

    /** Whether the gateway keeps this name for itself, so that the state API must not write it. */
    public boolean reserved() {
        return value.startsWith(RESERVED_PREFIX);
    }

    @Override
    public String toString() {
        return value;
    }
}
