package dev.edgeway.sdk.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One variable of a listing: everything but its value. */
public final class VariableInfo {

    private final String name;
    private final String varType;
    private final ValueFormat format;
    private final long size;
    private final Instant timestamp;
    private final @Nullable Instant expiresAt;
    private final long revision;

    VariableInfo(
            String name,
            String varType,
            ValueFormat format,
            long size,
            Instant timestamp,
            @Nullable Instant expiresAt,
            long revision) {
        this.name = Objects.requireNonNull(name, "name");
        this.varType = Objects.requireNonNull(varType, "varType");
        this.format = Objects.requireNonNull(format, "format");
        this.size = size;
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.expiresAt = expiresAt;
        this.revision = revision;
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
     * The writer's label for the value.
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
     * The stored value's size.
     *
     * @return the size in bytes (of the JSON text for JSON values)
     */
    public long size() {
        return size;
    }

    /**
     * When the value was written.
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
     * The value's revision.
     *
     * @return the revision
     */
    public long revision() {
        return revision;
    }

    @Override
    public String toString() {
        return "VariableInfo[" + name + ", " + varType + ", " + size + " bytes, revision " + revision + "]";
    }
}
