package dev.edgeway.storage.variable;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a listing shows of a variable.
 *
 * @param name its name
 * @param type the caller's label for the value
 * @param format how its value reads
 * @param size the value's size in bytes
 * @param timestamp when it was written
 * @param expiresAt when it expires, or null for never
 * @param revision its key-value revision
 */
public record VariableSummary(
        VariableName name,
        String type,
        ValueFormat format,
        long size,
        Instant timestamp,
        @Nullable Instant expiresAt,
        long revision) {

    public VariableSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
