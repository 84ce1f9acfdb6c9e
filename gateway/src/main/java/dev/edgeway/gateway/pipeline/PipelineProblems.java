package dev.edgeway.gateway.pipeline;

import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.task.TaskNotFoundException;
import dev.edgeway.storage.variable.ValueTooLargeException;
import dev.edgeway.storage.web.LargeBodyGate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error of the pipelines API as RFC 9457 problem JSON
 * (https://datatracker.ietf.org/doc/html/rfc9457): {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance} and the extension members of the kind ({@code violations},
 * {@code run_id}, {@code step}, ...). A 503 carries {@code Retry-After}.
 */
final class PipelineProblems {

    private static final Logger log = LoggerFactory.getLogger(PipelineProblems.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Duration retryAfter;

    PipelineProblems(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    PipelineProblem from(Throwable error) {
        return switch (error) {
            case PipelineProblem p -> p;
            case StoreUnavailableException e -> new PipelineProblem(ProblemType.STORAGE_UNAVAILABLE, e.getMessage());
            case LargeBodyGate.BusyException e -> new PipelineProblem(ProblemType.SERVER_BUSY, e.getMessage());
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
            case DataBufferLimitException e ->
                new PipelineProblem(ProblemType.PAYLOAD_TOO_LARGE, "request body: " + e.getMessage());
            case MethodNotAllowedException e ->
                new PipelineProblem(
                        ProblemType.METHOD_NOT_ALLOWED,
                        "method: " + e.getHttpMethod() + " (expected: one of " + e.getSupportedMethods() + ")",
                        Map.of(),
                        Map.of(HttpHeaders.ALLOW, allow(e)));
            case UnsupportedMediaTypeStatusException e ->
                new PipelineProblem(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Type: " + e.getContentType() + " (expected: one of " + e.getSupportedMediaTypes()
                                + ")");
            case NotAcceptableStatusException e ->
                new PipelineProblem(
                        ProblemType.NOT_ACCEPTABLE, "Accept (expected: one of " + e.getSupportedMediaTypes() + ")");
            case InvalidMediaTypeException e ->
                new PipelineProblem(
                        ProblemType.INVALID_REQUEST,
                        "Content-Type or Accept: " + e.getMediaType()
                                + " (expected: media types such as application/json)");
            case ServerWebInputException e ->
                new PipelineProblem(ProblemType.INVALID_REQUEST, String.valueOf(e.getReason()));
            case ResponseStatusException e
            when e.getStatusCode().value() == 408 ->
                new PipelineProblem(ProblemType.REQUEST_TIMEOUT, String.valueOf(e.getReason()));
            case ResponseStatusException e
            when e.getStatusCode().value() == 404 ->
                new PipelineProblem(
                        ProblemType.NOT_FOUND, "path (expected: a pipelines API path, see docs/pipelines.md)");
            default -> {
                log.error("Pipeline request failed", error);
                yield new PipelineProblem(
                        ProblemType.INTERNAL_ERROR, "the pipeline request failed unexpectedly; see the gateway log");
            }
        };
    }

    private static String allow(MethodNotAllowedException e) {
        return e.getSupportedMethods().stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
    }

    /** Writes the problem as the response. */
    Mono<Void> write(ServerWebExchange exchange, PipelineProblem problem) {
        ServerHttpResponse response = exchange.getResponse();
        ProblemType type = problem.type();
        response.setStatusCode(type.status());
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        problem.headers().forEach(headers::set);
        if (type.status().value() == 503) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("type", type.type().toString());
        body.put("title", type.title());
        body.put("status", type.status().value());
        body.put("detail", problem.getMessage() == null ? type.title() : problem.getMessage());
        body.put("instance", exchange.getRequest().getPath().value());
        problem.extensions().forEach(body::putIfAbsent);
        DataBuffer buffer = response.bufferFactory().wrap(JSON.writeValueAsBytes(body));
        headers.setContentLength(buffer.readableByteCount());
        return response.writeWith(Mono.just(buffer));
    }
}
