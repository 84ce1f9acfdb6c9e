package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.ProviderException;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The namespaces functions may live in, as configured; the first is the default. A namespace
 * removed from the configuration while functions were deployed in it is retired rather than
 * forgotten: its functions are restored, listed, called, scaled and deleted as before, so none
 * is stranded on disk, but nothing new is deployed there.
 *
 * @param names the configured namespaces, valid DNS labels, at least one
 * @param retired namespaces no longer configured that still hold deployed functions
 */
record LocalNamespaces(List<String> names, List<String> retired) {

    LocalNamespaces {
        names = names.stream().map(FunctionNames::requireNamespace).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("edgeway.gateway.local.namespaces: [] (expected: at least one)");
        }
        List<String> configured = names;
        retired = retired.stream()
                .filter(ns -> !configured.contains(ns))
                .distinct()
                .toList();
    }

    LocalNamespaces(List<String> names) {
        this(names, List.of());
    }

    /** The configured namespaces, then the retired ones. */
    List<String> all() {
        return Stream.concat(names.stream(), retired.stream()).toList();
    }

    /** A deployment's namespace: as {@link #resolve}, but never a retired one. */
    String resolveForDeploy(@Nullable String namespace) {
        String resolved = resolve(namespace);
        if (retired.contains(resolved)) {
            throw ProviderException.badRequest("namespace " + resolved
                    + " is no longer configured: its functions can be listed and deleted only (expected: one of "
                    + String.join(", ", names) + ")");
        }
        return resolved;
    }

    String defaultNamespace() {
        return names.get(0);
    }

    /** A request's namespace: the default when it names none, 400 when it is neither configured nor retired. */
    String resolve(@Nullable String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return defaultNamespace();
        }
        if (!names.contains(namespace) && !retired.contains(namespace)) {
            throw ProviderException.badRequest("namespace must be one of: " + String.join(", ", names));
        }
        return namespace;
    }
}
