package dev.edgeway.gateway.system;

import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.provider.FunctionProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /healthz} on the public port: 200 {@code OK} when the gateway and its provider can
 * serve. With a faas-provider this asks the provider's own {@code /healthz}, as OpenFaaS does;
 * its refusal comes back with the provider's status and message.
 */
@Component
public class HealthHandler {

    private final FunctionProvider provider;

    public HealthHandler(FunctionProvider provider) {
        this.provider = provider;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        return provider.health()
                .then(ServerResponse.ok()
                        .header(HttpHeaders.CONTENT_TYPE, OpenFaasErrors.TEXT_PLAIN_UTF8)
                        .bodyValue("OK"));
    }
}
