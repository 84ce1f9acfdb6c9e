package dev.edgeway.sdk.state;

import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The write did not happen because the stored state is not what it expected: 412 when an
 * expected revision ({@code If-Match}) is stale or a create-only write ({@code If-None-Match: *})
 * found a value, 409 when a task with that id exists. Re-read and decide again.
 */
public class StateConflictException extends StateException {

    /** The type of a failed {@code If-Match} or {@code If-None-Match} (412). */
    public static final String PRECONDITION_FAILED = TYPE_PREFIX + "precondition-failed";

    /** The type of "a task with this id exists" (409). */
    public static final String TASK_EXISTS = TYPE_PREFIX + "task-exists";

    private static final long serialVersionUID = 1L;

    /**
     * A 409 or 412.
     *
     * @param message the whole message
     * @param status the HTTP status
     * @param type the problem type URI
     * @param title the problem's title
     * @param detail the problem's detail
     * @param extensions the problem's other members
     * @param cause the underlying failure, or null
     */
    public StateConflictException(
            String message,
            int status,
            String type,
            String title,
            String detail,
            Map<String, String> extensions,
            @Nullable Throwable cause) {
        super(message, status, type, title, detail, extensions, cause);
    }

    /**
     * Whether an expected revision or a create-only condition failed (412).
     *
     * @return true for 412
     */
    public boolean isPreconditionFailed() {
        return status() == 412;
    }

    /**
     * Whether a task with the id already exists (409).
     *
     * @return true when the type is {@link #TASK_EXISTS}
     */
    public boolean isTaskExists() {
        return TASK_EXISTS.equals(type());
    }

    /**
     * The revision the value has now, when the server said.
     *
     * @return the current revision; empty when unknown or when the value does not exist
     */
    public OptionalLong currentRevision() {
        return extension("current_revision")
                .filter(text -> text.matches("\\d{1,18}"))
                .map(text -> OptionalLong.of(Long.parseLong(text)))
                .orElse(OptionalLong.empty());
    }
}
