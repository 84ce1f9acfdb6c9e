package dev.edgeway.storage.config;

import dev.edgeway.storage.kv.BucketSpec;
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
 * @param dataDir where the embedded nats-server keeps its store (under {@code nats/}); an application sets it
 *     from its own data directory (the gateway does)
 * @param retryAfter the {@code Retry-After} of a 503 while NATS is unavailable
 * @param updateAttempts how often a read-modify-write retries after losing a revision race
 * @param pageSize the default page size of variable listings
 * @param maxPageSize the largest page size a listing may ask for
 * @param tasks the task metadata bucket
 * @param variables the variable buckets and value limits
 * @param largeBodyMemory heap that bodies held whole (values written or read, pipeline inputs) may take together;
 *     beyond it a request answers 503 with {@code Retry-After}; when unset, half of the JVM's maximum heap
 */
@Validated
@ConfigurationProperties("edgeway.storage")
public record StorageProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("32") @Min(1) int updateAttempts,
        @DefaultValue("100") @Min(1) int pageSize,
        @DefaultValue("1000") @Min(1) int maxPageSize,
        @DefaultValue Tasks tasks,
        @DefaultValue Variables variables,
        @Nullable DataSize largeBodyMemory) {

    private static final String BUCKET_NAME = "[A-Za-z0-9_-]+";

    /** The heap for large bodies, or {@code fallback} when none is set. */
    public long largeBodyMemoryOr(long fallback) {
        return largeBodyMemory == null ? fallback : largeBodyMemory.toBytes();
    }

    /** The task metadata bucket. */
    public BucketSpec taskBucket() {
        return new BucketSpec(tasks.bucket(), tasks.history(), tasks.maxAge());
    }

    /** The variable values bucket. */
    public BucketSpec variableBucket() {
        return new BucketSpec(variables.bucket(), variables.history(), variables.maxAge());
    }

    /** The Object Store bucket for large values. */
    public BucketSpec largeValueBucket() {
        return new BucketSpec(variables.largeValueBucket(), 1, variables.maxAge());
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

            @DefaultValue("edgeway-large-values") @Pattern(regexp = BUCKET_NAME)
            String largeValueBucket,

            @DefaultValue("512KB") DataSize largeValueThreshold,
            @DefaultValue("64MB") DataSize maxValueSize,
            @DefaultValue("30s") Duration sweepInterval,
            @DefaultValue("5m") Duration orphanGrace) {}
}
