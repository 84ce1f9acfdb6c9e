package dev.edgeway.gateway.pipeline.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.StepState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A run as {@code GET /system/pipelines/{name}/runs/{runId}} shows it: the run's status ({@code queued}, {@code running},
 * {@code succeeded}, {@code failed}, {@code cancelled}), where and why it stopped, and per step
 * in chain order its status ({@code pending}, {@code running}, {@code done}, {@code failed}),
 * attempts, times and last error. Durations are derived, in milliseconds. The API's view only,
 * written and never read back: the stored format is {@link StoredRun}.
 */
@JsonNaming(SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
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
public record RunView(
        String runId,
        String pipeline,
        String status,
        @Nullable String stoppedAt,
        @Nullable String reason,
        Instant startedAt,
        @Nullable Instant finishedAt,
        List<StepView> steps) {

    public static final String QUEUED = "queued";

    public RunView {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        steps = List.copyOf(steps);
    }

    @JsonProperty("duration_ms")
    @Nullable
    public Double durationMs() {
        return millis(startedAt, finishedAt);
    }

    /** One step of the run. */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "status", "attempts", "started_at", "finished_at", "duration_ms", "error"})
    public record StepView(
            String id,
            String status,
            int attempts,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable String error) {

        public StepView {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
        }

        @JsonProperty("duration_ms")
        @Nullable
        Double durationMs() {
            return millis(startedAt, finishedAt);
        }

        static StepView of(StepState step) {
            return new StepView(
                    step.step().value(),
                    lower(step.status()),
                    step.attempts(),
                    step.startedAt(),
                    step.finishedAt(),
                    step.error());
        }
    }

    public static RunView of(RunState state) {
        return new RunView(
                state.runId(),
                state.pipeline(),
                lower(state.status()),
                state.stoppedAt() == null ? null : state.stoppedAt().value(),
                state.reason(),
                state.startedAt(),
                state.finishedAt(),
                state.steps().stream().map(StepView::of).toList());
    }

    /** A run created but not started yet: every step pending. */
    public static RunView queued(String runId, Chain chain, Instant createdAt) {
        List<StepView> steps = chain.stream()
                .map(link -> new StepView(link.id().value(), "pending", 0, null, null, null))
                .toList();
        return new RunView(runId, chain.name(), QUEUED, null, null, createdAt, null, steps);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    public static @Nullable Double millis(@Nullable Instant from, @Nullable Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return Duration.between(from, to).toNanos() / 1_000_000.0;
    }
}
