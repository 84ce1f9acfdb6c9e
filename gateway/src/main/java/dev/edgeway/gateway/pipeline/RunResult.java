package dev.edgeway.gateway.pipeline;

import java.util.Objects;

/** A run that succeeded: its id and its output, the last step's output. */
record RunResult(String runId, byte[] output) {

    RunResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(output, "output");
    }
}
