package dev.edgeway.gateway.pipeline;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /pipeline/{name}}: runs the pipeline with the request body as its input and
 * answers the last step's output with {@code X-Run-Id}; with {@code ?async=true} answers 202
 * with the run id and runs it in the background. Open like {@code /function/{name}}.
 */
public final class RunPipelineHandler {

    private final PipelineRuns runs;
    private final long maxInputSize;

    RunPipelineHandler(PipelineRuns runs, long maxInputSize) {
        this.runs = runs;
        this.maxInputSize = maxInputSize;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String name = PipelineNames.requireName(request.pathVariable("name"));
        boolean async = AsyncParameter.of(request);
        return RequestBodies.read(request, "input", maxInputSize)
                .flatMap(input -> async
                        ? runs.submit(name, input).flatMap(runId -> RunResponses.accepted(name, runId))
                        : runs.run(name, input).flatMap(RunResponses::output));
    }
}
