package dev.edgeway.gateway.system;

import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.Secret;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /system/secrets}: list (names only, never values), create (409 when it exists),
 * update and delete (404 when absent). Mutations answer 202: faas-cli treats 204 as an error.
 */
@Component
public class SecretsHandler {

    private final FunctionProvider provider;
    private final RequestBodies bodies;

    public SecretsHandler(FunctionProvider provider, RequestBodies bodies) {
        this.bodies = bodies;
        this.provider = provider;
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        String namespace = RequestNamespace.of(request, provider.defaultNamespace());
        return provider.secrets(namespace).flatMap(secrets -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(secrets));
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        return mutate(request, provider::createSecret);
    }

    public Mono<ServerResponse> update(ServerRequest request) {
        return mutate(request, provider::updateSecret);
    }

    public Mono<ServerResponse> delete(ServerRequest request) {
        return mutate(request, s -> provider.deleteSecret(s.name(), s.namespace()));
    }

    private Mono<ServerResponse> mutate(ServerRequest request, Function<Secret, Mono<Void>> operation) {
        return bodies.required(request, Secret.class)
                .map(secret -> validated(request, secret))
                .flatMap(operation)
                .then(ServerResponse.accepted().build());
    }

    private Secret validated(ServerRequest request, Secret secret) {
        String name = secret.name() == null ? "" : secret.name();
        FunctionNames.requireSecret(name);
        String namespace = RequestNamespace.of(request, secret.namespace(), provider.defaultNamespace());
        if (request.method().name().equals("DELETE")) {
            return Secret.named(name, namespace);
        }
        if (secret.bytes().length == 0) {
            throw ProviderException.badRequest("secret " + name + ": value or rawValue is required");
        }
        return new Secret(name, namespace, secret.value(), secret.rawValue());
    }
}
