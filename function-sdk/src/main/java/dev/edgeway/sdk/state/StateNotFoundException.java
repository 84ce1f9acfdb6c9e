package dev.edgeway.sdk.state;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * 404: the task or variable does not exist (or has expired), or the gateway has no state API at
 * that path. Reads that can be absent return an empty {@code Optional} instead of throwing this.
 */
public class StateNotFoundException extends StateException {

    /** The type of "no such task". */
    public static final String TASK_NOT_FOUND = TYPE_PREFIX + "task-not-found";

    /** The type of "no such variable" (expired variables included). */
    public static final String VARIABLE_NOT_FOUND = TYPE_PREFIX + "variable-not-found";

    private static final long serialVersionUID = 1L;

    /**
     * A 404.
     *
     * @param message the whole message
     * @param status the HTTP status
     * @param type the problem type URI
     * @param title the problem's title
     * @param detail the problem's detail
     * @param extensions the problem's other members
     * @param cause the underlying failure, or null
     */
    public StateNotFoundException(
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
     * Whether the task does not exist.
     *
     * @return true when the type is {@link #TASK_NOT_FOUND}
     */
    public boolean isTaskNotFound() {
        return TASK_NOT_FOUND.equals(type());
    }

    /**
     * Whether the variable does not exist.
     *
     * @return true when the type is {@link #VARIABLE_NOT_FOUND}
     */
    public boolean isVariableNotFound() {
        return VARIABLE_NOT_FOUND.equals(type());
    }
}
