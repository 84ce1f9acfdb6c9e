package dev.edgeway.gateway.config;

import dev.edgeway.dag.parse.DurationText;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the durations of OpenFaaS settings ({@code read_timeout}, {@code exec_timeout}, ...) in
 * Edgeway's one duration grammar ({@link DurationText}: a number of seconds, a Go duration such
 * as {@code 1m30s}, or ISO-8601), which takes every form OpenFaaS components read.
 */
public final class GoDurations {

    private GoDurations() {}

    /** The duration, or empty when the text is not one or is negative. */
    public static Optional<Duration> parse(String text) {
        try {
            Duration duration = DurationText.parse(text);
            return duration.isNegative() ? Optional.empty() : Optional.of(duration);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
