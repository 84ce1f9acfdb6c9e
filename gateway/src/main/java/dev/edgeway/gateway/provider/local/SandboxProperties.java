package dev.edgeway.gateway.provider.local;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local provider's sandbox settings, beside {@code GatewayProperties.Local} under the same
 * prefix.
 *
 * @param sandbox {@code auto}, {@code required} or {@code off}
 */
@ConfigurationProperties("edgeway.gateway.local")
public record SandboxProperties(@DefaultValue("auto") SandboxMode sandbox) {}
