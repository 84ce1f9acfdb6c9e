package dev.edgeway.gateway.system;

import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.ProviderException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /system/function/{name}[?namespace=]}: one function's status, 404 when absent. */
@Component
public class FunctionStatusHandler {

    private final FunctionProvider provider;

    public FunctionStatusHandler(FunctionProvider provider) {
        this.provider = provider;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String name = FunctionNames.requireService(request.pathVariable("name"));
        String namespace = RequestNamespace.of(request, provider.defaultNamespace());
        return provider.status(name, namespace)
                .flatMap(status -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(status))
                .switchIfEmpty(Mono.error(() -> ProviderException.functionNotFound(name, namespace)));
    }
}
