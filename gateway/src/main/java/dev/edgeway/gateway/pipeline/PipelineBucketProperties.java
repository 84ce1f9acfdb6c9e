package dev.edgeway.gateway.pipeline;

import dev.edgeway.storage.kv.BucketSpec;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The pipeline definitions bucket ({@code edgeway.pipelines.definitions.*}), one entry per pipeline;
 * {@code docs/configuration.md} lists the properties.
 *
 * @param bucket the name of the key-value bucket
 * @param history revisions kept per pipeline
 * @param maxAge age after the last change at which NATS drops a definition, 0 for never
 */
@Validated
@ConfigurationProperties("edgeway.pipelines.definitions")
public record PipelineBucketProperties(
        @DefaultValue("edgeway-pipelines") @Pattern(regexp = "[A-Za-z0-9_-]+")
        String bucket,

        @DefaultValue("5") @Min(1) @Max(64) int history,
        @DefaultValue("0s") Duration maxAge) {

    BucketSpec spec() {
        return new BucketSpec(bucket, history, maxAge);
    }
}
