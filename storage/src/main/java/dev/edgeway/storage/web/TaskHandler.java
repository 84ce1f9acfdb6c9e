package dev.edgeway.storage.web;

import dev.edgeway.storage.Blocking;
import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.task.KeyToken;
import dev.edgeway.storage.task.StoredTask;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.task.TaskNotFoundException;
import dev.edgeway.storage.task.TaskService;
import dev.edgeway.storage.variable.VariableService;
import java.net.URI;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /system/storage/tasks}: create a task ({@code {"task_id", "function_name"}} answered
 * by 201 {@code {"status": "created"}}, as in the original sketch), read its metadata, set its
 * status, delete it with all its variables.
 */
final class TaskHandler {

    private static final long BODY_LIMIT = 64 * 1024;
    private static final String FUNCTION_NAME_RULE = "a string of 1 to 256 characters without control characters";
    private static final String STATUS_RULE = "a string of 1 to 64 characters without control characters";

    private final TaskService tasks;
    private final VariableService variables;

    TaskHandler(TaskService tasks, VariableService variables) {
        this.tasks = tasks;
        this.variables = variables;
    }

    Mono<ServerResponse> create(ServerRequest request) {
        RequestBodies.requireJson(request);
        return RequestBodies.read(request, BODY_LIMIT).flatMap(body -> {
            JsonFields fields = JsonFields.parse(body, Set.of("task_id", "function_name"));
            TaskId id = TaskId.parse(fields.requiredString("task_id", KeyToken.RULE));
            String functionName = text(
                    "function_name",
                    fields.requiredString("function_name", FUNCTION_NAME_RULE),
                    256,
                    FUNCTION_NAME_RULE);
            return Blocking.call(() -> tasks.create(id, functionName))
                    .flatMap(created -> ServerResponse.created(URI.create("/system/storage/tasks/" + id))
                            .contentType(MediaType.APPLICATION_JSON)
                            .eTag(Conditions.etag(created.revision()))
                            .bodyValue(StorageJson.write(StatusResponse.CREATED)));
        });
    }

    Mono<ServerResponse> get(ServerRequest request) {
        TaskId id = TaskId.parse(request.pathVariable("taskId"));
        return Blocking.call(() -> {
                    StoredTask stored = tasks.find(id).orElseThrow(() -> new TaskNotFoundException(id));
                    return new StoredTask(variables.withoutExpired(stored.task()), stored.revision());
                })
                .flatMap(stored -> Responses.json(HttpStatus.OK, stored.task(), stored.revision()));
    }

    Mono<ServerResponse> patch(ServerRequest request) {
        TaskId id = TaskId.parse(request.pathVariable("taskId"));
        var precondition = Conditions.ifMatchOnly(request);
        RequestBodies.requireJson(request);
        return RequestBodies.read(request, BODY_LIMIT).flatMap(body -> {
            JsonFields fields = JsonFields.parse(body, Set.of("status"));
            String status = text("status", fields.requiredString("status", STATUS_RULE), 64, STATUS_RULE);
            return Blocking.call(() -> tasks.setStatus(id, status, precondition))
                    .flatMap(stored -> Responses.json(HttpStatus.OK, stored.task(), stored.revision()));
        });
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        TaskId id = TaskId.parse(request.pathVariable("taskId"));
        return Blocking.call(() -> variables.deleteTask(id)).flatMap(existed -> {
            if (!existed) {
                return Mono.error(new TaskNotFoundException(id));
            }
            return ServerResponse.noContent().build();
        });
    }

    static String text(String field, String value, int maxLength, String rule) {
        if (value.isEmpty() || value.length() > maxLength || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field, value, rule);
        }
        return value;
    }
}
