package dev.edgeway.dag.run;

import dev.edgeway.dag.model.StepId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One step's part of a run: status, how many calls were made (over all resumes), when the step
 * started and finished (its duration includes retries and their backoff), and the last error.
 */
public record StepState(
        StepId step,
        StepStatus status,
        int attempts,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable String error) {

    public StepState {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
    }

    public static StepState pending(StepId step) {
        return new StepState(step, StepStatus.PENDING, 0, null, null, null);
    }

    /** From start to finish; empty while the step has not finished. */
    public Optional<Duration> duration() {
        return startedAt == null || finishedAt == null
                ? Optional.empty()
                : Optional.of(Duration.between(startedAt, finishedAt));
    }

    StepState running(Instant now) {
        return new StepState(step, StepStatus.RUNNING, attempts, now, null, null);
    }

    StepState attempt() {
        return new StepState(step, status, attempts + 1, startedAt, finishedAt, error);
    }

    StepState done(Instant now) {
        return new StepState(step, StepStatus.DONE, attempts, startedAt, now, null);
    }

    StepState failed(Instant now, String reason) {
        return new StepState(step, StepStatus.FAILED, attempts, startedAt, now, reason);
    }

    StepState interrupted(Instant now, String reason) {
        return new StepState(step, StepStatus.PENDING, attempts, startedAt, now, reason);
    }
}
