package dev.edgeway.sdk.state;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The state store cannot answer now: 503 (NATS unreachable; the gateway recovers by itself),
 * 502 or 504 from a proxy in front, or no response at all ({@link #status()} 0: connection
 * refused, reset or timed out). Worth retrying later.
 */
public class StateUnavailableException extends StateException {

    /** The type of the gateway's "state store unavailable" (503). */
    public static final String STORAGE_UNAVAILABLE = TYPE_PREFIX + "storage-unavailable";

    private static final long serialVersionUID = 1L;

    /** The suggested delay before a retry, or null. */
    private final @Nullable Duration retryAfter;

    /**
     * An unavailable store.
     *
     * @param message the whole message
     * @param status the HTTP status, or 0 without a response
     * @param type the problem type URI
     * @param title the problem's title
     * @param detail the problem's detail
     * @param extensions the problem's other members
     * @param retryAfter the {@code Retry-After} the gateway suggested, or null
     * @param cause the underlying failure, or null
     */
    public StateUnavailableException(
            String message,
            int status,
            String type,
            String title,
            String detail,
            Map<String, String> extensions,
            @Nullable Duration retryAfter,
            @Nullable Throwable cause) {
        super(message, status, type, title, detail, extensions, cause);
        this.retryAfter = retryAfter;
    }

    /**
     * How long the gateway suggests waiting before the next try, from {@code Retry-After}.
     *
     * @return the delay; empty when the response had none or there was no response
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
