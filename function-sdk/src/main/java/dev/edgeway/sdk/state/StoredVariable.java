package dev.edgeway.sdk.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A variable's value together with what the gateway knows of it; {@link #revision()} is what a
 * conditional write expects ({@link PutOptions#ifRevision(long)}).
 *
 * @param <T> the value's Java type
 */
public final class StoredVariable<T> {

    private final String taskId;
    private final String name;
    private final String varType;
    private final ValueFormat format;
    private final @Nullable T value;
    private final Instant timestamp;
    private final @Nullable Instant expiresAt;
    private final long revision;

    StoredVariable(
            String taskId,
            String name,
            String varType,
            ValueFormat format,
            @Nullable T value,
            Instant timestamp,
            @Nullable Instant expiresAt,
            long revision) {
        this.taskId = Objects.requireNonNull(taskId, "taskId");
        this.name = Objects.requireNonNull(name, "name");
        this.varType = Objects.requireNonNull(varType, "varType");
        this.format = Objects.requireNonNull(format, "format");
        this.value = value;
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.expiresAt = expiresAt;
        this.revision = revision;
    }

    /**
     * The task the variable belongs to.
     *
     * @return the task id
     */
    public String taskId() {
        return taskId;
    }

    /**
     * The variable's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The writer's label for the value, such as {@code json}, {@code bytes} or {@code ndarray}.
     *
     * @return the label
     */
    public String varType() {
        return varType;
    }

    /**
     * How the value is stored.
     *
     * @return JSON or binary
     */
    public ValueFormat format() {
        return format;
    }

    /**
     * The value.
     *
     * @return the value; empty only when a JSON variable holds {@code null}
     */
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /**
     * When this value was written.
     *
     * @return the write's time
     */
    public Instant timestamp() {
        return timestamp;
    }

    /**
     * When the value expires.
     *
     * @return the expiry; empty when it never expires
     */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * The value's revision, the gateway's {@code ETag}.
     *
     * @return the revision
     */
    public long revision() {
        return revision;
    }

    @Override
    public String toString() {
        // Never the value: it may be large or secret.
        return "StoredVariable[" + taskId + "/" + name + ", " + varType + ", revision " + revision + "]";
    }
}
