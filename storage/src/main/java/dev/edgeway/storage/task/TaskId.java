package dev.edgeway.storage.task;

import java.util.Objects;

/** A task's id: the key of its metadata and the first token of its variables' keys. */
public record TaskId(String value) {

    public TaskId {
        Objects.requireNonNull(value, "value");
    }

    /** The id, or {@link InvalidInputException} for {@code task_id} when it breaks {@link KeyToken#RULE}. */
    public static TaskId parse(String text) {
        return new TaskId(KeyToken.require("task_id", text));
    }

    @Override
    public String toString() {
        return value;
    }
}
