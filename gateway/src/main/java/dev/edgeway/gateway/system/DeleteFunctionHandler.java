package dev.edgeway.gateway.system;

import dev.edgeway.gateway.provider.DeleteFunctionRequest;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.scaling.ReplicaCache;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code DELETE /system/functions} with {@code {"functionName","namespace"}}; namespace may be in the query. */
@Component
public class DeleteFunctionHandler {

    private final FunctionProvider provider;
    private final RequestBodies bodies;
    private final ReplicaCache replicas;

    public DeleteFunctionHandler(FunctionProvider provider, ReplicaCache replicas, RequestBodies bodies) {
        this.bodies = bodies;
        this.provider = provider;
        this.replicas = replicas;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        return bodies.required(request, DeleteFunctionRequest.class)
                .flatMap(body -> {
                    String name = body.functionName();
                    if (name == null || name.isEmpty()) {
                        return Mono.error(ProviderException.badRequest("functionName is required"));
                    }
                    FunctionNames.requireService(name);
                    String namespace = RequestNamespace.of(request, body.namespace(), provider.defaultNamespace());
                    return provider.delete(name, namespace).doOnSuccess(v -> replicas.evict(name, namespace));
                })
                .then(ServerResponse.accepted().build());
    }
}
