package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.ProviderException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The namespaces functions may live in, as configured; the first is the default.
 *
 * @param names the configured namespaces, valid DNS labels, at least one
 */
record LocalNamespaces(List<String> names) {

    LocalNamespaces {
        names = names.stream().map(FunctionNames::requireNamespace).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("edgeway.gateway.local.namespaces: [] (expected: at least one)");
        }
    }

    String defaultNamespace() {
        return names.get(0);
    }

    /** A request's namespace: the default when it names none, 400 when it is not configured. */
    String resolve(@Nullable String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return defaultNamespace();
        }
        if (!names.contains(namespace)) {
            throw ProviderException.badRequest("namespace must be one of: " + String.join(", ", names));
        }
        return namespace;
    }
}
