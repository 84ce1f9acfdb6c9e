package dev.edgeway.gateway.system;

import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.provider.FunctionProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /system/namespaces} lists the namespaces; {@code /system/namespace/{ns}} (namespace
 * management) answers 501 as OpenFaaS CE providers do: namespaces come from configuration.
 */
@Component
public class NamespacesHandler {

    private final FunctionProvider provider;

    public NamespacesHandler(FunctionProvider provider) {
        this.provider = provider;
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        return provider.namespaces().flatMap(names -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(names));
    }

    public Mono<ServerResponse> manage(ServerRequest request) {
        return OpenFaasErrors.response(
                HttpStatus.NOT_IMPLEMENTED,
                "Feature not implemented in this version of Edgeway: namespaces are configured with edgeway.gateway.local.namespaces");
    }
}
