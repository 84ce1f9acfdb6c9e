package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.pipeline.PipelineNames;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.ProblemType;
import dev.edgeway.kafka.invoke.InvocationOutcome;
import dev.edgeway.kafka.invoke.PipelineRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * The Kafka trigger's {@link PipelineRunner}: runs a pipeline synchronously, as
 * {@code POST /pipeline/{name}} does, and answers its output (200) or the status of the problem
 * that refused or stopped it (404 unknown pipeline, 503 too many runs, 502 a failed step). The
 * run's id comes from the record, so a redelivery resumes or skips it ({@link SynchronousRuns#runOnce}).
 */
public final class KafkaPipelineRunner implements PipelineRunner {

    private final SynchronousRuns runs;

    public KafkaPipelineRunner(SynchronousRuns runs) {
        this.runs = runs;
    }

    @Override
    public CompletionStage<InvocationOutcome> run(String pipeline, byte[] input, String runId) {
        long start = System.nanoTime();
        // Under the record's run id: a redelivered record resumes or skips its run instead of starting another.
        return Mono.defer(() -> runs.runOnce(pipeline, input, PipelineNames.requireRunId(runId)))
                .map(result -> new InvocationOutcome(200, result.contentType(), result.output(), elapsed(start)))
                .onErrorResume(
                        PipelineProblem.class,
                        problem -> Mono.just(new InvocationOutcome(
                                status(problem),
                                OpenFaasErrors.TEXT_PLAIN_UTF8,
                                String.valueOf(problem.getMessage()).getBytes(StandardCharsets.UTF_8),
                                elapsed(start))))
                .toFuture();
    }

    /** A run still active here (its earlier delivery timed out) is worth another attempt once it ends: 503. */
    private static int status(PipelineProblem problem) {
        return problem.type() == ProblemType.RUN_ACTIVE
                ? 503
                : problem.type().status().value();
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
