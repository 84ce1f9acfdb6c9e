package dev.edgeway.kafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * A record that did not reach a successful call. Its fields become the dead letter's failure
 * headers; whether it is retried depends on the subclass.
 */
public abstract sealed class CallFailure extends RuntimeException permits RetryableFailure, NotRetryable {

    private final @Nullable String target;
    private final int status;
    private final byte[] responseExcerpt;

    CallFailure(String reason, @Nullable String target, int status, byte[] responseExcerpt, @Nullable Throwable cause) {
        super(reason, cause, false, false);
        this.target = target;
        this.status = status;
        this.responseExcerpt = responseExcerpt.clone();
    }

    /** Why the record failed, a sentence naming the offending value. */
    public String reason() {
        return getMessage();
    }

    /** The function or pipeline the record was meant for, or null when it names none. */
    public @Nullable String target() {
        return target;
    }

    /** The status the call answered, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The start of the response body, bounded by {@code edgeway.kafka.max-response-excerpt}. */
    public byte[] responseExcerpt() {
        return responseExcerpt.clone();
    }
}
