package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.provider.ProviderException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The namespaces functions may live in: the function namespace first (the default), then the
 * further configured ones. The gateway's Role covers only these, so it never lists the cluster's
 * namespaces; a request naming another one is a 400 before anything reaches the API server.
 */
final class FunctionNamespaces {

    private final List<String> namespaces;

    FunctionNamespaces(List<String> namespaces) {
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("namespaces: [] (expected: at least the function namespace)");
        }
        this.namespaces = List.copyOf(namespaces);
    }

    List<String> all() {
        return namespaces;
    }

    String defaultNamespace() {
        return namespaces.getFirst();
    }

    /** The namespace a request means: the default when it names none, else one of the configured. */
    String resolve(@Nullable String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return defaultNamespace();
        }
        if (!namespaces.contains(namespace)) {
            throw ProviderException.badRequest("namespace must be one of: " + String.join(", ", namespaces));
        }
        return namespace;
    }
}
