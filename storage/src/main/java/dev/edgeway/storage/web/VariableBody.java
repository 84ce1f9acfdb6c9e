package dev.edgeway.storage.web;

import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.variable.Ttl;
import dev.edgeway.storage.variable.ValueFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The JSON body of a variable write, {@code {"task_id", "var_name", "var_type", "value",
 * "ttl", "format"}}. It is read as a token stream and {@code value} is kept as the bytes of its
 * JSON text, so a value of many MiB is validated without building a tree of it. With
 * {@code "format": "binary"} the value is a base64 string and the decoded bytes are stored.
 *
 * @param taskId the task id, when the body names one
 * @param varName the variable name, when the body names one
 * @param varType the caller's label, when given
 * @param format how to store the value
 * @param value the JSON text of the value, or the decoded bytes for {@code binary}
 * @param ttl the TTL as sent (a number becomes its text), when given
 */
record VariableBody(
        @Nullable String taskId,
        @Nullable String varName,
        @Nullable String varType,
        ValueFormat format,
        byte[] value,
        @Nullable String ttl) {

    static final Set<String> FIELDS = Set.of("task_id", "var_name", "var_type", "value", "ttl", "format");
    private static final String STRING_RULE = "a string";

    static VariableBody parse(byte[] body) {
        if (body.length == 0) {
            throw new StorageRequestException(
                    ProblemType.MALFORMED_JSON, "request body: empty (expected: a JSON object)");
        }
        try (JsonParser parser = StorageJson.MAPPER.createParser(body)) {
            return read(parser, body);
        } catch (JacksonException e) {
            throw JsonFields.Json.malformed(e);
        }
    }

    private static VariableBody read(JsonParser parser, byte[] body) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidInputException("request body", parser.getString(), "a JSON object");
        }
        String taskId = null;
        String varName = null;
        String varType = null;
        String format = null;
        String ttl = null;
        byte[] value = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "task_id" -> taskId = string(parser, field, token);
                case "var_name" -> varName = string(parser, field, token);
                case "var_type" -> varType = string(parser, field, token);
                case "format" -> format = string(parser, field, token);
                case "ttl" -> ttl = ttl(parser, token);
                case "value" -> value = rawValue(parser, token, body);
                default -> {
                    parser.skipChildren();
                    throw InvalidInputException.unknownField(
                            field, String.join(", ", FIELDS.stream().sorted().toList()));
                }
            }
        }
        if (parser.nextToken() != null) {
            throw new StorageRequestException(
                    ProblemType.MALFORMED_JSON, "request body: content after the JSON object");
        }
        if (value == null) {
            throw InvalidInputException.missingField("value", "any JSON value");
        }
        ValueFormat valueFormat = format(format);
        if (valueFormat == ValueFormat.BINARY) {
            value = base64(value);
        }
        return new VariableBody(taskId, varName, varType, valueFormat, value, ttl);
    }

    private static @Nullable String string(JsonParser parser, String field, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidInputException(field, describe(parser, token), STRING_RULE);
        }
        return parser.getString();
    }

    private static @Nullable String ttl(JsonParser parser, JsonToken token) {
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getString();
            default ->
                throw new InvalidInputException("ttl", describe(parser, token), "a string or a number: " + Ttl.RULE);
        };
    }

    /** The exact JSON text of the value: containers are sliced from the body, scalars re-written. */
    private static byte[] rawValue(JsonParser parser, JsonToken token, byte[] body) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            int start = (int) parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            int end = (int) parser.currentLocation().getByteOffset();
            return Arrays.copyOfRange(body, start, end);
        }
        if (token == JsonToken.VALUE_STRING) {
            return StorageJson.MAPPER.writeValueAsBytes(parser.getString());
        }
        return parser.getString().getBytes(StandardCharsets.UTF_8);
    }

    private static ValueFormat format(@Nullable String format) {
        if (format == null || format.equals("json")) {
            return ValueFormat.JSON;
        }
        if (format.equals("binary")) {
            return ValueFormat.BINARY;
        }
        throw new InvalidInputException("format", format, "json or binary");
    }

    private static byte[] base64(byte[] jsonText) {
        String text;
        try {
            text = StorageJson.MAPPER.readValue(jsonText, String.class);
        } catch (JacksonException e) {
            text = null;
        }
        if (text == null || jsonText.length == 0 || jsonText[0] != '"') {
            throw new InvalidInputException(
                    "value",
                    new String(jsonText, 0, Math.min(jsonText.length, 64), StandardCharsets.UTF_8),
                    "a base64 string when format is binary");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "value", text.substring(0, Math.min(text.length(), 64)), "base64 (RFC 4648) when format is binary");
        }
    }

    private static String describe(JsonParser parser, JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "{...} (object)";
            case START_ARRAY -> "[...] (array)";
            case VALUE_TRUE, VALUE_FALSE -> parser.getString() + " (boolean)";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getString() + " (number)";
            default -> String.valueOf(parser.getString());
        };
    }
}
