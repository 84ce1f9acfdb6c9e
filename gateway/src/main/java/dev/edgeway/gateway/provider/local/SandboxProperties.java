package dev.edgeway.gateway.provider.local;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local provider's isolation settings (sandbox and limits), beside
 * {@code GatewayProperties.Local} under the same prefix.
 *
 * @param sandbox {@code auto}, {@code required} or {@code off}
 * @param cgroups {@code auto}, {@code required} or {@code off}: limits through cgroups
 * @param maxPids the most processes and threads one call or replica may have, with cgroups
 */
@ConfigurationProperties("edgeway.gateway.local")
public record SandboxProperties(
        @DefaultValue("auto") SandboxMode sandbox,
        @DefaultValue("auto") CgroupMode cgroups,
        @DefaultValue("1024") int maxPids) {

    public SandboxProperties {
        if (maxPids < 1) {
            throw new IllegalArgumentException("maxPids: " + maxPids + " (expected: > 0)");
        }
    }
}
