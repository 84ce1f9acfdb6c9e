package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.LogEntry;
import dev.edgeway.gateway.provider.LogRequest;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.ProviderInfo;
import dev.edgeway.gateway.provider.Secret;
import dev.edgeway.gateway.provider.VersionInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Functions as Deployments and Services on Kubernetes, managed through fabric8 without
 * faas-netes. Reads (status, list, every invocation's upstream) come from the informer caches;
 * writes go to the API server off the event loop. Calls go to the function's ready endpoints
 * round robin, straight to the pods, as faas-netes' proxy does with direct functions. Each
 * concern is a class of its own; this one maps the provider port onto them.
 */
final class KubernetesProvider implements FunctionProvider {

    private final FunctionInformers informers;
    private final FunctionNamespaces namespaces;
    private final FunctionStatuses statuses;
    private final FunctionDeployer deployer;
    private final FunctionScaler scaler;
    private final KubernetesSecrets secrets;
    private final PodLogs logs;
    private final VersionInfo version;

    KubernetesProvider(
            KubernetesClient client,
            FunctionInformers informers,
            FunctionManifests manifests,
            HttpUpstreams upstreams,
            List<String> namespaces,
            VersionInfo version) {
        ReadyEndpoints endpoints = new ReadyEndpoints();
        this.informers = informers;
        this.namespaces = new FunctionNamespaces(namespaces);
        this.statuses = new FunctionStatuses(informers, this.namespaces, endpoints, upstreams);
        this.secrets = new KubernetesSecrets(client, this.namespaces);
        this.deployer = new FunctionDeployer(client, manifests, secrets, this.namespaces, endpoints);
        this.scaler = new FunctionScaler(client, this.namespaces);
        this.logs = new PodLogs(client, informers, this.namespaces);
        this.version = version;
    }

    @Override
    public String defaultNamespace() {
        return namespaces.defaultNamespace();
    }

    @Override
    public Mono<List<FunctionStatus>> list(String namespace) {
        return statuses.list(namespace);
    }

    @Override
    public Mono<FunctionStatus> status(String name, String namespace) {
        return statuses.status(name, namespace);
    }

    @Override
    public Mono<Void> deploy(FunctionDeployment deployment) {
        return deployer.deploy(deployment);
    }

    @Override
    public Mono<Void> update(FunctionDeployment deployment) {
        return deployer.update(deployment);
    }

    @Override
    public Mono<Void> delete(String name, String namespace) {
        return deployer.delete(name, namespace);
    }

    @Override
    public Mono<Void> scale(String name, String namespace, long replicas) {
        return scaler.scale(name, namespace, replicas);
    }

    @Override
    public Mono<FunctionUpstream> upstream(String name, String namespace) {
        return statuses.upstream(name, namespace);
    }

    @Override
    public Mono<ProviderInfo> info() {
        return Mono.just(new ProviderInfo("edgeway-kubernetes", "kubernetes", version));
    }

    @Override
    public Mono<List<String>> namespaces() {
        return Mono.just(namespaces.all());
    }

    @Override
    public Mono<List<Secret>> secrets(String namespace) {
        return secrets.list(namespace);
    }

    @Override
    public Mono<Void> createSecret(Secret secret) {
        return secrets.create(secret);
    }

    @Override
    public Mono<Void> updateSecret(Secret secret) {
        return secrets.update(secret);
    }

    @Override
    public Mono<Void> deleteSecret(String name, String namespace) {
        return secrets.delete(name, namespace);
    }

    @Override
    public Flux<LogEntry> logs(LogRequest request) {
        return logs.read(request);
    }

    /** Unhealthy (503) until the informer caches have synced: before that every lookup would miss. */
    @Override
    public Mono<Void> health() {
        return informers.synced()
                ? Mono.empty()
                : Mono.error(new ProviderException(
                        HttpStatus.SERVICE_UNAVAILABLE, "kubernetes: function caches not synced yet"));
    }
}
