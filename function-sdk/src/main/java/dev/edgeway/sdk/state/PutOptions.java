package dev.edgeway.sdk.state;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * How to write a variable: its TTL, its label, and the condition the write depends on. Immutable;
 * each method returns a changed copy:
 * {@code PutOptions.defaults().withTtl(Duration.ofHours(1)).ifRevision(read.revision())}.
 */
public final class PutOptions {

    private static final PutOptions DEFAULTS = new PutOptions(null, null, null, false);

    private final @Nullable Duration ttl;
    private final @Nullable String varType;
    private final @Nullable Long expectedRevision;
    private final boolean createOnly;

    private PutOptions(
            @Nullable Duration ttl, @Nullable String varType, @Nullable Long expectedRevision, boolean createOnly) {
        this.ttl = ttl;
        this.varType = varType;
        this.expectedRevision = expectedRevision;
        this.createOnly = createOnly;
    }

    /**
     * No TTL, the server's default label ({@code json} or {@code bytes}), unconditional.
     *
     * @return the default options
     */
    public static PutOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Expire the value this long after the write; a later write sets a new expiry. An expired
     * variable reads as absent.
     *
     * @param newTtl the time to live, positive
     * @return a copy with the TTL
     * @throws IllegalArgumentException when zero or negative
     */
    public PutOptions withTtl(Duration newTtl) {
        Objects.requireNonNull(newTtl, "ttl");
        if (newTtl.isZero() || newTtl.isNegative()) {
            throw new IllegalArgumentException("ttl: " + newTtl + " (expected: > 0)");
        }
        return new PutOptions(newTtl, varType, expectedRevision, createOnly);
    }

    /**
     * Label the value, as the original sketch's {@code var_type} ({@code dataframe},
     * {@code ndarray}, ...).
     *
     * @param newVarType 1 to 64 characters without control characters
     * @return a copy with the label
     */
    public PutOptions withVarType(String newVarType) {
        return new PutOptions(ttl, Objects.requireNonNull(newVarType, "varType"), expectedRevision, createOnly);
    }

    /**
     * Write only if the variable is still at this revision ({@code If-Match}); otherwise the write
     * fails with a {@link StateConflictException} and changes nothing. Replaces
     * {@link #ifAbsent()}.
     *
     * @param revision the revision of the value the write is based on
     * @return a copy with the condition
     * @throws IllegalArgumentException when negative
     */
    public PutOptions ifRevision(long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("revision: " + revision + " (expected: >= 0)");
        }
        return new PutOptions(ttl, varType, revision, false);
    }

    /**
     * Write only if the variable does not exist ({@code If-None-Match: *}); otherwise the write
     * fails with a {@link StateConflictException}. Replaces {@link #ifRevision(long)}.
     *
     * @return a copy with the condition
     */
    public PutOptions ifAbsent() {
        return new PutOptions(ttl, varType, null, true);
    }

    /**
     * The TTL.
     *
     * @return the TTL; empty for a value that never expires
     */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /**
     * The label.
     *
     * @return the label; empty for the server's default
     */
    public Optional<String> varType() {
        return Optional.ofNullable(varType);
    }

    /**
     * The revision the write expects.
     *
     * @return the revision; empty when the write does not depend on one
     */
    public OptionalLong expectedRevision() {
        return expectedRevision == null ? OptionalLong.empty() : OptionalLong.of(expectedRevision);
    }

    /**
     * Whether the write only creates.
     *
     * @return true after {@link #ifAbsent()}
     */
    public boolean createOnly() {
        return createOnly;
    }

    /** The TTL as the API reads it: ISO-8601, such as {@code PT1H30M}. */
    @Nullable
    String ttlText() {
        return ttl == null ? null : ttl.toString();
    }

    @Override
    public String toString() {
        return "PutOptions[ttl=" + ttl + ", varType=" + varType + ", expectedRevision=" + expectedRevision
                + ", createOnly=" + createOnly + "]";
    }
}
