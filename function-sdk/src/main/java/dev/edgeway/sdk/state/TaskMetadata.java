package dev.edgeway.sdk.state;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A task's metadata as the gateway keeps it.
 *
 * @param taskId the task's id
 * @param functionName the function the task was created for
 * @param status the free-form status its owner sets; {@code created} at first
 * @param variables the names of its variables, sorted
 * @param createdAt when it was created
 * @param updatedAt when its status or its set of variables last changed
 * @param revision the metadata's revision, for {@link TaskState#setStatus(String, long)}
 */
public record TaskMetadata(
        String taskId,
        String functionName,
        String status,
        List<String> variables,
        Instant createdAt,
        Instant updatedAt,
        long revision) {

    /**
     * Validates and copies.
     *
     * @param taskId the task's id
     * @param functionName the function the task was created for
     * @param status its status
     * @param variables the names of its variables
     * @param createdAt when it was created
     * @param updatedAt when it last changed
     * @param revision the metadata's revision
     */
    public TaskMetadata {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(status, "status");
        variables = List.copyOf(variables);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
