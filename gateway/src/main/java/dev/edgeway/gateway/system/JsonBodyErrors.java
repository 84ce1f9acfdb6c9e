package dev.edgeway.gateway.system;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Says what is wrong with a JSON body in the caller's terms: the field (as a JSON path such as
 * {@code envVars.A} or {@code secrets[0]}) and what it should be. Jackson's own messages name
 * Java classes ({@code Cannot construct instance of dev.edgeway...}), which callers must not
 * see and cannot act on.
 */
final class JsonBodyErrors {

    private JsonBodyErrors() {}

    static String describe(JacksonException e) {
        return switch (e) {
            case MismatchedInputException m ->
                field(e) + ": wrong type (expected: " + expected(m.getTargetType()) + ")";
            case ValueInstantiationException v
            when v.getCause() instanceof IllegalArgumentException invalid && invalid.getMessage() != null ->
                invalid.getMessage();
            case StreamReadException s -> "malformed JSON: " + syntax(e);
            default -> field(e) + ": invalid value (expected: a value of the documented type)";
        };
    }

    /** The offending field as a JSON path, or {@code body} for the whole body. */
    private static String field(JacksonException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? "body" : path.startsWith(".") ? path.substring(1) : path;
    }

    private static String expected(@Nullable Class<?> type) {
        if (type == null) {
            return "a value of the documented type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.") ? "an object" : "a value";
    }

    /** The parser's message without its source excerpt, plus where in the body the problem is. */
    private static String syntax(JacksonException e) {
        String message = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:.*", "");
        var location = e.getLocation();
        return location == null || location.getLineNr() < 0
                ? message
                : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
