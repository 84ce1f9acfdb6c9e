package dev.edgeway.dag.run;

import dev.edgeway.dag.model.Step;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call of a step: the step (its target and free {@code config}), which attempt this is
 * (1 for the first), the input bytes and their media type when known (the parent's answer, or
 * JSON for a fan-in), the headers to send ({@code X-Run-Id}, {@code X-Task-ID},
 * {@code X-Pipeline}, {@code X-Step-Id}, {@code X-Step-Attempt}, and {@code X-Step-Config} as
 * JSON when the step has a config), and the time the call may take. The input array is shared,
 * not copied: payloads can be large.
 */
public record StepCall(
        String runId,
        Step step,
        int attempt,
        byte[] input,
        @Nullable String contentType,
        Map<String, String> headers,
        Duration timeout) {

    public StepCall {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(input, "input");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(timeout, "timeout");
    }
}
