package dev.edgeway.dag.parse;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edgeway's one duration grammar (docs/configuration.md, "Durations"), used by pipeline
 * definitions and the gateway: Go style as in OpenFaaS ({@code 30s}, {@code 1m30s},
 * {@code 1.5h}, {@code 250ms}), ISO-8601 ({@code PT30S}), or a plain number of seconds
 * ({@code 30}, {@code 0.5}). The storage library keeps a copy; the gateway's
 * {@code DurationGrammarTest} pins both to one table of cases.
 */
public final class DurationText {

    /** The expectation, as violation messages print it. */
    public static final String EXPECTED = "a duration such as 30s, 1m30s, 250ms, PT30S or a number of seconds";

    private static final Pattern GO = Pattern.compile("([-+]?)((?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|ms|s|m|h))+");
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern SECONDS = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private DurationText() {}

    /**
     * @throws IllegalArgumentException with a message naming the text and the expectation
     */
    public static Duration parse(String text) {
        String trimmed = text.strip();
        try {
            if (SECONDS.matcher(trimmed).matches()) {
                return ofSeconds(new BigDecimal(trimmed));
            }
            if (trimmed.toUpperCase(Locale.ROOT).startsWith("P") || trimmed.startsWith("-P")) {
                return Duration.parse(trimmed);
            }
            if (GO.matcher(trimmed).matches()) {
                return parseGo(trimmed);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // falls through to the one message below
        }
        throw new IllegalArgumentException("\"" + text + "\" (expected: " + EXPECTED + ")");
    }

    /** A number of seconds, possibly with a fraction; nanosecond precision. */
    public static Duration ofSeconds(BigDecimal seconds) {
        return Duration.ofNanos(seconds.multiply(NANOS_PER_SECOND).longValueExact());
    }

    private static Duration parseGo(String text) {
        boolean negative = text.startsWith("-");
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = GO_PART.matcher(text);
        while (part.find()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(unitNanos(part.group(2))));
        }
        Duration duration = Duration.ofNanos(nanos.longValueExact());
        return negative ? duration.negated() : duration;
    }

    private static BigDecimal unitNanos(String unit) {
        long nanos =
                switch (unit) {
                    case "ns" -> 1L;
                    case "us", "µs" -> 1_000L;
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    default -> 3_600_000_000_000L;
                };
        return BigDecimal.valueOf(nanos);
    }
}
