package dev.edgeway.storage.variable;

import dev.edgeway.storage.task.InvalidInputException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses a variable's time to live in the forms clients send: a number of seconds ({@code 90},
 * {@code "90"}, {@code 1.5}), a Go duration ({@code "90s"}, {@code "1h30m"}, {@code "250ms"})
 * or ISO-8601 ({@code "PT1H"}, {@code "P1D"}). Zero, an empty string or null mean no expiry.
 */
public final class Ttl {

    /** The rule as it appears in error messages and in the docs. */
    public static final String RULE = "seconds, a Go duration such as 1h30m, or ISO-8601 such as PT1H; not negative";

    private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern GO = Pattern.compile("((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+");
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private Ttl() {}

    /** The TTL, or empty for none; {@link InvalidInputException} for {@code field} when unreadable. */
    public static Optional<Duration> parse(String field, @Nullable String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = text.trim();
        Duration ttl;
        try {
            if (SECONDS.matcher(s).matches()) {
                ttl = ofSeconds(new BigDecimal(s));
            } else if (GO.matcher(s).matches()) {
                ttl = goDuration(s);
            } else if (s.startsWith("P") || s.startsWith("p")) {
                ttl = Duration.parse(s);
            } else {
                throw new InvalidInputException(field, text, RULE);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidInputException(field, text, RULE);
        }
        if (ttl.isNegative()) {
            throw new InvalidInputException(field, text, RULE);
        }
        return ttl.isZero() ? Optional.empty() : Optional.of(ttl);
    }

    private static Duration goDuration(String s) {
        Matcher part = GO_PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        while (part.find()) {
            BigDecimal amount = new BigDecimal(part.group(1).endsWith(".") ? part.group(1) + "0" : part.group(1));
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unitNanos(part.group(2)))));
        }
        return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
    }

    private static Duration ofSeconds(BigDecimal seconds) {
        return Duration.ofNanos(
                seconds.movePointRight(9).setScale(0, RoundingMode.DOWN).longValueExact());
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }
}
