package dev.edgeway.kafka.errors;

import org.jspecify.annotations.Nullable;

/** A failure that may pass (an overloaded, restarting or unreachable function): retried with backoff. */
public final class RetryableFailure extends CallFailure {

    public RetryableFailure(String reason, @Nullable String target, int status, byte[] responseExcerpt) {
        super(reason, target, status, responseExcerpt, null);
    }

    public RetryableFailure(String reason, @Nullable String target, Throwable cause) {
        super(reason, target, 0, new byte[0], cause);
    }
}
