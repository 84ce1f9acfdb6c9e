package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.gateway.pipeline.PipelineNames;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.run.BackgroundRuns;
import dev.edgeway.gateway.pipeline.run.SynchronousRuns;
import dev.edgeway.storage.web.LargeBodyGate;
import dev.edgeway.storage.web.WrittenThen;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /pipeline/{name}}: runs the pipeline with the request body as its input and
 * answers the last step's output with {@code X-Run-Id}; with {@code ?async=true} answers 202
 * with the run id and runs it in the background. Open like {@code /function/{name}}, so what a
 * caller may make the gateway hold is bounded: the input by {@code max-input-size}, and inputs
 * held at once by the {@link LargeBodyGate} (503 beyond it) until their run has finished and
 * its output has been written.
 */
public final class RunPipelineHandler {

    /** An input is held while its run executes, and the run's latest output beside it. */
    private static final int HEAP_FACTOR = 2;

    private final SynchronousRuns runs;
    private final BackgroundRuns background;
    private final long maxInputSize;
    private final LargeBodyGate gate;

    public RunPipelineHandler(SynchronousRuns runs, BackgroundRuns background, long maxInputSize, LargeBodyGate gate) {
        this.runs = runs;
        this.background = background;
        this.maxInputSize = maxInputSize;
        this.gate = gate;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String name = PipelineNames.requireName(request.pathVariable("name"));
        boolean async = AsyncParameter.of(request);
        long size = request.headers().contentLength().orElse(maxInputSize);
        if (size > maxInputSize) {
            return Mono.error(PipelineProblem.payloadTooLarge("input", maxInputSize));
        }
        return Mono.fromCallable(() -> gate.admit(size * HEAP_FACTOR, "pipeline input"))
                .flatMap(permit -> RequestBodies.read(request, "input", maxInputSize)
                        .flatMap(input -> async
                                ? background
                                        .submit(name, input, permit)
                                        .flatMap(runId -> RunResponses.accepted(name, runId))
                                : runs.run(name, input)
                                        .flatMap(RunResponses::output)
                                        // The output answered is counted in the permit too.
                                        .<ServerResponse>map(response -> new WrittenThen(response, permit::close)))
                        .doOnError(e -> permit.close())
                        .doOnCancel(permit::close));
    }
}
