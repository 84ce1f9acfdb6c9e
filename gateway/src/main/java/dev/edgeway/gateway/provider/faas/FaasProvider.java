package dev.edgeway.gateway.provider.faas;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.DeleteFunctionRequest;
import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.LogEntry;
import dev.edgeway.gateway.provider.LogRequest;
import dev.edgeway.gateway.provider.ProviderInfo;
import dev.edgeway.gateway.provider.ScaleServiceRequest;
import dev.edgeway.gateway.provider.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Edgeway in front of any faas-provider over HTTP (faas-netes on Kubernetes, faasd), as the
 * OpenFaaS gateway is: every port method is one call of the provider's {@code /system} API with
 * the gateway's own credentials, and invocations go to the provider's {@code /function/} proxy.
 */
public final class FaasProvider implements FunctionProvider, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaasProvider.class);
    private static final ParameterizedTypeReference<List<FunctionStatus>> FUNCTIONS =
            new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<FunctionStatus> STATUS = new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<ProviderInfo> INFO = new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<List<String>> NAMESPACES = new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<List<Secret>> SECRETS = new ParameterizedTypeReference<>() {};

    private final ProviderConnection connection;
    private final ProviderApi system;
    private final ProviderApi logs;
    private final HttpUpstreams upstreams;
    private final String defaultNamespace;
    private final Duration logStreamLimit;

    /**
     * @param authorization the gateway's own {@code Authorization} value for the provider, or null without basic auth
     * @param upstreams the shared client that carries invocations
     * @param json the application's mapper, of OpenFaaS's wire dialect ({@code OpenFaasJson})
     */
    public FaasProvider(
            GatewayProperties properties, @Nullable String authorization, HttpUpstreams upstreams, JsonMapper json) {
        URI providerUrl = properties.providerUrl();
        if (providerUrl == null) {
            throw new IllegalStateException("edgeway.gateway.provider-url (functions_provider_url): not set"
                    + " (expected: the faas-provider's URL, such as http://127.0.0.1:8081, with provider faas)");
        }
        URI logsUrl = properties.logsProviderUrl() == null ? providerUrl : properties.logsProviderUrl();
        this.connection = new ProviderConnection(properties.maxIdleConns(), properties.upstreamTimeout(), json);
        this.system = connection.api(providerUrl, authorization);
        this.logs = connection.api(logsUrl, authorization);
        this.upstreams = upstreams;
        this.defaultNamespace = properties.functionNamespace();
        // The OpenFaaS gateway ends a log stream at its write timeout.
        this.logStreamLimit = properties.writeTimeout();
        log.info(
                "faas provider at {} (logs at {}, basic auth {})",
                withoutUserInfo(providerUrl),
                withoutUserInfo(logsUrl),
                authorization != null);
    }

    @Override
    public String defaultNamespace() {
        return defaultNamespace;
    }

    @Override
    public Mono<List<FunctionStatus>> list(String namespace) {
        return system.get(system.uri("/system/functions", "namespace", namespace), FUNCTIONS)
                .defaultIfEmpty(List.of());
    }

    @Override
    public Mono<FunctionStatus> status(String name, String namespace) {
        return system.getOr(system.uri("/system/function/" + name, "namespace", namespace), STATUS, Mono.empty());
    }

    @Override
    public Mono<Void> deploy(FunctionDeployment deployment) {
        return system.send(HttpMethod.POST, system.uri("/system/functions"), deployment);
    }

    @Override
    public Mono<Void> update(FunctionDeployment deployment) {
        return system.send(HttpMethod.PUT, system.uri("/system/functions"), deployment);
    }

    // Namespace in the query and the body, as both older and newer providers read one of them.
    @Override
    public Mono<Void> delete(String name, String namespace) {
        URI uri = system.uri("/system/functions", "namespace", namespace);
        return system.send(HttpMethod.DELETE, uri, new DeleteFunctionRequest(name, namespace));
    }

    @Override
    public Mono<Void> scale(String name, String namespace, long replicas) {
        URI uri = system.uri("/system/scale-function/" + name, "namespace", namespace);
        return system.send(HttpMethod.POST, uri, new ScaleServiceRequest(name, replicas, namespace));
    }

    // The provider's proxy resolves the function and strips /function/{name}, as behind OpenFaaS.
    @Override
    public Mono<FunctionUpstream> upstream(String name, String namespace) {
        return Mono.fromSupplier(() -> upstreams.to(system.uri("/function/" + name + "." + namespace)));
    }

    @Override
    public Mono<ProviderInfo> info() {
        return system.get(system.uri("/system/info"), INFO);
    }

    // Providers without namespaces (older faasd, custom ones) answer 404.
    @Override
    public Mono<List<String>> namespaces() {
        return system.getOr(system.uri("/system/namespaces"), NAMESPACES, Mono.just(List.of(defaultNamespace)))
                .defaultIfEmpty(List.of());
    }

    @Override
    public Mono<List<Secret>> secrets(String namespace) {
        return system.get(system.uri("/system/secrets", "namespace", namespace), SECRETS)
                .defaultIfEmpty(List.of());
    }

    @Override
    public Mono<Void> createSecret(Secret secret) {
        return system.send(HttpMethod.POST, system.uri("/system/secrets"), secret);
    }

    @Override
    public Mono<Void> updateSecret(Secret secret) {
        return system.send(HttpMethod.PUT, system.uri("/system/secrets"), secret);
    }

    @Override
    public Mono<Void> deleteSecret(String name, String namespace) {
        return system.send(HttpMethod.DELETE, system.uri("/system/secrets"), Secret.named(name, namespace));
    }

    @Override
    public Flux<LogEntry> logs(LogRequest request) {
        URI uri = logs.uri(
                "/system/logs",
                "name",
                request.name(),
                "namespace",
                request.namespace(),
                "instance",
                request.instance(),
                "tail",
                request.tail() < 0 ? null : Long.toString(request.tail()),
                "follow",
                Boolean.toString(request.follow()),
                "since",
                request.since() == null ? null : request.since().toString());
        return logs.stream(uri, LogEntry.class).take(logStreamLimit);
    }

    /** Completes when the provider's {@code /healthz} answers 2xx. */
    @Override
    public Mono<Void> health() {
        return system.send(HttpMethod.GET, system.uri("/healthz"), null);
    }

    // A URL may carry credentials; they never reach the log.
    private static URI withoutUserInfo(URI url) {
        return UriComponentsBuilder.fromUri(url).userInfo(null).build().toUri();
    }

    @Override
    public void close() {
        connection.close();
    }
}
