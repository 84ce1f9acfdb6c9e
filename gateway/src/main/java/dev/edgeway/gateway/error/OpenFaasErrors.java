package dev.edgeway.gateway.error;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The OpenFaaS gateway's error responses: plain text, a short sentence, OpenFaaS's status
 * codes. Handlers return these or throw typed exceptions that {@link OpenFaasErrorHandler}
 * turns into them.
 */
public final class OpenFaasErrors {

    /**
     * Go's spelling, byte for byte: a {@code MediaType} would render {@code text/plain;charset=UTF-8},
     * which clients comparing the header as a string (OpenFaaS's own tests do) see as different.
     */
    public static final String TEXT_PLAIN_UTF8 = "text/plain; charset=utf-8";

    /** gorilla/mux's answer to a path no route matches, newline included. */
    public static final String PAGE_NOT_FOUND = "404 page not found\n";

    /** The answer to a failure of the gateway itself; the cause is logged, never sent. */
    public static final String INTERNAL_ERROR = "Internal error in the gateway";

    private OpenFaasErrors() {}

    /** A plain-text error, or an empty body when the message is empty (as 502 and 405 are). */
    public static Mono<ServerResponse> response(HttpStatusCode status, String message) {
        ServerResponse.BodyBuilder builder = ServerResponse.status(status);
        if (message.isEmpty()) {
            return builder.build();
        }
        return builder.header(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN_UTF8).bodyValue(message);
    }

    /** Writes a plain-text error straight to a response, for filters and exception handlers. */
    public static Mono<Void> write(ServerHttpResponse response, HttpStatusCode status, String message) {
        response.setStatusCode(status);
        if (message.isEmpty()) {
            return response.setComplete();
        }
        response.getHeaders().set(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN_UTF8);
        DataBuffer body = response.bufferFactory().wrap(message.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }
}
