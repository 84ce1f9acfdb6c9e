package dev.edgeway.sdk.state;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A state API call that failed. Error responses are RFC 9457 problem details
 * (https://datatracker.ietf.org/doc/html/rfc9457); their {@code type} is stable and meant to be
 * switched on, their {@code detail} names the offending value and the expectation. Subclasses
 * mark the kinds callers usually handle: {@link StateNotFoundException},
 * {@link StateConflictException} and {@link StateUnavailableException}.
 */
public class StateException extends RuntimeException {

    /** The prefix of every problem type of the storage API. */
    public static final String TYPE_PREFIX = "https://edgeway.dev/problems/storage/";

    /** The type of a problem whose response named none, or of a failure without a response. */
    public static final String ABOUT_BLANK = "about:blank";

    private static final long serialVersionUID = 1L;

    /** The HTTP status, or 0 without an error response. */
    private final int status;

    /** The problem type URI. */
    private final String type;

    /** The problem's title. */
    private final String title;

    /** The problem's detail. */
    private final String detail;

    private final transient Map<String, String> extensions;

    /**
     * A failure.
     *
     * @param message the whole message: the call, the status and the detail
     * @param status the HTTP status, or 0 when there was no error response (see {@link #status()})
     * @param type the problem type URI; {@value #ABOUT_BLANK} when unknown
     * @param title the problem's short summary; empty when unknown
     * @param detail the explanation of this occurrence; empty when unknown
     * @param extensions the problem's other members as text
     * @param cause the underlying failure, or null
     */
    public StateException(
            String message,
            int status,
            String type,
            String title,
            String detail,
            Map<String, String> extensions,
            @Nullable Throwable cause) {
        super(message, cause);
        this.status = status;
        this.type = Objects.requireNonNull(type, "type");
        this.title = Objects.requireNonNull(title, "title");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.extensions = Map.copyOf(extensions);
    }

    /**
     * The HTTP status of the error response.
     *
     * @return the status, such as 400 or 404; 0 when the call got no error response: the gateway
     *     could not be reached, the thread was interrupted, or a stored value could not be read as
     *     the requested type
     */
    public int status() {
        return status;
    }

    /**
     * The problem type: a stable URI per kind of error, such as
     * {@code https://edgeway.dev/problems/storage/variable-not-found}.
     *
     * @return the type URI; {@value #ABOUT_BLANK} when the response named none
     */
    public String type() {
        return type;
    }

    /**
     * The problem's short summary, the same for every occurrence of its type.
     *
     * @return the title; empty when the response had none
     */
    public String title() {
        return title;
    }

    /**
     * What went wrong this time, naming the offending value and the expectation.
     *
     * @return the detail; for a response that was not problem JSON, its text shortened
     */
    public String detail() {
        return detail;
    }

    /**
     * One extension member of the problem, such as {@code field}, {@code task_id} or
     * {@code current_revision}.
     *
     * @param name the member's name
     * @return its value as text (JSON text for objects and arrays); empty when absent
     */
    public Optional<String> extension(String name) {
        return Optional.ofNullable(extensions.get(name));
    }

    /**
     * All extension members of the problem.
     *
     * @return an unmodifiable map from member name to its value as text
     */
    public Map<String, String> extensions() {
        return extensions;
    }
}
