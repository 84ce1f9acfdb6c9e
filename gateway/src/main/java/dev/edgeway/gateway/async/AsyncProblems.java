package dev.edgeway.gateway.async;

import dev.edgeway.storage.web.FrameworkProblems;
import dev.edgeway.storage.web.ProblemResponses;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The error filter of the {@code /system/async} route group: every failure of its routes as
 * RFC 9457 problem JSON (https://datatracker.ietf.org/doc/html/rfc9457) of type
 * {@code https://edgeway.dev/problems/async/<kind>}, in the words the other own APIs use for
 * the same condition. ({@code /async-function} is an OpenFaaS endpoint and answers plain text.)
 */
public final class AsyncProblems implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(AsyncProblems.class);

    private final HandlerFilterFunction<ServerResponse, ServerResponse> answering;
    private final Duration retryAfter;

    AsyncProblems(Duration retryAfter) {
        this.retryAfter = retryAfter;
        this.answering = ProblemResponses.answering(this::respond);
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        return answering.filter(request, next);
    }

    /** A problem of the async API, e.g. {@code call-not-found}. */
    static Mono<ServerResponse> problem(
            ServerRequest request, HttpStatus status, String kind, String title, String detail) {
        return ProblemResponses.respond(detail(request, status, kind, title, detail), headers -> {});
    }

    private static ProblemDetail detail(
            ServerRequest request, HttpStatus status, String kind, String title, String detail) {
        return ProblemResponses.of(
                status, ProblemResponses.type("async/" + kind), title, detail, ProblemResponses.instance(request));
    }

    private Mono<ServerResponse> respond(Throwable error, ServerRequest request) {
        if (error instanceof IllegalArgumentException e) {
            return problem(request, HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
        }
        return FrameworkProblems.of(error, "an async API path, see docs/async.md")
                .map(refusal -> ProblemResponses.respond(
                        detail(
                                request,
                                refusal.kind().status(),
                                refusal.kind().slug(),
                                refusal.kind().title(),
                                refusal.detail()),
                        refusal.allow(),
                        retryAfter))
                .orElseGet(() -> {
                    log.error("Async API request failed", error);
                    return problem(
                            request,
                            HttpStatus.INTERNAL_SERVER_ERROR,
                            "internal-error",
                            "Internal error",
                            "the async API request failed unexpectedly; see the gateway log");
                });
    }
}
