package dev.edgeway.sdk.internal;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SDK's own JSON mapper and the state API's wire shapes (snake_case, ISO-8601 instants).
 * Fields a newer gateway adds are ignored, so an older SDK keeps working.
 */
public final class StateJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private StateJson() {}

    /**
     * Writes a value as JSON.
     *
     * @param value any value Jackson can write
     * @return its UTF-8 JSON text
     * @throws IllegalArgumentException when Jackson cannot write it
     */
    public static byte[] write(@Nullable Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("value: cannot be written as JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    /**
     * Reads a response body of a known shape.
     *
     * @param body the JSON text
     * @param type the record to read
     * @param <T> the record's type
     * @return the record
     * @throws IllegalArgumentException when the body is not that shape
     */
    public static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "response body: not a " + type.getSimpleName() + " (" + e.getOriginalMessage() + ")", e);
        }
    }

    /**
     * Converts a JSON value to a Java type.
     *
     * @param value the JSON value
     * @param type the Java type, generic or not
     * @param <T> the result's type
     * @return the converted value; null when the JSON value is null
     * @throws IllegalArgumentException when the value does not fit the type
     */
    public static <T> @Nullable T convert(JsonNode value, Type type) {
        try {
            return MAPPER.treeToValue(value, MAPPER.constructType(type));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a " + type.getTypeName() + " (" + e.getOriginalMessage() + ")", e);
        }
    }

    /**
     * Reads a JSON document as a tree, for problem bodies.
     *
     * @param body the JSON text
     * @return the tree
     * @throws IllegalArgumentException when the body is not JSON
     */
    public static JsonNode tree(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    /**
     * A task's metadata as the API sends it.
     *
     * @param taskId the task id
     * @param functionName its function
     * @param status its status
     * @param variables its variables' names
     * @param createdAt when it was created
     * @param updatedAt when it last changed
     */
    @JsonNaming(SnakeCaseStrategy.class)
    public record WireTask(
            String taskId,
            String functionName,
            String status,
            @Nullable List<String> variables,
            Instant createdAt,
            Instant updatedAt) {}

    /**
     * A variable as the API sends it in JSON.
     *
     * @param taskId the task id
     * @param varName the variable's name
     * @param varType its label
     * @param value its value; base64 text when {@code format} is {@code binary}
     * @param format {@code json} or {@code binary}
     * @param timestamp when it was written
     * @param expiresAt when it expires, or null for never
     */
    @JsonNaming(SnakeCaseStrategy.class)
    public record WireVariable(
            String taskId,
            String varName,
            @Nullable String varType,
            @Nullable JsonNode value,
            @Nullable String format,
            Instant timestamp,
            @Nullable Instant expiresAt) {}

    /**
     * One page of a task's variables as the API sends it.
     *
     * @param taskId the task id
     * @param variables the page's variables
     * @param next the {@code after} of the next page, or null on the last
     */
    @JsonNaming(SnakeCaseStrategy.class)
    public record WireVariableList(
            String taskId,
            @Nullable List<WireVariableItem> variables,
            @Nullable String next) {}

    /**
     * One variable of a listing.
     *
     * @param varName its name
     * @param varType its label
     * @param format {@code json} or {@code binary}
     * @param size its value's size in bytes
     * @param timestamp when it was written
     * @param expiresAt when it expires, or null for never
     * @param revision its revision
     */
    @JsonNaming(SnakeCaseStrategy.class)
    public record WireVariableItem(
            String varName,
            @Nullable String varType,
            @Nullable String format,
            long size,
            Instant timestamp,
            @Nullable Instant expiresAt,
            long revision) {}

    /**
     * The body of a variable write in JSON.
     *
     * @param value the value
     * @param varType the label, or null for the server's default
     * @param ttl the TTL, or null for none
     * @return the body's JSON text
     */
    public static byte[] variableBody(Object value, @Nullable String varType, @Nullable String ttl) {
        Map<String, @Nullable Object> body = new java.util.LinkedHashMap<>();
        body.put("value", value);
        if (varType != null) {
            body.put("var_type", varType);
        }
        if (ttl != null) {
            body.put("ttl", ttl);
        }
        return write(body);
    }
}
