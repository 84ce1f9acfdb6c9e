package dev.edgeway.gateway.pipeline;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A run that succeeded: its id and its output, the last step's output, with the content type
 * that step answered when it is known.
 */
record RunResult(String runId, byte[] output, @Nullable String contentType) {

    RunResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(output, "output");
    }
}
