package dev.edgeway.storage.config;

import dev.edgeway.storage.nats.StoreLayout;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The state store's configuration ({@code edgeway.storage.*}); {@code docs/storage.md} lists
 * every property with its default.
 *
 * @param enabled whether the state store and its API are on
 * @param dataDir where the embedded nats-server keeps its store (under {@code nats/}); when unset, the gateway's
 *     data directory ({@code edgeway.gateway.data-dir}, default {@code ./data})
 * @param retryAfter the {@code Retry-After} of a 503 while NATS is unavailable
 * @param updateAttempts how often a read-modify-write retries after losing a revision race
 * @param pageSize the default page size of variable listings
 * @param maxPageSize the largest page size a listing may ask for
 * @param tasks the task metadata bucket
 * @param variables the variable buckets and value limits
 * @param pipelines the pipeline definitions bucket
 * @param schedules the schedule state bucket
 * @param largeBodyMemory heap that bodies held whole (values written or read, pipeline inputs) may take together;
 *     beyond it a request answers 503 with {@code Retry-After}; when unset, half of the JVM's maximum heap
 */
@Validated
@ConfigurationProperties("edgeway.storage")
public record StorageProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable Path dataDir,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("32") @Min(1) int updateAttempts,
        @DefaultValue("100") @Min(1) int pageSize,
        @DefaultValue("1000") @Min(1) int maxPageSize,
        @DefaultValue Tasks tasks,
        @DefaultValue Variables variables,
        @DefaultValue Pipelines pipelines,
        @DefaultValue Schedules schedules,
        @Nullable DataSize largeBodyMemory) {

    private static final String BUCKET_NAME = "[A-Za-z0-9_-]+";

    /** The data directory, or {@code fallback} (the gateway's) when none is set. */
    public Path dataDirOr(Path fallback) {
        return dataDir == null ? fallback : dataDir;
    }

    /** The heap for large bodies, or {@code fallback} when none is set. */
    public long largeBodyMemoryOr(long fallback) {
        return largeBodyMemory == null ? fallback : largeBodyMemory.toBytes();
    }

    /** The buckets to create when absent. */
    public StoreLayout layout() {
        return new StoreLayout(
                new StoreLayout.Settings(tasks.bucket(), tasks.history(), tasks.maxAge()),
                new StoreLayout.Settings(variables.bucket(), variables.history(), variables.maxAge()),
                new StoreLayout.Settings(variables.expiryBucket(), 1, variables.maxAge()),
                new StoreLayout.Settings(variables.largeValueBucket(), 1, variables.maxAge()),
                new StoreLayout.Settings(pipelines.bucket(), pipelines.history(), pipelines.maxAge()),
                new StoreLayout.Settings(schedules.bucket(), 1, Duration.ZERO));
    }

    /**
     * The task metadata bucket.
     *
     * @param bucket the name of the task metadata bucket
     * @param history revisions kept per task
     * @param maxAge age after the last change at which NATS drops a task (a safety net), 0 for never
     */
    public record Tasks(
            @DefaultValue("edgeway-tasks") @Pattern(regexp = BUCKET_NAME)
            String bucket,

            @DefaultValue("5") @Min(1) @Max(64) int history,
            @DefaultValue("7d") Duration maxAge) {}

    /**
     * The variables.
     *
     * @param bucket the name of the values bucket
     * @param history revisions kept per variable
     * @param maxAge age at which NATS drops a value whatever its TTL (a safety net), 0 for never; also the longest TTL
     * @param expiryBucket the name of the bucket indexing values with a TTL
     * @param largeValueBucket the name of the Object Store bucket for large values
     * @param largeValueThreshold values larger than this go to the Object Store (it is kept below the server's payload limit)
     * @param maxValueSize the largest value accepted; larger ones answer 413
     * @param sweepInterval how often expired values, values of deleted tasks and unreferenced large values are purged
     * @param orphanGrace the age a large value must reach before the sweeper may collect it as unreferenced
     */
    public record Variables(
            @DefaultValue("edgeway-variables") @Pattern(regexp = BUCKET_NAME)
            String bucket,

            @DefaultValue("10") @Min(1) @Max(64) int history,
            @DefaultValue("7d") Duration maxAge,

            @DefaultValue("edgeway-variable-expiries") @Pattern(regexp = BUCKET_NAME)
            String expiryBucket,

            @DefaultValue("edgeway-large-values") @Pattern(regexp = BUCKET_NAME)
            String largeValueBucket,

            @DefaultValue("512KB") DataSize largeValueThreshold,
            @DefaultValue("64MB") DataSize maxValueSize,
            @DefaultValue("30s") Duration sweepInterval,
            @DefaultValue("5m") Duration orphanGrace) {}

    /**
     * The pipeline definitions bucket (the gateway's {@code /system/pipelines} keeps one entry per pipeline).
     *
     * @param bucket the name of the pipeline definitions bucket
     * @param history revisions kept per pipeline
     * @param maxAge age after the last change at which NATS drops a definition, 0 for never
     */
    public record Pipelines(
            @DefaultValue("edgeway-pipelines") @Pattern(regexp = BUCKET_NAME)
            String bucket,

            @DefaultValue("5") @Min(1) @Max(64) int history,
            @DefaultValue("0s") Duration maxAge) {}

    /**
     * The schedule state bucket (the gateway's cron trigger keeps one entry per scheduled function).
     *
     * @param bucket the name of the schedule state bucket
     */
    public record Schedules(
            @DefaultValue("edgeway-schedules") @Pattern(regexp = BUCKET_NAME)
            String bucket) {}
}
