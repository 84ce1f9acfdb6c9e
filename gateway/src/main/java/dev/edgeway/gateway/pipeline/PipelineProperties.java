package dev.edgeway.gateway.pipeline;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Pipelines ({@code edgeway.pipelines.*}); {@code docs/configuration.md} lists every property.
 *
 * @param httpAllowedHosts the hosts {@code http} steps may call, {@code host} (any port) or
 *     {@code host:port}, compared with the URL's host without case; empty: no {@code http} step is allowed
 * @param maxSyncRuns synchronous runs and resumes executing at once; more wait in a queue
 * @param maxBackgroundRuns background ({@code ?async=true}) runs executing at once; more wait in a queue
 * @param maxQueuedRuns runs waiting per kind (synchronous, background); beyond that a run answers 503
 * @param maxInputSize the largest pipeline input accepted
 * @param maxDefinitionSize the largest definition accepted by {@code PUT /system/pipelines/{name}}
 * @param retryAfter the {@code Retry-After} of a 503 (too many runs, state store unavailable)
 * @param runRetention how long a run's input, step outputs and state are kept (their TTL in the state store),
 *     at most {@code edgeway.storage.variables.max-age}; 0 to keep them as long as that bucket does
 * @param runStateInterval the least time between two stored intermediate states of one executing run (the
 *     states between are coalesced; outputs and the final state are always written before the run moves on
 *     or answers); 0 to store every state as soon as possible
 * @param runAckWait how long a background run taken from the shared queue may go without a sign of life from
 *     its gateway (which gives one every third of it while the run executes) before the queue hands it to
 *     another gateway, or to this one after a restart
 */
@Validated
@ConfigurationProperties("edgeway.pipelines")
public record PipelineProperties(
        @DefaultValue List<String> httpAllowedHosts,
        @DefaultValue("32") @Min(1) int maxSyncRuns,
        @DefaultValue("4") @Min(1) int maxBackgroundRuns,
        @DefaultValue("256") @Min(0) int maxQueuedRuns,
        @DefaultValue("16MB") DataSize maxInputSize,
        @DefaultValue("256KB") DataSize maxDefinitionSize,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("100ms") Duration runStateInterval,
        @DefaultValue("1d") Duration runRetention,
        @DefaultValue("30s") Duration runAckWait) {

    public PipelineProperties {
        httpAllowedHosts = List.copyOf(httpAllowedHosts);
        if (runAckWait.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(
                    "edgeway.pipelines.run-ack-wait: " + runAckWait + " (expected: at least 1s)");
        }
    }
}
