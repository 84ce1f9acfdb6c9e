package dev.edgeway.storage.variable;

import dev.edgeway.storage.task.KeyToken;
import java.util.Objects;

/** A variable's name within its task: the second token of its key. */
public record VariableName(String value) {

    public VariableName {
        Objects.requireNonNull(value, "value");
    }

    /** The name, or an invalid-input error for {@code field} when it breaks {@link KeyToken#RULE}. */
    public static VariableName parse(String field, String text) {
        return new VariableName(KeyToken.require(field, text));
    }

    @Override
    public String toString() {
        return value;
    }
}
