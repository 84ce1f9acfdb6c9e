package dev.edgeway.storage.web;

import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.task.PreconditionFailedException;
import dev.edgeway.storage.task.TaskExistsException;
import dev.edgeway.storage.task.TaskNotFoundException;
import dev.edgeway.storage.variable.ValueTooLargeException;
import dev.edgeway.storage.variable.VariableNotFoundException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Every error of the storage API as RFC 9457 problem JSON
 * (https://datatracker.ietf.org/doc/html/rfc9457), through Spring's {@link ProblemDetail}: a
 * stable {@code type} per kind, a {@code detail} naming the offending value and the
 * expectation, and extension members ({@code field}, {@code value}, {@code rule},
 * {@code task_id}, {@code current_revision}, ...). The storage routes answer every failure of
 * theirs with it ({@link #answerFailures}), so the dialect follows the route that matched, not a path
 * prefix.
 */
final class StorageProblems {

    private static final Logger log = LoggerFactory.getLogger(StorageProblems.class);

    private final Duration retryAfter;
    private final HandlerFilterFunction<ServerResponse, ServerResponse> answering =
            ProblemResponses.answering(this::respond);

    StorageProblems(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    /**
     * A problem to answer.
     *
     * @param type its kind
     * @param detail the sentence for the client
     * @param extensions extension members
     * @param allow the methods to list in {@code Allow} for a 405
     */
    record Problem(ProblemType type, String detail, Map<String, @Nullable Object> extensions, Set<HttpMethod> allow) {}

    Problem from(Throwable error) {
        return switch (error) {
            case InvalidInputException e ->
                problem(
                        ProblemType.INVALID_REQUEST,
                        e.getMessage(),
                        extensions("field", e.field(), "value", e.value(), "rule", e.rule()));
            case StorageRequestException e -> problem(e.type(), e.getMessage(), e.extensions());
            case TaskNotFoundException e ->
                problem(
                        ProblemType.TASK_NOT_FOUND,
                        e.getMessage(),
                        extensions("task_id", e.taskId().value()));
            case VariableNotFoundException e ->
                problem(
                        ProblemType.VARIABLE_NOT_FOUND,
                        e.getMessage(),
                        extensions(
                                "task_id",
                                e.taskId().value(),
                                "var_name",
                                e.name().value()));
            case TaskExistsException e ->
                problem(
                        ProblemType.TASK_EXISTS,
                        e.getMessage(),
                        extensions("task_id", e.taskId().value()));
            case PreconditionFailedException e ->
                problem(
                        ProblemType.PRECONDITION_FAILED,
                        e.getMessage(),
                        extensions("current_revision", e.currentRevision()));
            case ValueTooLargeException e ->
                problem(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage(), extensions("max_size", e.maxSize()));
            default ->
                FrameworkProblems.of(error, "a storage API path, see docs/api/storage.yaml")
                        .map(refusal -> new Problem(
                                ProblemType.valueOf(refusal.kind().name()),
                                refusal.detail(),
                                Map.of(),
                                refusal.allow()))
                        .orElseGet(() -> {
                            log.error("Storage request failed", error);
                            return problem(
                                    ProblemType.INTERNAL_ERROR,
                                    "the state store failed unexpectedly; see the gateway log");
                        });
        };
    }

    private static Problem problem(ProblemType type, @Nullable String detail) {
        return problem(type, detail, Map.of());
    }

    private static Problem problem(ProblemType type, @Nullable String detail, Map<String, @Nullable Object> ext) {
        return new Problem(type, detail == null ? type.title() : detail, ext, Set.of());
    }

    private static Map<String, @Nullable Object> extensions(@Nullable Object... pairs) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(String.valueOf(pairs[i]), pairs[i + 1]);
        }
        return map;
    }

    /**
     * The storage routes' error filter: every failure of a route, thrown or signalled, answered
     * as problem JSON. A client that went away is not answered; the application's handlers log it.
     */
    Mono<ServerResponse> answerFailures(ServerRequest request, HandlerFunction<ServerResponse> next) {
        return answering.filter(request, next);
    }

    /**
     * A failure as problem JSON: the body, and the headers its status calls for
     * ({@code Retry-After} on a 503, {@code Allow} on a 405).
     */
    record Answer(ProblemDetail body, Consumer<HttpHeaders> headers) {}

    /** The answer to a failure of a storage route; {@code instance} is the path as the client spelled it. */
    Answer answer(Throwable error, URI instance) {
        Problem problem = from(error);
        ProblemType type = problem.type();
        ProblemDetail body = ProblemResponses.of(type.status(), type.type(), type.title(), problem.detail(), instance);
        problem.extensions().forEach(body::setProperty);
        return new Answer(body, ProblemResponses.statusHeaders(body, problem.allow(), retryAfter));
    }

    private Mono<ServerResponse> respond(Throwable error, ServerRequest request) {
        Answer answer = answer(error, ProblemResponses.instance(request));
        return ProblemResponses.respond(answer.body(), answer.headers());
    }
}
