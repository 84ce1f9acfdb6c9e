package dev.edgeway.gateway.system;

import dev.edgeway.gateway.error.OpenFaasErrors;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /healthz} on the public port: 200 {@code OK} once the gateway serves requests. */
@Component
public class HealthHandler {

    public Mono<ServerResponse> handle(ServerRequest request) {
        return ServerResponse.ok().contentType(OpenFaasErrors.TEXT_PLAIN_UTF8).bodyValue("OK");
    }
}
