package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.gateway.pipeline.PipelineNames;
import dev.edgeway.gateway.pipeline.run.BackgroundRuns;
import dev.edgeway.gateway.pipeline.run.SynchronousRuns;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /system/pipelines/{name}/runs/{runId}/resume}: resumes a failed or cancelled run
 * from its first step without an output (earlier steps are not called again) and answers like
 * a run: the output with {@code X-Run-Id}, or 202 with {@code ?async=true}.
 */
public final class ResumeRunHandler {

    private final SynchronousRuns runs;
    private final BackgroundRuns background;

    public ResumeRunHandler(SynchronousRuns runs, BackgroundRuns background) {
        this.runs = runs;
        this.background = background;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String name = PipelineNames.requireName(request.pathVariable("name"));
        String runId = PipelineNames.requireRunId(request.pathVariable("runId"));
        if (AsyncParameter.of(request)) {
            return background.resume(name, runId).flatMap(id -> RunResponses.accepted(name, id));
        }
        return runs.resume(name, runId).flatMap(RunResponses::output);
    }
}
