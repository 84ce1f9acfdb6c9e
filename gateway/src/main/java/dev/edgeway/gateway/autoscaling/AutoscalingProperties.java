package dev.edgeway.gateway.autoscaling;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The built-in autoscaler ({@code edgeway.gateway.autoscaling.*}); {@code docs/configuration.md}
 * lists every property.
 *
 * @param enabled whether functions are scaled by their load and scaled to zero when idle
 * @param interval how often load is sampled and replicas decided
 * @param stabilisationWindow how long a higher recommendation holds replicas before a scale down
 */
@Validated
@ConfigurationProperties("edgeway.gateway.autoscaling")
public record AutoscalingProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration interval,
        @DefaultValue("2m") Duration stabilisationWindow) {

    public AutoscalingProperties {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
        if (stabilisationWindow.isNegative()) {
            throw new IllegalArgumentException("stabilisationWindow: " + stabilisationWindow + " (expected: >= 0)");
        }
    }
}
