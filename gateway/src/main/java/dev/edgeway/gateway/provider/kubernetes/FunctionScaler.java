package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.provider.ProviderException;
import io.fabric8.kubernetes.client.KubernetesClient;
import reactor.core.publisher.Mono;

/**
 * Scales a function by editing its Deployment's {@code spec.replicas}, as faas-netes does; the
 * autoscaler, scale from zero and {@code /system/scale-function} all come here. Ready replicas
 * follow as Kubernetes starts the pods and the Endpoints informer sees them.
 */
final class FunctionScaler {

    private final KubernetesClient client;
    private final FunctionNamespaces namespaces;

    FunctionScaler(KubernetesClient client, FunctionNamespaces namespaces) {
        this.client = client;
        this.namespaces = namespaces;
    }

    Mono<Void> scale(String name, String namespace, long replicas) {
        return KubernetesErrors.run(() -> {
            String ns = namespaces.resolve(namespace);
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
}
