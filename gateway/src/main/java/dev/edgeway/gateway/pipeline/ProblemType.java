package dev.edgeway.gateway.pipeline;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The kinds of error the pipelines API answers, each with a stable {@code type} URI
 * (RFC 9457, https://datatracker.ietf.org/doc/html/rfc9457#section-3.1.1) that clients may
 * switch on; {@code docs/pipelines.md} lists them.
 */
public enum ProblemType {
    INVALID_DEFINITION(HttpStatus.BAD_REQUEST, "invalid-definition", "Invalid pipeline definition"),
    INVALID_PIPELINE_NAME(HttpStatus.BAD_REQUEST, "invalid-pipeline-name", "Invalid pipeline name"),
    INVALID_RUN_ID(HttpStatus.BAD_REQUEST, "invalid-run-id", "Invalid run id"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
    PIPELINE_NOT_FOUND(HttpStatus.NOT_FOUND, "pipeline-not-found", "Pipeline not found"),
    RUN_NOT_FOUND(HttpStatus.NOT_FOUND, "run-not-found", "Run not found"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "No such resource"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    RUN_ACTIVE(HttpStatus.CONFLICT, "run-active", "Run in progress"),
    PIPELINE_CHANGED(HttpStatus.CONFLICT, "pipeline-changed", "Pipeline changed since the run started"),
    RUN_CANCELLED(HttpStatus.CONFLICT, "run-cancelled", "Run cancelled"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
    STEP_FAILED(HttpStatus.BAD_GATEWAY, "step-failed", "Pipeline step failed"),
    TOO_MANY_RUNS(HttpStatus.SERVICE_UNAVAILABLE, "too-many-runs", "Too many runs"),
    SERVER_BUSY(HttpStatus.SERVICE_UNAVAILABLE, "server-busy", "Server busy"),
    STORAGE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "State store unavailable"),
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request body not received in time"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error");

    public static final String BASE = "https://edgeway.dev/problems/pipelines/";

    private final HttpStatus status;
    private final URI type;
    private final String title;

    ProblemType(HttpStatus status, String slug, String title) {
        this.status = status;
        this.type = URI.create(BASE + slug);
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }
}
