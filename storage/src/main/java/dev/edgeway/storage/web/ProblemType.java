package dev.edgeway.storage.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The kinds of error the storage API answers, each with a stable {@code type} URI
 * (RFC 9457, https://datatracker.ietf.org/doc/html/rfc9457#section-3.1.1) that clients may
 * switch on; {@code docs/api/storage.yaml} lists them.
 */
enum ProblemType {
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
    RESERVED_NAME(HttpStatus.BAD_REQUEST, "reserved-name", "Reserved name"),
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON"),
    TASK_NOT_FOUND(HttpStatus.NOT_FOUND, "task-not-found", "Task not found"),
    VARIABLE_NOT_FOUND(HttpStatus.NOT_FOUND, "variable-not-found", "Variable not found"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "No such resource"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
    TASK_EXISTS(HttpStatus.CONFLICT, "task-exists", "Task exists"),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Value too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    STORAGE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "State store unavailable"),
    SERVER_BUSY(HttpStatus.SERVICE_UNAVAILABLE, "server-busy", "Server busy"),
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request body not received in time"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error");

    static final String BASE = "https://edgeway.dev/problems/storage/";

    private final HttpStatus status;
    private final URI type;
    private final String title;

    ProblemType(HttpStatus status, String slug, String title) {
        this.status = status;
        this.type = URI.create(BASE + slug);
        this.title = title;
    }

    HttpStatus status() {
        return status;
    }

    URI type() {
        return type;
    }

    String title() {
        return title;
    }
}
