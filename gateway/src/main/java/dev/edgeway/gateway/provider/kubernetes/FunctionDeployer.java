package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.ProviderException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import reactor.core.publisher.Mono;

/**
 * Deploys, updates and deletes a function as its Deployment and Service, off the event loop.
 * The request is checked (namespace, quantities, secrets) before any object reaches the API
 * server, so a bad deployment leaves nothing half created.
 */
final class FunctionDeployer {

    private final KubernetesClient client;
    private final FunctionManifests manifests;
    private final KubernetesSecrets secrets;
    private final FunctionNamespaces namespaces;
    private final ReadyEndpoints endpoints;

    FunctionDeployer(
            KubernetesClient client,
            FunctionManifests manifests,
            KubernetesSecrets secrets,
            FunctionNamespaces namespaces,
            ReadyEndpoints endpoints) {
        this.client = client;
        this.manifests = manifests;
        this.secrets = secrets;
        this.namespaces = namespaces;
        this.endpoints = endpoints;
    }

    Mono<Void> deploy(FunctionDeployment deployment) {
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
    Mono<Void> update(FunctionDeployment deployment) {
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

    Mono<Void> delete(String name, String namespace) {
        return KubernetesErrors.run(() -> {
            String ns = namespaces.resolve(namespace);
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

    /** The namespace resolved and the quantities parsed before any object reaches the API server. */
    private FunctionDeployment checked(FunctionDeployment deployment) {
        FunctionDeployment resolved = deployment.inNamespace(namespaces.resolve(deployment.namespace()));
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
}
