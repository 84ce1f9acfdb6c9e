package dev.edgeway.storage.web;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import dev.edgeway.storage.task.TaskService;
import dev.edgeway.storage.variable.VariableService;
import java.time.Duration;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Every path of the storage API in one table, one route group with one error dialect: a known
 * path with another method answers 405 with {@code Allow}, any other path under
 * {@code /system/storage} 404, every failure of a route problem JSON ({@link StorageProblems}). A
 * path with {@code ;} parameters is refused before it reaches a handler ({@link MatrixParameters}).
 */
public final class StorageRoutes {

    private static final String TASKS = "/system/storage/tasks";
    private static final String TASK = TASKS + "/{taskId}";
    private static final String VARIABLES = "/system/storage/variables";
    private static final String TASK_VARIABLES = VARIABLES + "/{taskId}";
    private static final String VARIABLE = TASK_VARIABLES + "/{varName}";

    private StorageRoutes() {}

    /**
     * The routes, served by handlers over the given services; every failure of theirs is
     * answered as problem JSON with {@code Retry-After: retryAfter} on a 503.
     */
    public static RouterFunction<ServerResponse> of(
            TaskService tasks,
            VariableService variables,
            LargeBodyGate gate,
            int defaultPageSize,
            int maxPageSize,
            Duration retryAfter) {
        StorageProblems problems = new StorageProblems(retryAfter);
        TaskHandler task = new TaskHandler(tasks, variables);
        VariableHandler variable = new VariableHandler(variables, gate);
        VariableListHandler list = new VariableListHandler(variables, defaultPageSize, maxPageSize);
        return RouterFunctions.route()
                .POST(TASKS, task::create)
                .GET(TASK, task::get)
                .PATCH(TASK, task::patch)
                .DELETE(TASK, task::delete)
                .POST(VARIABLES, variable::post)
                .GET(TASK_VARIABLES, list::list)
                .GET(VARIABLE, variable::get)
                .PUT(VARIABLE, variable::put)
                .DELETE(VARIABLE, variable::delete)
                .route(path(TASKS), allow(HttpMethod.POST))
                .route(path(TASK), allow(HttpMethod.GET, HttpMethod.PATCH, HttpMethod.DELETE))
                .route(path(VARIABLES), allow(HttpMethod.POST))
                .route(path(TASK_VARIABLES), allow(HttpMethod.GET))
                .route(path(VARIABLE), allow(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE))
                .route(
                        path("/system/storage").or(path("/system/storage/**")),
                        request -> Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND)))
                .withAttribute(FrameworkProblems.CATCH_ALL, true)
                // Registered first, so it is the outermost filter and sees MatrixParameters' refusals too.
                .filter(problems::answerFailures)
                .filter(MatrixParameters::reject)
                .build();
    }

    private static HandlerFunction<ServerResponse> allow(HttpMethod... methods) {
        Set<HttpMethod> allowed = Set.of(methods);
        return request -> Mono.error(new MethodNotAllowedException(request.method(), allowed));
    }
}
