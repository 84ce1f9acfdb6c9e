package dev.edgeway.storage.variable;

import dev.edgeway.storage.task.InvalidInputException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A variable's time to live, in Edgeway's one duration grammar ({@link DurationText}): a number
 * of seconds ({@code 90}, {@code "90"}, {@code 1.5}), a Go duration ({@code "90s"},
 * {@code "1h30m"}, {@code "250ms"}) or ISO-8601 ({@code "PT1H"}, {@code "P1D"}), not negative.
 * Zero, an empty string or null mean no expiry.
 */
public final class Ttl {

    /** The rule as it appears in error messages and in the docs. */
    public static final String RULE = "seconds, a Go duration such as 1h30m, or ISO-8601 such as PT1H; not negative";

    private Ttl() {}

    /** The TTL, or empty for none; {@link InvalidInputException} for {@code field} when unreadable. */
    public static Optional<Duration> parse(String field, @Nullable String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Duration ttl;
        try {
            ttl = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, text, RULE);
        }
        if (ttl.isNegative()) {
            throw new InvalidInputException(field, text, RULE);
        }
        return ttl.isZero() ? Optional.empty() : Optional.of(ttl);
    }
}
