package dev.edgeway.storage.nats;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the state store finds NATS ({@code edgeway.nats.*}). The OpenFaaS names
 * {@code faas_nats_address} and {@code faas_nats_port} are aliases of {@code url}.
 *
 * @param url the NATS server URL, or several separated by commas; when unset the embedded server is used
 * @param connectTimeout how long one connection attempt may take
 * @param requestTimeout how long a JetStream request may take before the store reports NATS unavailable
 * @param reconnectWait the pause between reconnection attempts after NATS went away
 * @param replicas the replica count of the buckets, the Object Store and the streams created by the gateway (1 for a
 *     single server; up to 5 in a JetStream cluster, never more than its nodes); existing ones keep theirs
 * @param embedded the nats-server started as a child process when no URL is configured
 */
@Validated
@ConfigurationProperties("edgeway.nats")
public record NatsProperties(
        @Nullable String url,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue("1s") Duration reconnectWait,
        @DefaultValue("1") @Min(1) @Max(5) int replicas,
        @DefaultValue Embedded embedded) {

    /** The configured URL, or null when none is set or it is blank. */
    public @Nullable String configuredUrl() {
        return url == null || url.isBlank() ? null : url.trim();
    }

    /**
     * The embedded server.
     *
     * @param enabled whether to start {@code nats-server} when no URL is configured and the binary is found
     * @param binary the executable: a name looked up on the PATH, or a path
     * @param startTimeout how long the server may take to accept connections
     */
    public record Embedded(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("nats-server") String binary,
            @DefaultValue("10s") Duration startTimeout) {}
}
