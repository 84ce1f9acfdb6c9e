package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.gateway.pipeline.PipelineNames;
import dev.edgeway.gateway.pipeline.run.RunLookup;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /system/pipelines/{name}/runs/{runId}}: the run's status, step by step. */
public final class RunStatusHandler {

    private final RunLookup runs;

    public RunStatusHandler(RunLookup runs) {
        this.runs = runs;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String name = PipelineNames.requireName(request.pathVariable("name"));
        String runId = PipelineNames.requireRunId(request.pathVariable("runId"));
        return runs.status(name, runId).flatMap(view -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(view));
    }
}
