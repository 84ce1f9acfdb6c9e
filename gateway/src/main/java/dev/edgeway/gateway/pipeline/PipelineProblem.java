package dev.edgeway.gateway.pipeline;

import dev.edgeway.dag.run.StepHeaders;
import dev.edgeway.dag.validate.Violation;
import dev.edgeway.gateway.pipeline.api.PipelineErrorHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A refusal of the pipelines API: its kind, a detail naming the offending value and the
 * expectation, extension members and response headers. {@link PipelineErrorHandler} renders it
 * as problem JSON.
 */
public final class PipelineProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ProblemType type;
    private final transient Map<String, @Nullable Object> extensions;
    private final transient Map<String, String> headers;

    public PipelineProblem(
            ProblemType type, String detail, Map<String, @Nullable Object> extensions, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.extensions = new LinkedHashMap<>(extensions);
        this.headers = Map.copyOf(headers);
    }

    public PipelineProblem(ProblemType type, String detail) {
        this(type, detail, Map.of(), Map.of());
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, @Nullable Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static PipelineProblem invalidDefinition(String name, List<Violation> violations) {
        List<Map<String, String>> listed = violations.stream()
                .map(v -> Map.of("kind", v.kind(), "location", v.location(), "message", v.message()))
                .toList();
        String detail = "pipeline " + name + ": " + violations.size()
                + (violations.size() == 1 ? " violation" : " violations") + " (expected: none): "
                + violations.getFirst().message() + (violations.size() > 1 ? "; ..." : "");
        return new PipelineProblem(
                ProblemType.INVALID_DEFINITION, detail, Map.of("pipeline", name, "violations", listed), Map.of());
    }

    public static PipelineProblem pipelineNotFound(String name) {
        return new PipelineProblem(
                ProblemType.PIPELINE_NOT_FOUND,
                "pipeline: " + name + " (expected: a pipeline defined with PUT /system/pipelines/" + name + ")",
                Map.of("pipeline", name),
                Map.of());
    }

    public static PipelineProblem runNotFound(String name, String runId) {
        return new PipelineProblem(
                ProblemType.RUN_NOT_FOUND,
                "run: " + runId + " (expected: a run of pipeline " + name + ")",
                Map.of("pipeline", name, "run_id", runId),
                Map.of());
    }

    public static PipelineProblem runActive(String runId, String why) {
        return new PipelineProblem(
                ProblemType.RUN_ACTIVE,
                "run " + runId + ": " + why + " (expected: a failed or cancelled run)",
                Map.of("run_id", runId),
                Map.of(StepHeaders.RUN_ID, runId));
    }

    public static PipelineProblem payloadTooLarge(String what, long limit) {
        return new PipelineProblem(
                ProblemType.PAYLOAD_TOO_LARGE,
                what + ": larger than " + limit + " bytes (expected: at most " + limit + " bytes)",
                Map.of("max_size", limit),
                Map.of());
    }

    public static PipelineProblem tooManyRuns(String kind, int running, int queued) {
        return new PipelineProblem(
                ProblemType.TOO_MANY_RUNS,
                kind + " runs: " + running + " running and " + queued
                        + " waiting (expected: fewer; edgeway.pipelines.max-queued-runs); try again later",
                Map.of(),
                Map.of());
    }

    /** 503: the shared queue of background runs holds as many as it may. */
    public static PipelineProblem queueFull(long depth, long limit) {
        return new PipelineProblem(
                ProblemType.TOO_MANY_RUNS,
                "background runs: " + depth + " waiting or running in the shared queue (expected: fewer than " + limit
                        + "; edgeway.pipelines.max-background-runs + max-queued-runs); try again later",
                Map.of(),
                Map.of());
    }
}
