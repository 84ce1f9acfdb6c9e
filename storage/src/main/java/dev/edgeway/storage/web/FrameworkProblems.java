package dev.edgeway.storage.web;

import dev.edgeway.storage.StoreUnavailableException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * What Spring WebFlux, the server and the state store throw for a request no API of ours refused
 * itself (a bad method, an unreadable body, a body too large, NATS away), as the kind and the
 * sentence every own API answers with: the storage API here, the pipelines and async APIs in the
 * gateway, which imports it. Each API turns the kind into its own type URI
 * ({@code https://edgeway.dev/problems/<api>/<kind>}); the words stay one per condition.
 */
public final class FrameworkProblems {

    /** The kinds every own API shares, with their status, type slug and title. */
    public enum Kind {
        INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
        NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "No such resource"),
        METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
        NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
        REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request body not received in time"),
        PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large"),
        UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
        STORAGE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "State store unavailable"),
        SERVER_BUSY(HttpStatus.SERVICE_UNAVAILABLE, "server-busy", "Server busy");

        private final HttpStatus status;
        private final String slug;
        private final String title;

        Kind(HttpStatus status, String slug, String title) {
            this.status = status;
            this.slug = slug;
            this.title = title;
        }

        public HttpStatus status() {
            return status;
        }

        public String slug() {
            return slug;
        }

        public String title() {
            return title;
        }
    }

    /**
     * A refusal to answer as a problem.
     *
     * @param allow the methods for {@code Allow}, on a 405 only
     */
    public record Refusal(Kind kind, String detail, Set<HttpMethod> allow) {

        public Refusal {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
            allow = Set.copyOf(allow);
        }
    }

    /**
     * The route attribute that marks an own API's catch-all route, the last of its group: every
     * path it matches belongs to that group and is answered in problem JSON. The gateway reads the
     * marked routes to answer a request it refuses before routing in the right dialect.
     */
    public static final String CATCH_ALL = "edgeway.problem-json.catch-all";

    private FrameworkProblems() {}

    /**
     * The refusal {@code error} stands for, or empty when it is none of these (the API's own
     * failure, or a bug: an internal error).
     *
     * @param paths what the API's paths are, for a 404, e.g. {@code "a storage API path, see ..."}
     */
    public static Optional<Refusal> of(Throwable error, String paths) {
        Refusal refusal =
                switch (error) {
                    case StoreUnavailableException e -> refusal(Kind.STORAGE_UNAVAILABLE, e.getMessage());
                    case LargeBodyGate.BusyException e -> refusal(Kind.SERVER_BUSY, e.getMessage());
                    case DataBufferLimitException e ->
                        refusal(Kind.PAYLOAD_TOO_LARGE, "request body: larger than the limit (" + e.getMessage() + ")");
                    case MethodNotAllowedException e ->
                        new Refusal(
                                Kind.METHOD_NOT_ALLOWED,
                                "method: " + e.getHttpMethod() + " (expected: one of " + e.getSupportedMethods() + ")",
                                e.getSupportedMethods());
                    case UnsupportedMediaTypeStatusException e ->
                        refusal(
                                Kind.UNSUPPORTED_MEDIA_TYPE,
                                "Content-Type: " + e.getContentType() + " (expected: one of "
                                        + e.getSupportedMediaTypes() + ")");
                    case NotAcceptableStatusException e ->
                        refusal(Kind.NOT_ACCEPTABLE, "Accept (expected: one of " + e.getSupportedMediaTypes() + ")");
                    case InvalidMediaTypeException e ->
                        refusal(
                                Kind.INVALID_REQUEST,
                                "Content-Type or Accept: " + e.getMediaType()
                                        + " (expected: media types such as application/json)");
                    case ServerWebInputException e -> refusal(Kind.INVALID_REQUEST, String.valueOf(e.getReason()));
                    case ResponseStatusException e
                    when e.getStatusCode().value() == 408 -> refusal(Kind.REQUEST_TIMEOUT, e.getReason());
                    case ResponseStatusException e
                    when e.getStatusCode().value() == 404 -> refusal(Kind.NOT_FOUND, "path (expected: " + paths + ")");
                    default -> null;
                };
        return Optional.ofNullable(refusal);
    }

    private static Refusal refusal(Kind kind, @Nullable String detail) {
        return new Refusal(kind, detail == null ? kind.title() : detail, Set.of());
    }
}
