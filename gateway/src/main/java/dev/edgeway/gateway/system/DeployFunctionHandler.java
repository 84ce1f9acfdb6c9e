package dev.edgeway.gateway.system;

import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionEnvironment;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.scaling.ReplicaCache;
import dev.edgeway.gateway.schedule.ScheduleAnnotations;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST} (deploy) and {@code PUT} (update, 404 when absent) {@code /system/functions}.
 * faas-cli sends PUT first and falls back to POST on 404. Both answer 202 like faas-netes.
 */
@Component
public class DeployFunctionHandler {

    private final FunctionProvider provider;
    private final RequestBodies bodies;
    private final ReplicaCache replicas;

    public DeployFunctionHandler(FunctionProvider provider, ReplicaCache replicas, RequestBodies bodies) {
        this.bodies = bodies;
        this.provider = provider;
        this.replicas = replicas;
    }

    public Mono<ServerResponse> deploy(ServerRequest request) {
        return validated(request)
                .flatMap(provider::deploy)
                .then(ServerResponse.accepted().build());
    }

    public Mono<ServerResponse> update(ServerRequest request) {
        return validated(request)
                .flatMap(d -> provider.update(d).doOnSuccess(v -> replicas.evict(d.service(), d.namespace())))
                .then(ServerResponse.accepted().build());
    }

    private Mono<FunctionDeployment> validated(ServerRequest request) {
        return bodies.required(request, FunctionDeployment.class).map(d -> {
            FunctionNames.requireService(d.service());
            FunctionEnvironment.require(d);
            ScheduleAnnotations.require(d);
            return d.inNamespace(RequestNamespace.of(request, d.namespace(), provider.defaultNamespace()));
        });
    }
}
