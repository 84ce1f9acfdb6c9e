package dev.edgeway.kafka.errors;

import java.time.Duration;
import java.util.Set;

/**
 * How a failed call is retried: which statuses are worth another attempt, how many calls in all,
 * and the exponential backoff with jitter between them. The trigger's defaults come from
 * {@code edgeway.kafka.retry.*}; a function may set its own through annotations.
 *
 * @param maxAttempts calls in all, the first included, before the record goes to the dead-letter topic
 * @param initialInterval the wait before the first retry
 * @param multiplier the growth of the wait from one retry to the next
 * @param maxInterval the longest wait
 * @param jitter the random spread added to or taken from each wait
 * @param statuses the answers that are retried; a call without an answer always is
 */
public record RetrySettings(
        int maxAttempts,
        Duration initialInterval,
        double multiplier,
        Duration maxInterval,
        Duration jitter,
        Set<Integer> statuses) {

    /** 408, 429, 500, 502, 503, 504: a function that is overloaded, restarting or not there yet. */
    public static final Set<Integer> DEFAULT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    public RetrySettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
        }
        statuses = Set.copyOf(statuses);
    }
}
