package dev.edgeway.storage.variable;

import dev.edgeway.storage.task.TaskId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A variable's current value.
 *
 * @param taskId the task it belongs to
 * @param name its name
 * @param type the caller's label for the value ({@code json}, {@code ndarray}, ...)
 * @param format how to read {@code value}
 * @param value the bytes: JSON text or opaque
 * @param timestamp when this value was written
 * @param expiresAt when it expires, or null for never
 * @param revision the key-value revision, shown as {@code ETag}
 */
public record Variable(
        TaskId taskId,
        VariableName name,
        String type,
        ValueFormat format,
        byte[] value,
        Instant timestamp,
        @Nullable Instant expiresAt,
        long revision) {

    public Variable {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
