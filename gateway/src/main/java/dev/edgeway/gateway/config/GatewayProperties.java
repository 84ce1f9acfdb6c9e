package dev.edgeway.gateway.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's configuration ({@code edgeway.gateway.*}). OpenFaaS environment names are
 * mapped onto these by {@link OpenFaasEnvironmentAliases}; {@code docs/configuration.md} lists
 * both.
 *
 * @param provider which provider runs functions: {@code local}, {@code faas} or {@code kubernetes}
 * @param providerUrl the faas-provider's base URL (required with {@code faas})
 * @param logsProviderUrl where {@code /system/logs} goes with {@code faas}; the provider URL when unset
 * @param functionNamespace the namespace of functions called without one
 * @param readTimeout the longest time to read a request's body, from its head to its last byte
 * @param writeTimeout the longest time the answer to a client may stand still; also bounds log streams
 * @param readHeaderTimeout the longest time from a request's first byte to its complete head
 * @param idleTimeout the longest time a connection may wait for its next request head
 * @param maxConnections the most client connections kept open at once; when unset, a quarter of
 *     the process's open-file limit, at most 4096
 * @param upstreamTimeout the longest wait for a function or provider between two reads
 * @param maxIdleConns pooled connections kept per upstream host (per event loop for proxied calls)
 * @param dataDir where deployments, secrets, logs and generated credentials persist
 */
@Validated
@ConfigurationProperties("edgeway.gateway")
public record GatewayProperties(
        @DefaultValue("local") ProviderKind provider,
        @Nullable URI providerUrl,
        @Nullable URI logsProviderUrl,
        @DefaultValue("openfaas-fn") @NotEmpty String functionNamespace,
        @DefaultValue("60s") Duration readTimeout,
        @DefaultValue("60s") Duration writeTimeout,
        @DefaultValue("10s") Duration readHeaderTimeout,
        @DefaultValue("60s") Duration idleTimeout,
        @Nullable @Min(1) Integer maxConnections,
        @DefaultValue("60s") Duration upstreamTimeout,
        @DefaultValue("1024") @Min(1) int maxIdleConns,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Auth auth,
        @DefaultValue Scaling scaling,
        @DefaultValue Local local) {

    /** The provider kinds. */
    public enum ProviderKind {
        LOCAL,
        FAAS,
        KUBERNETES
    }

    /**
     * Basic auth on {@code /system}.
     *
     * @param basicAuth on or off; when unset it is on with credentials generated in the data directory
     * @param secretMountPath where {@code basic-auth-user} and {@code basic-auth-password} are read
     *     from when basic auth is switched on explicitly
     */
    public record Auth(
            @Nullable Boolean basicAuth, @Nullable Path secretMountPath) {}

    /**
     * Scaling.
     *
     * @param scaleFromZero whether a call to a function with no ready replica wakes it and waits
     * @param readyTimeout how long a call waits for a ready replica before answering 504
     * @param pollInterval how often readiness is checked while waiting
     * @param defaultMaxReplicas the upper bound of manual scaling without a {@code com.openfaas.scale.max} label
     * @param serviceCountInterval how often {@code gateway_service_count} is refreshed
     */
    public record Scaling(
            @DefaultValue("true") boolean scaleFromZero,
            @DefaultValue("30s") Duration readyTimeout,
            @DefaultValue("100ms") Duration pollInterval,
            @DefaultValue("20") @Min(1) long defaultMaxReplicas,
            @DefaultValue("5s") Duration serviceCountInterval) {}

    /**
     * The embedded local provider.
     *
     * @param namespaces the namespaces functions may be deployed to
     * @param secretMountPath unsandboxed functions only: linked to the default namespace's secrets,
     *     which are kept in {@code <data-dir>/secrets}, when it does not exist
     * @param execTimeout the default limit of one forked call (0 for none); {@code exec_timeout} overrides it
     * @param maxForks classic processes running at once, all functions together
     * @param maxForksPerFunction classic processes of one function running at once
     * @param forkQueue calls that may wait for a free process slot, for each of the two limits;
     *     a call beyond that is answered 429 at once
     * @param forkQueueTimeout how long a call may wait in a queue before it is answered 429 (0 for no limit)
     * @param startTimeout how long an HTTP-mode replica may take to accept connections
     * @param logLines lines kept in memory per function for {@code /system/logs}
     * @param logFileSize size at which a function's log file is rotated
     */
    public record Local(
            @DefaultValue("openfaas-fn") List<String> namespaces,
            @DefaultValue("/var/openfaas/secrets") Path secretMountPath,
            @DefaultValue("60s") Duration execTimeout,
            @DefaultValue("256") @Min(1) int maxForks,
            @DefaultValue("64") @Min(1) int maxForksPerFunction,
            @DefaultValue("1000") @Min(0) int forkQueue,
            @DefaultValue("10s") Duration forkQueueTimeout,
            @DefaultValue("30s") Duration startTimeout,
            @DefaultValue("2000") @Min(1) int logLines,
            @DefaultValue("10MB") DataSize logFileSize) {}
}
