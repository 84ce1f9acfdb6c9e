package dev.edgeway.gateway.pipeline.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.edgeway.dag.run.StepHeaders;
import dev.edgeway.gateway.pipeline.JsonSniffer;
import dev.edgeway.gateway.pipeline.run.RunResult;
import dev.edgeway.gateway.pipeline.run.RunView;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/** The answers of a run and a resume: the output with {@code X-Run-Id}, or 202 with where to follow the run. */
public final class RunResponses {

    private RunResponses() {}

    /**
     * The body of a 202.
     *
     * @param runId the run's id
     * @param status {@code queued}
     * @param statusUrl where the run's status is
     */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonPropertyOrder({"run_id", "status", "status_url"})
    public record Accepted(String runId, String status, String statusUrl) {}

    public static String statusPath(String pipeline, String runId) {
        return "/system/pipelines/" + pipeline + "/runs/" + runId;
    }

    public static Mono<ServerResponse> output(RunResult result) {
        return ServerResponse.ok()
                .header(StepHeaders.RUN_ID, result.runId())
                .contentType(
                        result.contentType() == null
                                ? JsonSniffer.contentType(result.output())
                                : MediaType.parseMediaType(result.contentType()))
                .contentLength(result.output().length)
                .bodyValue(result.output());
    }

    public static Mono<ServerResponse> accepted(String pipeline, String runId) {
        String status = statusPath(pipeline, runId);
        return ServerResponse.status(HttpStatus.ACCEPTED)
                .header(StepHeaders.RUN_ID, runId)
                .location(URI.create(status))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new Accepted(runId, RunView.QUEUED, status));
    }
}
