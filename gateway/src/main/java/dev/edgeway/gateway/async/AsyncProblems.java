package dev.edgeway.gateway.async;

import dev.edgeway.gateway.error.OwnApiProblems;
import dev.edgeway.storage.StoreUnavailableException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** RFC 9457 answers of the {@code /system/async} API (https://datatracker.ietf.org/doc/html/rfc9457). */
final class AsyncProblems {

    private AsyncProblems() {}

    /** The answer for what a handler's work failed with; anything else is left to the error handlers. */
    static Mono<ServerResponse> of(Throwable error, ServerRequest request, Duration retryAfter) {
        String instance = request.requestPath().value();
        return switch (error) {
            case IllegalArgumentException e ->
                OwnApiProblems.response(
                        OwnApiProblems.of(
                                HttpStatus.BAD_REQUEST,
                                "invalid-parameter",
                                "Invalid parameter",
                                e.getMessage(),
                                instance),
                        headers -> {});
            case StoreUnavailableException e ->
                OwnApiProblems.response(
                        OwnApiProblems.of(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "async-unavailable",
                                "Async queue unavailable",
                                e.getMessage(),
                                instance),
                        headers -> headers.set(
                                HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds()))));
            default -> Mono.error(error);
        };
    }
}
