package dev.edgeway.sdk;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One call of a function, as the gateway forwarded it: method, path, query, headers and the
 * whole body. Header names are case-insensitive.
 */
public final class Request {

    /** The header that names the task a call belongs to. */
    public static final String TASK_ID_HEADER = "X-Task-ID";

    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
    }

    /**
     * A request.
     *
     * @param method the HTTP method, such as {@code POST}
     * @param path the path as received, such as {@code /} or {@code /items/1}
     * @param query the raw query string without {@code ?}; empty when there is none
     * @param headers the headers; names are matched case-insensitively
     * @param body the body; empty when there is none
     * @return the request
     */
    public static Request of(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), Request::concat));
        return new Request(method, path, query, java.util.Collections.unmodifiableMap(copy), body.clone());
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }

    /**
     * The HTTP method.
     *
     * @return the method, such as {@code GET} or {@code POST}
     */
    public String method() {
        return method;
    }

    /**
     * The path the function was called with.
     *
     * @return the path, starting with {@code /}
     */
    public String path() {
        return path;
    }

    /**
     * The raw query string.
     *
     * @return the query without {@code ?}, still percent-encoded; empty when there is none
     */
    public String query() {
        return query;
    }

    /**
     * All headers.
     *
     * @return an unmodifiable map from header name (case-insensitive) to its values in order
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * The first value of a header.
     *
     * @param name the header's name, in any case
     * @return its first value; empty when the request has no such header
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(Objects.requireNonNull(name, "name"));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The task this call belongs to, from {@value #TASK_ID_HEADER}.
     *
     * @return the task id; empty when the header is absent or blank
     */
    public Optional<String> taskId() {
        return header(TASK_ID_HEADER).map(String::strip).filter(id -> !id.isEmpty());
    }

    /**
     * The body.
     *
     * @return a copy of the body's bytes; empty when there is none
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body as text.
     *
     * @return the body decoded as UTF-8
     */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // Never the body or header values: they may hold secrets.
        return "Request[" + method + " " + path + ", " + body.length + " bytes]";
    }
}
