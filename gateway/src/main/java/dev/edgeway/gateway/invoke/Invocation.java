package dev.edgeway.gateway.invoke;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;

/**
 * One call of a function, whoever makes it (HTTP, async worker, Kafka, cron, pipeline step).
 *
 * @param function the function's name, without namespace
 * @param namespace the function's namespace
 * @param path the path the function sees, starting with {@code /}
 * @param rawQuery the query string as received, without {@code ?}, or null
 * @param headers the headers the function receives (hop-by-hop headers already removed)
 * @param body the request body, streamed; empty for none
 * @param hasBody whether the caller sent a body (a length or a transfer coding), so that a
 *     bodiless GET is forwarded without one rather than as an empty chunked stream
 */
public record Invocation(
        String function,
        String namespace,
        HttpMethod method,
        String path,
        @Nullable String rawQuery,
        HttpHeaders headers,
        Flux<DataBuffer> body,
        boolean hasBody) {

    public Invocation {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path: " + path + " (expected: starts with /)");
        }
    }

    /** The path and query as the function receives them. */
    public String pathAndQuery() {
        return rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
    }

    /** {@code name.namespace}, as metrics and messages name the function. */
    public String qualifiedName() {
        return function + "." + namespace;
    }
}
