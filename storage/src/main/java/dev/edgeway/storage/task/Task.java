package dev.edgeway.storage.task;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A task's metadata, as stored and as the API shows it.
 *
 * @param taskId the task's id
 * @param functionName the function the task belongs to
 * @param status a free-form status the task's owner sets ({@code created} at first)
 * @param variables the names of the task's variables, sorted
 * @param createdAt when the task was created
 * @param updatedAt when the status or the set of variables last changed
 */
@JsonNaming(SnakeCaseStrategy.class)
@JsonPropertyOrder({"task_id", "function_name", "status", "variables", "created_at", "updated_at"})
public record Task(
        String taskId,
        String functionName,
        String status,
        List<String> variables,
        Instant createdAt,
        Instant updatedAt) {

    public Task {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(status, "status");
        variables = List.copyOf(variables);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    Task withStatus(String newStatus, Instant now) {
        return new Task(taskId, functionName, newStatus, variables, createdAt, now);
    }

    Task withVariables(List<String> names, Instant now) {
        return new Task(taskId, functionName, status, names.stream().sorted().toList(), createdAt, now);
    }
}
