package dev.edgeway.gateway.schedule;

import dev.edgeway.gateway.pipeline.run.BackgroundRuns;
import dev.edgeway.gateway.pipeline.run.RunLookup;
import dev.edgeway.gateway.pipeline.run.SynchronousRuns;
import reactor.core.publisher.Mono;

/**
 * What a pipeline's tick starts: a run with an empty input, waited for (the tick's outcome is
 * the run's), or with {@code async} a background run on the durable run queue, which counts as
 * running until its task says it ended.
 */
final class PipelineCalls {

    private static final byte[] NO_INPUT = new byte[0];

    private final SynchronousRuns runs;
    private final BackgroundRuns background;
    private final RunLookup lookup;

    PipelineCalls(SynchronousRuns runs, BackgroundRuns background, RunLookup lookup) {
        this.runs = runs;
        this.background = background;
        this.lookup = lookup;
    }

    /** Runs the pipeline; answers 200, or fails with the problem that stopped the run. */
    Mono<Integer> run(String pipeline) {
        return runs.run(pipeline, NO_INPUT).map(result -> 200);
    }

    /** Queues a background run; answers its run id. */
    Mono<String> submit(String pipeline) {
        return background.submit(pipeline, NO_INPUT);
    }

    /** Whether a background run is still queued or running. Blocking. */
    boolean isPending(String runId) {
        return lookup.isPending(runId);
    }
}
