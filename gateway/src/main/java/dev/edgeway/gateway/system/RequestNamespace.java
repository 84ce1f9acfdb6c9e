package dev.edgeway.gateway.system;

import dev.edgeway.gateway.provider.FunctionNames;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The namespace a {@code /system} request is about: from the body (newer clients), else the
 * {@code namespace} query parameter (older clients), else the default; always a valid label.
 */
final class RequestNamespace {

    private RequestNamespace() {}

    static String of(ServerRequest request, @Nullable String fromBody, String defaultNamespace) {
        String namespace = fromBody;
        if (namespace == null || namespace.isEmpty()) {
            namespace = request.queryParam("namespace").orElse("");
        }
        return FunctionNames.requireNamespace(namespace.isEmpty() ? defaultNamespace : namespace);
    }

    static String of(ServerRequest request, String defaultNamespace) {
        return of(request, null, defaultNamespace);
    }
}
