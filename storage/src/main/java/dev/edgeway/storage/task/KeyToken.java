package dev.edgeway.storage.task;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The alphabet of task ids and variable names. Each becomes one token of a NATS subject
 * ({@code $KV.<bucket>.<taskId>.<varName>}), so dots, spaces, {@code *}, {@code >} and control
 * characters are out; the rest of the NATS key alphabet is cut down to characters that need no
 * escaping in a URL path either.
 */
public final class KeyToken {

    /** The longest id or name. */
    public static final int MAX_LENGTH = 128;

    /** The rule as it appears in error messages and in the docs. */
    public static final String RULE = "1 to " + MAX_LENGTH + " characters from A-Z a-z 0-9 _ -";

    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private KeyToken() {}

    /** The value when it follows the rule; otherwise {@link InvalidInputException} naming the field. */
    public static String require(String field, @Nullable String value) {
        if (value == null || !ALPHABET.matcher(value).matches()) {
            throw new InvalidInputException(field, value, RULE);
        }
        return value;
    }
}
