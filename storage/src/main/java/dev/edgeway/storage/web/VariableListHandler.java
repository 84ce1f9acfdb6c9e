package dev.edgeway.storage.web;

import dev.edgeway.storage.Blocking;
import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.variable.VariableName;
import dev.edgeway.storage.variable.VariableService;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /system/storage/variables/{taskId}?limit=&after=}: a task's live variables with
 * their types, formats, sizes, expiry and revisions, in name order, one page at a time.
 */
final class VariableListHandler {

    private final VariableService variables;
    private final int defaultPageSize;
    private final int maxPageSize;

    VariableListHandler(VariableService variables, int defaultPageSize, int maxPageSize) {
        this.variables = variables;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    Mono<ServerResponse> list(ServerRequest request) {
        TaskId taskId = TaskId.parse(request.pathVariable("taskId"));
        int limit = request.queryParam("limit").map(this::limit).orElse(defaultPageSize);
        VariableName after = request.queryParam("after")
                .map(a -> VariableName.parse("after", a))
                .orElse(null);
        return Blocking.call(() -> variables.list(taskId, after, limit))
                .flatMap(page -> Responses.json(HttpStatus.OK, VariableListResponse.of(taskId, page)));
    }

    private int limit(String text) {
        String rule = "an integer from 1 to " + maxPageSize;
        if (!text.matches("\\d{1,9}")) {
            throw new InvalidInputException("limit", text, rule);
        }
        int limit = Integer.parseInt(text);
        if (limit < 1 || limit > maxPageSize) {
            throw new InvalidInputException("limit", text, rule);
        }
        return limit;
    }
}
