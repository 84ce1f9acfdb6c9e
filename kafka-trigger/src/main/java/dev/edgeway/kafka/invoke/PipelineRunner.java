package dev.edgeway.kafka.invoke;

import java.util.concurrent.CompletionStage;

/** Runs a pipeline to its end: the port the gateway implements over its pipelines' runner. */
public interface PipelineRunner {

    /**
     * Runs the pipeline with {@code input} and completes with its output (200), or with the
     * status of the problem that stopped it (404 for an unknown pipeline).
     *
     * @param runId derived from the record's topic, partition and offset, so that a redelivered
     *     record can be recognised as the run it already started
     */
    CompletionStage<InvocationOutcome> run(String pipeline, byte[] input, String runId);
}
