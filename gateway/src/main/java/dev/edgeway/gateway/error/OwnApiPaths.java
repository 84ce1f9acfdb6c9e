package dev.edgeway.gateway.error;

import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The paths of Edgeway's own APIs, which answer errors as RFC 9457 problem JSON
 * (https://datatracker.ietf.org/doc/html/rfc9457) instead of OpenFaaS's plain text.
 */
public final class OwnApiPaths {

    private static final List<String> PREFIXES = List.of("/system/storage", "/system/pipelines", "/pipeline/");

    private OwnApiPaths() {}

    public static boolean matches(ServerHttpRequest request) {
        String path = request.getPath().value();
        return PREFIXES.stream().anyMatch(path::startsWith);
    }
}
