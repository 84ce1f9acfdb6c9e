package dev.edgeway.storage.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.variable.VariablePage;
import dev.edgeway.storage.variable.VariableSummary;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One page of {@code GET /system/storage/variables/{taskId}}.
 *
 * @param taskId the task
 * @param variables the page's variables in name order
 * @param next the {@code after} value of the next page; absent on the last page
 */
@JsonNaming(SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record VariableListResponse(
        String taskId, List<Item> variables, @Nullable String next) {

    static VariableListResponse of(TaskId taskId, VariablePage page) {
        return new VariableListResponse(
                taskId.value(), page.variables().stream().map(Item::of).toList(), page.next());
    }

    /**
     * One variable.
     *
     * @param varName its name
     * @param varType the caller's label
     * @param format {@code json} or {@code binary}
     * @param size the value's size in bytes
     * @param timestamp when it was written
     * @param expiresAt when it expires; absent for never
     * @param revision its revision, as in {@code ETag}
     */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(
            String varName,
            String varType,
            String format,
            long size,
            Instant timestamp,
            @Nullable Instant expiresAt,
            long revision) {

        static Item of(VariableSummary summary) {
            return new Item(
                    summary.name().value(),
                    summary.type(),
                    summary.format().name().toLowerCase(),
                    summary.size(),
                    summary.timestamp(),
                    summary.expiresAt(),
                    summary.revision());
        }
    }
}
