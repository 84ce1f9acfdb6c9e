package dev.edgeway.sdk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a function answers: a status, headers and a body. Immutable; {@link #withHeader} and
 * {@link #withStatus} return changed copies.
 */
public final class Response {

    private static final String CONTENT_TYPE = "Content-Type";

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private Response(int status, Map<String, List<String>> headers, byte[] body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100 to 599)");
        }
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * A 200 response with a text body.
     *
     * @param text the body, sent as UTF-8
     * @return a response with {@code Content-Type: text/plain; charset=utf-8}
     */
    public static Response ok(String text) {
        return of(
                200,
                "text/plain; charset=utf-8",
                Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A 200 response with a JSON body.
     *
     * @param json the JSON text, sent as UTF-8
     * @return a response with {@code Content-Type: application/json}
     */
    public static Response json(String json) {
        return json(200, json);
    }

    /**
     * A JSON response.
     *
     * @param status the HTTP status, 100 to 599
     * @param json the JSON text, sent as UTF-8
     * @return a response with {@code Content-Type: application/json}
     */
    public static Response json(int status, String json) {
        return of(
                status, "application/json", Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A response with a body of the given type.
     *
     * @param status the HTTP status, 100 to 599
     * @param contentType the body's media type
     * @param body the body's bytes
     * @return the response
     * @throws IllegalArgumentException when the status is out of range
     */
    public static Response of(int status, String contentType, byte[] body) {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put(CONTENT_TYPE, List.of(contentType));
        return new Response(status, headers, body.clone());
    }

    /**
     * A response without a body.
     *
     * @param status the HTTP status, 100 to 599
     * @return the response
     * @throws IllegalArgumentException when the status is out of range
     */
    public static Response status(int status) {
        return new Response(status, new TreeMap<>(String.CASE_INSENSITIVE_ORDER), new byte[0]);
    }

    /**
     * This response with another status.
     *
     * @param newStatus the HTTP status, 100 to 599
     * @return a copy with the new status
     * @throws IllegalArgumentException when the status is out of range
     */
    public Response withStatus(int newStatus) {
        return new Response(newStatus, copyHeaders(), body);
    }

    /**
     * This response with a header set to one value, replacing any earlier values.
     *
     * @param name the header's name, in any case
     * @param value its value
     * @return a copy with the header
     */
    public Response withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, List<String>> copy = copyHeaders();
        copy.put(name, List.of(value));
        return new Response(status, copy, body);
    }

    /**
     * This response with one more value of a header, for headers that repeat such as
     * {@code Set-Cookie}.
     *
     * @param name the header's name, in any case
     * @param value the value to add after any earlier ones
     * @return a copy with the header value added
     */
    public Response withAddedHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, List<String>> copy = copyHeaders();
        List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
        values.add(value);
        copy.put(name, List.copyOf(values));
        return new Response(status, copy, body);
    }

    private Map<String, List<String>> copyHeaders() {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        return copy;
    }

    /**
     * The HTTP status.
     *
     * @return the status, 100 to 599
     */
    public int status() {
        return status;
    }

    /**
     * The headers.
     *
     * @return an unmodifiable map from header name (case-insensitive) to its values
     */
    public Map<String, List<String>> headers() {
        return java.util.Collections.unmodifiableMap(headers);
    }

    /**
     * The body.
     *
     * @return a copy of the body's bytes; empty when there is none
     */
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + body.length + " bytes]";
    }
}
