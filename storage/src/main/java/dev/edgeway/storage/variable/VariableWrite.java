package dev.edgeway.storage.variable;

import dev.edgeway.storage.task.Precondition;
import dev.edgeway.storage.task.TaskId;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to store a variable.
 *
 * @param taskId the task, which must exist
 * @param name the variable's name
 * @param type the caller's label for the value
 * @param format how the value reads
 * @param value the bytes to store
 * @param ttl how long the value lives, or null for no expiry
 * @param precondition the condition on the current revision
 */
public record VariableWrite(
        TaskId taskId,
        VariableName name,
        String type,
        ValueFormat format,
        byte[] value,
        @Nullable Duration ttl,
        Precondition precondition) {

    public VariableWrite {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(precondition, "precondition");
    }
}
