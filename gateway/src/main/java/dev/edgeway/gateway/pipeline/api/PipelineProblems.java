package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.ProblemType;
import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.task.TaskNotFoundException;
import dev.edgeway.storage.variable.ValueTooLargeException;
import dev.edgeway.storage.web.FrameworkProblems;
import dev.edgeway.storage.web.ProblemResponses;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Every error of the pipelines API as RFC 9457 problem JSON
 * (https://datatracker.ietf.org/doc/html/rfc9457), written by {@link ProblemResponses}:
 * {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} and the
 * extension members of the kind ({@code violations}, {@code run_id}, {@code step}, ...). A 503
 * carries {@code Retry-After}.
 */
public final class PipelineProblems {

    private static final Logger log = LoggerFactory.getLogger(PipelineProblems.class);

    private final Duration retryAfter;

    public PipelineProblems(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public PipelineProblem from(Throwable error) {
        return switch (error) {
            case PipelineProblem p -> p;
            case TaskNotFoundException e ->
                new PipelineProblem(
                        ProblemType.RUN_NOT_FOUND,
                        "run: " + e.taskId() + " (expected: a run kept in the state store; it was deleted)",
                        Map.of("run_id", e.taskId().value()),
                        Map.of());
            case InvalidInputException e -> new PipelineProblem(ProblemType.INVALID_REQUEST, e.getMessage());
            case ValueTooLargeException e ->
                new PipelineProblem(
                        ProblemType.PAYLOAD_TOO_LARGE, e.getMessage(), Map.of("max_size", e.maxSize()), Map.of());
            default ->
                FrameworkProblems.of(error, "a pipelines API path, see docs/pipelines.md")
                        .map(refusal -> new PipelineProblem(
                                ProblemType.valueOf(refusal.kind().name()),
                                refusal.detail(),
                                Map.of(),
                                refusal.allow().isEmpty()
                                        ? Map.of()
                                        : Map.of(HttpHeaders.ALLOW, ProblemResponses.allowHeader(refusal.allow()))))
                        .orElseGet(() -> {
                            log.error("Pipeline request failed", error);
                            return new PipelineProblem(
                                    ProblemType.INTERNAL_ERROR,
                                    "the pipeline request failed unexpectedly; see the gateway log");
                        });
        };
    }

    /** The answer to a failure of a pipelines route: the problem, its headers, {@code Retry-After} on a 503. */
    public Mono<ServerResponse> respond(Throwable error, ServerRequest request) {
        PipelineProblem problem = from(error);
        ProblemType type = problem.type();
        ProblemDetail body = ProblemResponses.of(
                type.status(),
                type.type(),
                type.title(),
                problem.getMessage() == null ? type.title() : problem.getMessage(),
                ProblemResponses.instance(request));
        problem.extensions().forEach(body::setProperty);
        return ProblemResponses.respond(
                body, ProblemResponses.statusHeaders(body, Set.of(), retryAfter).andThen(headers -> problem.headers()
                        .forEach(headers::set)));
    }
}
