package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.LogEntry;
import dev.edgeway.gateway.provider.LogRequest;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.ProviderInfo;
import dev.edgeway.gateway.provider.Secret;
import dev.edgeway.gateway.provider.VersionInfo;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Functions as Deployments and Services on Kubernetes, managed through fabric8 without
 * faas-netes. Reads (status, list, every invocation's upstream) come from the informer caches;
 * writes go to the API server off the event loop. Calls go to the function's ready endpoints
 * round robin, straight to the pods, as faas-netes' proxy does with direct functions.
 */
final class KubernetesProvider implements FunctionProvider {

    private final KubernetesClient client;
    private final FunctionInformers informers;
    private final FunctionManifests manifests;
    private final KubernetesSecrets secrets;
    private final PodLogs logs;
    private final ReadyEndpoints endpoints = new ReadyEndpoints();
    private final HttpUpstreams upstreams;
    private final List<String> namespaces;
    private final VersionInfo version;

    KubernetesProvider(
            KubernetesClient client,
            FunctionInformers informers,
            FunctionManifests manifests,
            HttpUpstreams upstreams,
            List<String> namespaces,
            VersionInfo version) {
        this.client = client;
        this.informers = informers;
        this.manifests = manifests;
        this.secrets = new KubernetesSecrets(client);
        this.logs = new PodLogs(client);
        this.upstreams = upstreams;
        this.namespaces = List.copyOf(namespaces);
        this.version = version;
    }

    @Override
    public String defaultNamespace() {
        return namespaces.getFirst();
    }

    @Override
    public Mono<List<FunctionStatus>> list(String namespace) {
        return Mono.fromCallable(() -> informers.deployments(resolve(namespace)).stream()
                .map(this::status)
                .sorted(Comparator.comparing(FunctionStatus::name))
                .toList());
    }

    @Override
    public Mono<FunctionStatus> status(String name, String namespace) {
        // An unconfigured namespace has no informer: its functions do not exist (404), as elsewhere.
        return Mono.fromCallable(() -> informers.deployment(name, namespace))
                .flatMap(Mono::justOrEmpty)
                .map(this::status);
    }

    @Override
    public Mono<Void> deploy(FunctionDeployment deployment) {
        return Mono.fromCallable(() -> checked(deployment))
                .flatMap(d -> KubernetesErrors.run(() -> {
                    requireSecrets(d);
                    client.apps()
                            .deployments()
                            .inNamespace(d.namespace())
                            .resource(manifests.deployment(d))
                            .create();
                    client.services()
                            .inNamespace(d.namespace())
                            .resource(manifests.service(d))
                            .create();
                }));
    }

    /** The desired spec replaces the old one; the replicas stay as scaled. */
    @Override
    public Mono<Void> update(FunctionDeployment deployment) {
        return Mono.fromCallable(() -> checked(deployment))
                .flatMap(d -> KubernetesErrors.run(() -> {
                    Deployment desired = manifests.deployment(d);
                    requireSecrets(d);
                    var existing = client.apps()
                            .deployments()
                            .inNamespace(d.namespace())
                            .withName(d.service());
                    if (existing.get() == null) {
                        throw ProviderException.functionNotFound(d.service(), d.namespace());
                    }
                    existing.edit(current -> {
                        desired.getSpec().setReplicas(current.getSpec().getReplicas());
                        current.getMetadata()
                                .setAnnotations(desired.getMetadata().getAnnotations());
                        current.setSpec(desired.getSpec());
                        return current;
                    });
                    var desiredService = manifests.service(d);
                    var service = client.services().inNamespace(d.namespace()).withName(d.service());
                    if (service.get() == null) {
                        client.services()
                                .inNamespace(d.namespace())
                                .resource(desiredService)
                                .create();
                    } else {
                        service.edit(current -> {
                            current.getMetadata()
                                    .setAnnotations(desiredService.getMetadata().getAnnotations());
                            return current;
                        });
                    }
                }));
    }

    @Override
    public Mono<Void> delete(String name, String namespace) {
        return KubernetesErrors.run(() -> {
            String ns = resolve(namespace);
            if (client.apps()
                    .deployments()
                    .inNamespace(ns)
                    .withName(name)
                    .delete()
                    .isEmpty()) {
                throw ProviderException.functionNotFound(name, ns);
            }
            client.services().inNamespace(ns).withName(name).delete();
            endpoints.forget(name, ns);
        });
    }

    @Override
    public Mono<Void> scale(String name, String namespace, long replicas) {
        return KubernetesErrors.run(() -> {
            String ns = resolve(namespace);
            var deployment = client.apps().deployments().inNamespace(ns).withName(name);
            if (deployment.get() == null) {
                throw ProviderException.functionNotFound(name, ns);
            }
            deployment.edit(d -> {
                d.getSpec().setReplicas((int) replicas);
                return d;
            });
        });
    }

    @Override
    public Mono<FunctionUpstream> upstream(String name, String namespace) {
        return Mono.defer(() -> {
            if (informers.deployment(name, namespace).isEmpty()) {
                return Mono.error(ProviderException.functionNotFound(name, namespace));
            }
            return Mono.justOrEmpty(endpoints.next(
                            name,
                            namespace,
                            informers.endpoints(name, namespace).orElse(null)))
                    .map(upstreams::to)
                    .switchIfEmpty(Mono.error(() -> new ProviderException(
                            HttpStatus.SERVICE_UNAVAILABLE, "No endpoints available for: " + name + ".")));
        });
    }

    @Override
    public Mono<ProviderInfo> info() {
        return Mono.just(new ProviderInfo("edgeway-kubernetes", "kubernetes", version));
    }

    @Override
    public Mono<List<String>> namespaces() {
        return Mono.just(namespaces);
    }

    @Override
    public Mono<List<Secret>> secrets(String namespace) {
        return KubernetesErrors.call(() -> secrets.list(resolve(namespace)));
    }

    @Override
    public Mono<Void> createSecret(Secret secret) {
        return KubernetesErrors.run(
                () -> secrets.create(secretName(secret), resolve(secret.namespace()), secret.bytes()));
    }

    @Override
    public Mono<Void> updateSecret(Secret secret) {
        return KubernetesErrors.run(
                () -> secrets.update(secretName(secret), resolve(secret.namespace()), secret.bytes()));
    }

    @Override
    public Mono<Void> deleteSecret(String name, String namespace) {
        return KubernetesErrors.run(() -> secrets.delete(FunctionNames.requireSecret(name), resolve(namespace)));
    }

    @Override
    public Flux<LogEntry> logs(LogRequest request) {
        return Flux.defer(() -> {
            if (informers
                    .deployment(request.name(), resolve(request.namespace()))
                    .isEmpty()) {
                return Flux.error(ProviderException.functionNotFound(request.name(), request.namespace()));
            }
            return logs.read(request);
        });
    }

    /** Unhealthy (503) until the informer caches have synced: before that every lookup would miss. */
    @Override
    public Mono<Void> health() {
        return informers.synced()
                ? Mono.empty()
                : Mono.error(new ProviderException(
                        HttpStatus.SERVICE_UNAVAILABLE, "kubernetes: function caches not synced yet"));
    }

    private FunctionStatus status(Deployment deployment) {
        String name = deployment.getMetadata().getName();
        String namespace = deployment.getMetadata().getNamespace();
        long ready = ReadyEndpoints.of(informers.endpoints(name, namespace).orElse(null))
                .size();
        return DeployedFunctions.status(deployment, ready);
    }

    /** The namespace resolved and the quantities parsed before any object reaches the API server. */
    private FunctionDeployment checked(FunctionDeployment deployment) {
        FunctionDeployment resolved = deployment.inNamespace(resolve(deployment.namespace()));
        manifests.deployment(resolved);
        return resolved;
    }

    private void requireSecrets(FunctionDeployment deployment) {
        for (String secret : deployment.secrets()) {
            if (!secrets.exists(FunctionNames.requireSecret(secret), deployment.namespace())) {
                throw ProviderException.badRequest("unable to fetch secrets: secret " + secret + " not found");
            }
        }
    }

    private String resolve(@Nullable String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return defaultNamespace();
        }
        if (!namespaces.contains(namespace)) {
            throw ProviderException.badRequest("namespace must be one of: " + String.join(", ", namespaces));
        }
        return namespace;
    }

    private static String secretName(Secret secret) {
        return FunctionNames.requireSecret(secret.name() == null ? "" : secret.name());
    }
}
