package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.kafka.invoke.InvocationOutcome;
import dev.edgeway.kafka.invoke.PipelineRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * The Kafka trigger's {@link PipelineRunner}: runs a pipeline synchronously, as
 * {@code POST /pipeline/{name}} does, and answers its output (200) or the status of the problem
 * that refused or stopped it (404 unknown pipeline, 503 too many runs, 502 a failed step).
 */
public final class KafkaPipelineRunner implements PipelineRunner {

    private final SynchronousRuns runs;

    public KafkaPipelineRunner(SynchronousRuns runs) {
        this.runs = runs;
    }

    @Override
    public CompletionStage<InvocationOutcome> run(String pipeline, byte[] input, String runId) {
        long start = System.nanoTime();
        // The run gets a fresh id: runs cannot yet be created under a caller's id (runId is for that).
        return Mono.defer(() -> runs.run(pipeline, input))
                .map(result -> new InvocationOutcome(200, result.contentType(), result.output(), elapsed(start)))
                .onErrorResume(
                        PipelineProblem.class,
                        problem -> Mono.just(new InvocationOutcome(
                                problem.type().status().value(),
                                "text/plain; charset=utf-8",
                                String.valueOf(problem.getMessage()).getBytes(StandardCharsets.UTF_8),
                                elapsed(start))))
                .toFuture();
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
