package dev.edgeway.kafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * A failure that another attempt would repeat (a malformed record, an unknown target, a 4xx
 * answer): the record goes to the dead-letter topic at once.
 */
public non-sealed class NotRetryable extends CallFailure {

    public NotRetryable(String reason, @Nullable String target, int status, byte[] responseExcerpt) {
        super(reason, target, status, responseExcerpt, null);
    }

    /** A record that cannot be read as a trigger: not JSON, wrong types, a tombstone, too large. */
    public static NotRetryable malformed(String reason) {
        return new NotRetryable("malformed record: " + reason, null, 0, new byte[0]);
    }
}
