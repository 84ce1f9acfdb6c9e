package dev.edgeway.gateway.error;

import dev.edgeway.gateway.path.CanonicalPath;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The paths of Edgeway's own APIs, which answer errors as RFC 9457 problem JSON
 * (https://datatracker.ietf.org/doc/html/rfc9457) instead of OpenFaaS's plain text. Decided on
 * the decoded path the router matches, segment by segment, so {@code /%73ystem/storage/t} is the
 * storage API and {@code /system/storagex} is not.
 */
public final class OwnApiPaths {

    private OwnApiPaths() {}

    public static boolean matches(ServerHttpRequest request) {
        return matches(CanonicalPath.of(request.getPath()));
    }

    public static boolean matches(CanonicalPath path) {
        return path.isWithin("/system/storage")
                || path.isWithin("/system/pipelines")
                || path.value().startsWith("/pipeline/");
    }
}
