package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.ProviderException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * What is read about functions, all from the informer caches and never from the API server:
 * the list, one function's status, and the upstream of each invocation, the next of its ready
 * endpoints round robin.
 */
final class FunctionStatuses {

    private final FunctionInformers informers;
    private final FunctionNamespaces namespaces;
    private final ReadyEndpoints endpoints;
    private final HttpUpstreams upstreams;

    FunctionStatuses(
            FunctionInformers informers,
            FunctionNamespaces namespaces,
            ReadyEndpoints endpoints,
            HttpUpstreams upstreams) {
        this.informers = informers;
        this.namespaces = namespaces;
        this.endpoints = endpoints;
        this.upstreams = upstreams;
    }

    Mono<List<FunctionStatus>> list(String namespace) {
        return Mono.fromCallable(() -> informers.deployments(namespaces.resolve(namespace)).stream()
                .map(this::status)
                .sorted(Comparator.comparing(FunctionStatus::name))
                .toList());
    }

    Mono<FunctionStatus> status(String name, String namespace) {
        // An unconfigured namespace has no informer: its functions do not exist (404), as elsewhere.
        return Mono.fromCallable(() -> informers.deployment(name, namespace))
                .flatMap(Mono::justOrEmpty)
                .map(this::status);
    }

    Mono<FunctionUpstream> upstream(String name, String namespace) {
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

    private FunctionStatus status(Deployment deployment) {
        String name = deployment.getMetadata().getName();
        String namespace = deployment.getMetadata().getNamespace();
        long ready = ReadyEndpoints.of(informers.endpoints(name, namespace).orElse(null))
                .size();
        return DeployedFunctions.status(deployment, ready);
    }
}
