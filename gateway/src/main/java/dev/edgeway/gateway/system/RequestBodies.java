package dev.edgeway.gateway.system;

import dev.edgeway.gateway.provider.ProviderException;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Reads a JSON body, answering a missing body with OpenFaaS's 400 rather than passing on nothing. */
final class RequestBodies {

    private RequestBodies() {}

    static <T> Mono<T> required(ServerRequest request, Class<T> type) {
        return request.bodyToMono(type)
                .switchIfEmpty(Mono.error(() -> ProviderException.badRequest("A body is required for this endpoint")));
    }
}
