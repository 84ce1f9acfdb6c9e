package dev.edgeway.sdk.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request to the state API: method, path with query (already encoded), headers and body.
 *
 * @param method the HTTP method
 * @param path the path and query, relative to the gateway's base URL
 * @param headers request headers, in order
 * @param body the body, or null for none
 */
public record HttpCall(String method, String path, Map<String, String> headers, byte @Nullable [] body) {

    /**
     * Validates and copies.
     *
     * @param method the HTTP method
     * @param path the path and query
     * @param headers request headers
     * @param body the body, or null for none
     */
    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * A call without headers or body.
     *
     * @param method the HTTP method
     * @param path the path and query
     * @return the call
     */
    public static HttpCall of(String method, String path) {
        return new HttpCall(method, path, Map.of(), null);
    }

    /**
     * This call with one more header.
     *
     * @param name the header name
     * @param value its value
     * @return a copy with the header
     */
    public HttpCall header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpCall(method, path, copy, body);
    }

    /**
     * This call with a body.
     *
     * @param contentType the body's media type
     * @param bytes the body
     * @return a copy with the body and its {@code Content-Type}
     */
    public HttpCall body(String contentType, byte[] bytes) {
        return header("Content-Type", contentType).withBody(bytes);
    }

    private HttpCall withBody(byte[] bytes) {
        return new HttpCall(method, path, headers, bytes);
    }

    @Override
    public String toString() {
        // Never the headers: they carry credentials.
        return method + " " + path;
    }
}
