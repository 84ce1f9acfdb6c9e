package dev.edgeway.dag.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failed step is tried again and how long to wait before each retry: {@code backoff}
 * before the first retry, multiplied by {@code multiplier} before each next one, never more than
 * {@code maxBackoff}. {@code count} is the number of retries, so a step is called at most
 * {@code count + 1} times.
 */
public record RetryPolicy(int count, Duration backoff, double multiplier, Duration maxBackoff) {

    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    /** No retry: the first failure fails the step. */
    public static final RetryPolicy NONE = of(0);

    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** {@code count} retries with the default backoff: 1s, doubling, at most 30s. */
    public static RetryPolicy of(int count) {
        return new RetryPolicy(count, DEFAULT_BACKOFF, DEFAULT_MULTIPLIER, DEFAULT_MAX_BACKOFF);
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoffBefore(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry: " + retry + " (expected: >= 1)");
        }
        double nanos = backoff.toNanos() * Math.pow(multiplier, retry - 1);
        long capped = (long) Math.min(nanos, (double) maxBackoff.toNanos());
        return Duration.ofNanos(Math.max(0, capped));
    }
}
