package dev.edgeway.storage.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A response that runs {@code written} once it has been written or its write failed: a large
 * body's heap permit ({@link LargeBodyGate}) is released then, and not when the handler's answer
 * was ready. Until the exchange ends, its reactive pipeline still reaches the body's array (a
 * value written) and Netty may still hold buffers wrapping it (a value read); a second 64 MiB body
 * admitted in that moment ran a 192 MB heap out of memory, for writes and for reads alike. The
 * gateway's pipeline runs hold their input's permit the same way, until the output is written.
 */
public record WrittenThen(ServerResponse response, Runnable written) implements ServerResponse {

    @Override
    public HttpStatusCode statusCode() {
        return response.statusCode();
    }

    @Override
    public HttpHeaders headers() {
        return response.headers();
    }

    @Override
    public MultiValueMap<String, ResponseCookie> cookies() {
        return response.cookies();
    }

    @Override
    public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
        return Mono.defer(() -> response.writeTo(exchange, context)).doFinally(signal -> written.run());
    }
}
