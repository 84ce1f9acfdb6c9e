package dev.edgeway.gateway.system;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.ScaleServiceRequest;
import dev.edgeway.gateway.scaling.ReplicaCache;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /system/scale-function/{name}}: sets the desired replicas, 0 included. Unlike
 * OpenFaaS CE, which silently clamps to 1..5, a count above the function's
 * {@code com.openfaas.scale.max} label (or the configured default) is refused with a 400 that
 * names the bound.
 */
@Component
public class ScaleFunctionHandler {

    static final String MAX_LABEL = "com.openfaas.scale.max";

    private final FunctionProvider provider;
    private final RequestBodies bodies;
    private final ReplicaCache replicas;
    private final long defaultMax;

    public ScaleFunctionHandler(
            FunctionProvider provider, ReplicaCache replicas, GatewayProperties properties, RequestBodies bodies) {
        this.bodies = bodies;
        this.provider = provider;
        this.replicas = replicas;
        this.defaultMax = properties.scaling().defaultMaxReplicas();
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String name = FunctionNames.requireService(request.pathVariable("name"));
        return bodies.required(request, ScaleServiceRequest.class)
                .flatMap(body -> {
                    String namespace = RequestNamespace.of(request, body.namespace(), provider.defaultNamespace());
                    return provider.status(name, namespace)
                            .switchIfEmpty(Mono.error(() -> ProviderException.functionNotFound(name, namespace)))
                            .flatMap(status -> {
                                long max = status.longLabel(MAX_LABEL, defaultMax);
                                checkBounds(body.replicas(), max);
                                return provider.scale(name, namespace, body.replicas());
                            })
                            .doOnSuccess(v -> replicas.evict(name, namespace));
                })
                .then(ServerResponse.accepted().build());
    }

    private static void checkBounds(long replicas, long max) {
        if (replicas < 0 || replicas > max) {
            throw ProviderException.badRequest("replicas: " + replicas + " (expected: 0.." + max + ", the " + MAX_LABEL
                    + " label or the default)");
        }
    }
}
