package dev.edgeway.kafka.invoke;

import java.util.concurrent.CompletionStage;

/** Runs a pipeline to its end: the port the gateway implements over its pipelines' runner. */
public interface PipelineRunner {

    /**
     * Runs the pipeline with {@code input} and completes with its output (200), or with the
     * status of the problem that stopped it (404 for an unknown pipeline).
     *
     * @param runId derived from the record's topic, partition and offset ({@code [A-Za-z0-9_-]},
     *     at most 128 characters), the same on every delivery: a redelivered record resumes or
     *     skips the run it started instead of starting another
     */
    CompletionStage<InvocationOutcome> run(String pipeline, byte[] input, String runId);
}
