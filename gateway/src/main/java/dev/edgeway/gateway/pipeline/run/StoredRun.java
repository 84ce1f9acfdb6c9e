package dev.edgeway.gateway.pipeline.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.RunStatus;
import dev.edgeway.dag.run.StepState;
import dev.edgeway.dag.run.StepStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A run as the {@code _run} variable of its task keeps it, which a resume reads back and
 * functions may read through the state API. This is a stored format: it changes only in ways
 * that still read what earlier gateways wrote (fields added, never renamed), whatever the API's
 * {@link RunView} does. The derived {@code duration_ms} is written for readers of the variable and
 * ignored when read.
 */
@JsonNaming(SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = "duration_ms", allowGetters = true)
@JsonPropertyOrder({
    "run_id",
    "pipeline",
    "status",
    "stopped_at",
    "reason",
    "started_at",
    "finished_at",
    "duration_ms",
    "steps"
})
record StoredRun(
        String runId,
        String pipeline,
        String status,
        @Nullable String stoppedAt,
        @Nullable String reason,
        Instant startedAt,
        @Nullable Instant finishedAt,
        List<Step> steps) {

    StoredRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        steps = List.copyOf(steps);
    }

    @JsonProperty("duration_ms")
    @Nullable
    Double durationMs() {
        return RunView.millis(startedAt, finishedAt);
    }

    /** One step of the stored run. */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(value = "duration_ms", allowGetters = true)
    @JsonPropertyOrder({"id", "status", "attempts", "started_at", "finished_at", "duration_ms", "error"})
    record Step(
            String id,
            String status,
            int attempts,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable String error) {

        Step {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
        }

        @JsonProperty("duration_ms")
        @Nullable
        Double durationMs() {
            return RunView.millis(startedAt, finishedAt);
        }

        static Step of(StepState step) {
            return new Step(
                    step.step().value(),
                    lower(step.status()),
                    step.attempts(),
                    step.startedAt(),
                    step.finishedAt(),
                    step.error());
        }

        StepState toState() {
            StepStatus parsed = StepStatus.valueOf(status.toUpperCase(Locale.ROOT));
            return new StepState(StepId.of(id), parsed, attempts, startedAt, finishedAt, error);
        }
    }

    static StoredRun of(RunState state) {
        return new StoredRun(
                state.runId(),
                state.pipeline(),
                lower(state.status()),
                state.stoppedAt() == null ? null : state.stoppedAt().value(),
                state.reason(),
                state.startedAt(),
                state.finishedAt(),
                state.steps().stream().map(Step::of).toList());
    }

    RunState toState() {
        return new RunState(
                runId,
                pipeline,
                RunStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                steps.stream().map(Step::toState).toList(),
                stoppedAt == null ? null : StepId.of(stoppedAt),
                reason,
                startedAt,
                finishedAt);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
