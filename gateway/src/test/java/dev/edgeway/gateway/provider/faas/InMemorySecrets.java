package dev.edgeway.gateway.provider.faas;

import dev.edgeway.gateway.provider.Secret;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The test faas-provider's secrets, answered with faas-netes' status codes and messages. */
final class InMemorySecrets {

    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

    /** The bytes a secret holds, or null when it does not exist. */
    byte @Nullable [] value(String name, String namespace) {
        Secret secret = secrets.get(namespace + "/" + name);
        return secret == null ? null : secret.bytes();
    }

    void clear() {
        secrets.clear();
    }

    void list(ProviderCall call) throws IOException {
        String ns = call.namespace(null);
        call.replyJson(
                200,
                secrets.values().stream()
                        .filter(s -> ns.equals(s.namespace()))
                        .map(s -> Secret.named(s.name(), s.namespace()))
                        .toList());
    }

    void create(ProviderCall call) throws IOException {
        Secret secret = named(call);
        if (secret == null) {
            return;
        }
        if (secrets.putIfAbsent(secret.namespace() + "/" + secret.name(), secret) != null) {
            call.reply(409, "secrets \"" + secret.name() + "\" already exists");
            return;
        }
        call.reply(202, "");
    }

    void update(ProviderCall call) throws IOException {
        Secret secret = named(call);
        if (secret == null) {
            return;
        }
        if (secrets.replace(secret.namespace() + "/" + secret.name(), secret) == null) {
            call.reply(404, "secrets \"" + secret.name() + "\" not found");
            return;
        }
        call.reply(202, "");
    }

    void delete(ProviderCall call) throws IOException {
        Secret secret = named(call);
        if (secret == null) {
            return;
        }
        if (secrets.remove(secret.namespace() + "/" + secret.name()) == null) {
            call.reply(404, "secrets \"" + secret.name() + "\" not found");
            return;
        }
        call.reply(202, "");
    }

    // Mutations carry the namespace in the body; an empty name is refused as faasd does.
    private @Nullable Secret named(ProviderCall call) throws IOException {
        Secret secret = call.json(Secret.class);
        if (secret.name() == null || secret.name().isEmpty()) {
            call.reply(400, "non-empty name is required");
            return null;
        }
        return new Secret(secret.name(), call.namespace(secret.namespace()), secret.value(), secret.rawValue());
    }
}
