package dev.edgeway.gateway.pipeline.run;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A run that succeeded: its id and its output, the last step's output, with the content type
 * that step answered when it is known.
 */
public record RunResult(
        String runId, byte[] output, @Nullable String contentType) {

    public RunResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(output, "output");
    }
}
