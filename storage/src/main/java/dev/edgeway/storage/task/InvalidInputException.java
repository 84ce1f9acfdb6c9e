package dev.edgeway.storage.task;

import org.jspecify.annotations.Nullable;

/**
 * A request value that breaks a rule: names the field, the value and the rule, e.g.
 * {@code task_id: "a b" (expected: 1 to 128 of A-Z a-z 0-9 _ -)}.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;
    private final @Nullable Object value;
    private final String rule;

    public InvalidInputException(String field, @Nullable Object value, String rule) {
        this(field + ": " + quoted(value) + " (expected: " + rule + ")", field, value, rule);
    }

    private InvalidInputException(String message, String field, @Nullable Object value, String rule) {
        super(message);
        this.field = field;
        this.value = value;
        this.rule = rule;
    }

    /** A field the request may not have. */
    public static InvalidInputException unknownField(String field, String knownFields) {
        String rule = "one of " + knownFields;
        return new InvalidInputException(field + ": unknown field (expected: " + rule + ")", field, null, rule);
    }

    /** A required field the request does not have. */
    public static InvalidInputException missingField(String field, String rule) {
        return new InvalidInputException(field + ": missing (expected: " + rule + ")", field, null, rule);
    }

    public String field() {
        return field;
    }

    public @Nullable Object value() {
        return value;
    }

    public String rule() {
        return rule;
    }

    private static String quoted(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        if (text.length() > 200) {
            text = text.substring(0, 200) + "...";
        }
        return value instanceof String ? '"' + text + '"' : text;
    }
}
