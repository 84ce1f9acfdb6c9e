package dev.edgeway.storage.web;

import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.task.PreconditionFailedException;
import dev.edgeway.storage.task.TaskExistsException;
import dev.edgeway.storage.task.TaskNotFoundException;
import dev.edgeway.storage.variable.ValueTooLargeException;
import dev.edgeway.storage.variable.VariableNotFoundException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

/**
 * Every error of the storage API as RFC 9457 problem JSON
 * (https://datatracker.ietf.org/doc/html/rfc9457): a stable {@code type} per kind, a
 * {@code detail} naming the offending value and the expectation, and extension members
 * ({@code field}, {@code value}, {@code rule}, {@code task_id}, {@code current_revision}, ...).
 * A 503 carries {@code Retry-After}.
 */
final class StorageProblems {

    private static final Logger log = LoggerFactory.getLogger(StorageProblems.class);

    private final Duration retryAfter;

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
            case DataBufferLimitException e ->
                problem(ProblemType.PAYLOAD_TOO_LARGE, "request body: larger than the limit (" + e.getMessage() + ")");
            case StoreUnavailableException e -> problem(ProblemType.STORAGE_UNAVAILABLE, e.getMessage());
            case LargeBodyGate.BusyException e -> problem(ProblemType.SERVER_BUSY, e.getMessage());
            case MethodNotAllowedException e ->
                new Problem(
                        ProblemType.METHOD_NOT_ALLOWED,
                        "method: " + e.getHttpMethod() + " (expected: one of " + e.getSupportedMethods() + ")",
                        Map.of(),
                        e.getSupportedMethods());
            case UnsupportedMediaTypeStatusException e ->
                problem(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Type: " + e.getContentType() + " (expected: " + e.getSupportedMediaTypes() + ")");
            case NotAcceptableStatusException e ->
                problem(ProblemType.NOT_ACCEPTABLE, "Accept (expected: one of " + e.getSupportedMediaTypes() + ")");
            case ServerWebInputException e -> problem(ProblemType.INVALID_REQUEST, String.valueOf(e.getReason()));
            case InvalidMediaTypeException e ->
                problem(
                        ProblemType.INVALID_REQUEST,
                        "Content-Type or Accept: " + e.getMediaType()
                                + " (expected: media types such as application/json)");
            case ResponseStatusException e
            when e.getStatusCode().value() == 408 -> problem(ProblemType.REQUEST_TIMEOUT, e.getReason());
            case ResponseStatusException e
            when e.getStatusCode().value() == 404 ->
                problem(ProblemType.NOT_FOUND, "path (expected: a storage API path, see docs/api/storage.yaml)");
            default -> {
                log.error("Storage request failed", error);
                yield problem(ProblemType.INTERNAL_ERROR, "the state store failed unexpectedly; see the gateway log");
            }
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

    /** Writes the problem as the response. */
    Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(problem.type().status());
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.remove(HttpHeaders.ETAG);
        if (problem.type().status() == HttpStatus.SERVICE_UNAVAILABLE) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        if (!problem.allow().isEmpty()) {
            headers.set(
                    HttpHeaders.ALLOW,
                    problem.allow().stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", ")));
        }
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("type", problem.type().type().toString());
        body.put("title", problem.type().title());
        body.put("status", problem.type().status().value());
        body.put("detail", problem.detail());
        body.put("instance", exchange.getRequest().getPath().value());
        problem.extensions().forEach(body::putIfAbsent);
        DataBuffer buffer = response.bufferFactory().wrap(StorageJson.write(body));
        headers.setContentLength(buffer.readableByteCount());
        return response.writeWith(Mono.just(buffer));
    }
}
