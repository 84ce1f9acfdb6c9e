package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Function secrets as faas-netes keeps them: a Kubernetes Secret per name, labelled
 * {@code app.kubernetes.io/managed-by=openfaas}, holding one key named after the secret, which
 * becomes the file {@code /var/openfaas/secrets/<name>}. Only secrets with that label are listed,
 * changed or removed, so the gateway never touches the namespace's other Secrets.
 */
final class KubernetesSecrets {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String OPENFAAS = "openfaas";

    private final KubernetesClient client;
    private final FunctionNamespaces namespaces;

    KubernetesSecrets(KubernetesClient client, FunctionNamespaces namespaces) {
        this.client = client;
        this.namespaces = namespaces;
    }

    Mono<List<Secret>> list(String namespace) {
        return KubernetesErrors.call(() -> {
            String ns = namespaces.resolve(namespace);
            return client.secrets().inNamespace(ns).withLabel(MANAGED_BY, OPENFAAS).list().getItems().stream()
                    .map(s -> Secret.named(s.getMetadata().getName(), ns))
                    .sorted(Comparator.comparing(Secret::name))
                    .toList();
        });
    }

    Mono<Void> create(Secret secret) {
        return KubernetesErrors.run(() -> {
            String name = name(secret);
            String ns = namespaces.resolve(secret.namespace());
            client.secrets()
                    .inNamespace(ns)
                    .resource(manifest(name, ns, secret.bytes()))
                    .create();
        });
    }

    Mono<Void> update(Secret secret) {
        return KubernetesErrors.run(() -> {
            String name = name(secret);
            String ns = namespaces.resolve(secret.namespace());
            requireManaged(name, ns);
            client.secrets().inNamespace(ns).withName(name).edit(s -> manifest(name, ns, secret.bytes()));
        });
    }

    Mono<Void> delete(String name, String namespace) {
        return KubernetesErrors.run(() -> {
            String checked = FunctionNames.requireSecret(name);
            String ns = namespaces.resolve(namespace);
            requireManaged(checked, ns);
            client.secrets().inNamespace(ns).withName(checked).delete();
        });
    }

    /** Whether a function may mount the secret: it exists in the function's namespace (blocking). */
    boolean exists(String name, String namespace) {
        return client.secrets().inNamespace(namespace).withName(name).get() != null;
    }

    private void requireManaged(String name, String namespace) {
        var existing = client.secrets().inNamespace(namespace).withName(name).get();
        if (existing == null
                || existing.getMetadata().getLabels() == null
                || !OPENFAAS.equals(existing.getMetadata().getLabels().get(MANAGED_BY))) {
            throw ProviderException.notFound("secret " + name + " not found");
        }
    }

    private static String name(Secret secret) {
        return FunctionNames.requireSecret(secret.name() == null ? "" : secret.name());
    }

    private static io.fabric8.kubernetes.api.model.Secret manifest(String name, String namespace, byte[] value) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of(MANAGED_BY, OPENFAAS))
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of(name, Base64.getEncoder().encodeToString(value)))
                .build();
    }
}
