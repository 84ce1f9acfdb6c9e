package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Base64;
import java.util.List;
import java.util.Map;

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

    KubernetesSecrets(KubernetesClient client) {
        this.client = client;
    }

    List<Secret> list(String namespace) {
        return client.secrets().inNamespace(namespace).withLabel(MANAGED_BY, OPENFAAS).list().getItems().stream()
                .map(s -> Secret.named(s.getMetadata().getName(), namespace))
                .sorted(java.util.Comparator.comparing(Secret::name))
                .toList();
    }

    void create(String name, String namespace, byte[] value) {
        client.secrets()
                .inNamespace(namespace)
                .resource(secret(name, namespace, value))
                .create();
    }

    void update(String name, String namespace, byte[] value) {
        requireManaged(name, namespace);
        client.secrets().inNamespace(namespace).withName(name).edit(s -> secret(name, namespace, value));
    }

    void delete(String name, String namespace) {
        requireManaged(name, namespace);
        client.secrets().inNamespace(namespace).withName(name).delete();
    }

    /** Whether a function may mount the secret: it exists in the function's namespace. */
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

    private static io.fabric8.kubernetes.api.model.Secret secret(String name, String namespace, byte[] value) {
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
