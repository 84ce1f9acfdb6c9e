package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.ProblemType;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.reactive.function.server.ServerRequest;

/** The {@code async} query parameter of a run or resume: {@code true} (or present without a value) or {@code false}, the default. */
final class AsyncParameter {

    private AsyncParameter() {}

    static boolean of(ServerRequest request) {
        Optional<String> value = request.queryParam("async");
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get()) {
            case "true", "" -> true;
            case "false" -> false;
            default ->
                throw new PipelineProblem(
                        ProblemType.INVALID_REQUEST,
                        "async: " + value.get() + " (expected: true or false)",
                        Map.of("parameter", "async"),
                        Map.of());
        };
    }
}
