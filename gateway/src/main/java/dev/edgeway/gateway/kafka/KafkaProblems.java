package dev.edgeway.gateway.kafka;

import dev.edgeway.storage.web.ProblemResponses;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The error filter of the {@code /system/kafka} route group: every failure of its routes as RFC
 * 9457 problem JSON (https://datatracker.ietf.org/doc/html/rfc9457) of type
 * {@code https://edgeway.dev/problems/kafka/<kind>}, in the words the other own APIs use for the
 * same condition; and the problems its handlers answer themselves.
 */
public final class KafkaProblems implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(KafkaProblems.class);

    private final HandlerFilterFunction<ServerResponse, ServerResponse> answering =
            ProblemResponses.answering(KafkaProblems::respond);

    KafkaProblems() {}

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        return answering.filter(request, next);
    }

    /** A problem of the Kafka API, e.g. {@code unknown-topic}. */
    static Mono<ServerResponse> problem(
            ServerRequest request,
            HttpStatus status,
            String kind,
            String title,
            String detail,
            Consumer<HttpHeaders> headers) {
        return ProblemResponses.respond(
                ProblemResponses.of(
                        status,
                        ProblemResponses.type("kafka/" + kind),
                        title,
                        detail,
                        ProblemResponses.instance(request)),
                headers);
    }

    static Mono<ServerResponse> problem(
            ServerRequest request, HttpStatus status, String kind, String title, String detail) {
        return problem(request, status, kind, title, detail, headers -> {});
    }

    /** The answer of every Kafka route on a gateway without the trigger. */
    static Mono<ServerResponse> notEnabled(ServerRequest request) {
        return problem(
                request,
                HttpStatus.NOT_FOUND,
                "not-enabled",
                "Kafka trigger not enabled",
                "the Kafka trigger is off on this gateway (expected: edgeway.kafka.enabled=true or"
                        + " edgeway.kafka.bootstrap-servers set)");
    }

    private static Mono<ServerResponse> respond(Throwable error, ServerRequest request) {
        return switch (error) {
            case MethodNotAllowedException e ->
                problem(
                        request,
                        HttpStatus.METHOD_NOT_ALLOWED,
                        "method-not-allowed",
                        "Method not allowed",
                        "method: " + e.getHttpMethod() + " (expected: " + allow(e) + ")",
                        headers -> headers.set(HttpHeaders.ALLOW, allow(e)));
            case ResponseStatusException e
            when e.getStatusCode().value() == 404 ->
                problem(
                        request,
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        "No such resource",
                        "path (expected: /system/kafka or /system/kafka/dead-letters/replay, see docs/kafka.md)");
            default -> {
                log.error("Kafka API request failed", error);
                yield problem(
                        request,
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "Internal error",
                        "the Kafka API request failed unexpectedly; see the gateway log");
            }
        };
    }

    private static String allow(MethodNotAllowedException e) {
        return ProblemResponses.allowHeader(e.getSupportedMethods());
    }
}
