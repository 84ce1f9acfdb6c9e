package dev.edgeway.kafka.invoke;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a call answered.
 *
 * @param status the HTTP status code
 * @param contentType the response's content type, or null
 * @param body the response body (bounded by the adapter)
 * @param duration how long the call took
 */
public record InvocationOutcome(int status, @Nullable String contentType, byte[] body, Duration duration) {

    public InvocationOutcome {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(duration, "duration");
    }

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
