package dev.edgeway.gateway.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way OpenFaaS components read them: a whole number means seconds,
 * anything else is a Go duration such as {@code 1m30s} or {@code 500ms}.
 */
public final class GoDurations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDurations() {}

    /** The duration, or empty when the text is neither seconds nor a Go duration. */
    public static Optional<Duration> parse(String text) {
        String s = text.trim();
        if (s.matches("\\d+")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(s)));
        }
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher m = PART.matcher(s);
        long nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            nanos += Math.round(Double.parseDouble(m.group(1)) * unitNanos(m.group(2)));
            end = m.end();
        }
        if (end == 0 || end != s.length()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(nanos));
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
    }
}
